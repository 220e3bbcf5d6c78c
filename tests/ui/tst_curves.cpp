// The loss and accuracy charts: TensorBoard's debiased smoothing on known numbers, a log step axis
// that never gets a step <= 0, spikes that no longer set the loss axis (clipped and marked), the
// overfitting note computed from the curves, and CSV exports that hold what is shown.

#include "ui/charts/axisticks.h"
#include "ui/charts/curvemath.h"
#include "ui/charts/curvespanel.h"

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTest>
#include <QValueAxis>
#include <cmath>
#include <functional>

using namespace moe;
using namespace moe::ui;

namespace {
QVector<QPointF> curve(std::initializer_list<double> steps, std::initializer_list<double> values)
{
    QVector<QPointF> points;
    auto v = values.begin();
    for (double s : steps)
        points.append(QPointF(s, *v++));
    return points;
}

// The same evaluation steps as the app: 0, 1, 2, 5, 10, 20, then every 50 to `last`.
QVector<double> evaluationSteps(int last)
{
    QVector<double> steps {0, 1, 2, 5, 10, 20};
    for (int s = 50; s <= last; s += 50)
        steps.append(s);
    return steps;
}

QVector<QPointF> along(const QVector<double> &steps, const std::function<double(double)> &f)
{
    QVector<QPointF> points;
    for (double s : steps)
        points.append(QPointF(s, f(s)));
    return points;
}

QLineSeries *seriesNamed(QChart *chart, const QString &name)
{
    for (QAbstractSeries *s : chart->series())
        if (s->name() == name)
            return qobject_cast<QLineSeries *>(s);
    return nullptr;
}

QScatterSeries *spikeMarks(QChart *chart)
{
    for (QAbstractSeries *s : chart->series())
        if (auto *scatter = qobject_cast<QScatterSeries *>(s))
            return scatter;
    return nullptr;
}

// A run that learns, then overfits: the MoE's test loss falls to 0.3 at step 400 and climbs to
// ~0.6, while both train losses fall all along; the dense model generalises.
ArenaSnapshot overfittingRun()
{
    const QVector<double> steps = evaluationSteps(1500);
    ArenaSnapshot s;
    s.step = 1500;
    s.moe.trainLoss = along(steps, [](double x) { return 1.1 * std::exp(-x / 200.0) + 0.01; });
    s.moe.testLoss = along(steps, [](double x) {
        return x <= 400 ? 1.1 - 0.8 * x / 400.0 : 0.3 + 0.3 * (x - 400.0) / 1100.0;
    });
    s.dense.trainLoss = along(steps, [](double x) { return 1.1 * std::exp(-x / 300.0) + 0.05; });
    s.dense.testLoss = along(steps, [](double x) { return 1.1 * std::exp(-x / 300.0) + 0.1; });
    s.moe.testAccuracy = along(steps, [](double x) { return std::min(0.95, 0.33 + x / 500.0); });
    return s;
}
} // namespace

class TestCurves : public QObject
{
    Q_OBJECT

private slots:
    void smoothingIsTensorBoardsDebiasedAverage();
    void smoothingDrawsBoldOverFaint();
    void logAxisNeverGetsAStepAtOrBelowZero();
    void spikesAreClippedAndMarked();
    void overfittingIsNotedFromTheCurves();
    void aLossAxisJumpingOrdersOfMagnitudeKeepsFewTicks();
    void csvHoldsRawAndSmoothedValues();
};

void TestCurves::smoothingIsTensorBoardsDebiasedAverage()
{
    // w = 0.5 over 1, 2, 3: s = 0.5, 1.25, 2.125 before debiasing; divided by 1 - 0.5^n
    // (0.5, 0.75, 0.875): 1, 5/3, 17/7. Without debiasing the first point would be 0.5.
    const QVector<QPointF> out = smoothedCurve(curve({1, 2, 3}, {1, 2, 3}), 0.5);
    QCOMPARE(out.size(), 3);
    QCOMPARE(out[0], QPointF(1, 1.0));
    QVERIFY(std::abs(out[1].y() - 5.0 / 3.0) < 1e-12);
    QVERIFY(std::abs(out[2].y() - 17.0 / 7.0) < 1e-12);
    // w = 0.9 over a constant: the debiased average is the constant from the first point on.
    for (const QPointF &p : smoothedCurve(curve({1, 2, 3, 4}, {0.7, 0.7, 0.7, 0.7}), 0.9))
        QVERIFY(std::abs(p.y() - 0.7) < 1e-12);
    // w = 0 is the raw curve; a non-finite value passes through outside the average.
    const QVector<QPointF> raw = curve({0, 5, 9}, {3, 1, 2});
    QCOMPARE(smoothedCurve(raw, 0.0), raw);
    const QVector<QPointF> gap = smoothedCurve(curve({1, 2, 3}, {1, NAN, 3}), 0.5);
    QVERIFY(std::isnan(gap[1].y()));
    QVERIFY(std::abs(gap[2].y() - (0.25 + 1.5) / 0.75) < 1e-12); // the second finite value
}

void TestCurves::smoothingDrawsBoldOverFaint()
{
    CurvesPanel panel;
    const ArenaSnapshot s = overfittingRun();
    panel.showSnapshot(s);
    QLineSeries *line = seriesNamed(panel.lossChart(), QStringLiteral("MoE test"));
    QLineSeries *faint = seriesNamed(panel.lossChart(), QStringLiteral("MoE test (raw)"));
    QVERIFY(line && faint);
    QCOMPARE(line->points(), s.moe.testLoss); // smoothing 0: the raw curve, nothing behind it
    QVERIFY(!faint->isVisible());
    QSignalSpy changed(&panel, &CurvesPanel::viewChanged);
    panel.setSmoothing(0.8);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(line->points(), smoothedCurve(s.moe.testLoss, 0.8));
    QCOMPARE(faint->points(), s.moe.testLoss);
    QVERIFY(faint->isVisible());
    QVERIFY(faint->pen().color().alpha() < 128);                 // faint
    QVERIFY(line->pen().widthF() > faint->pen().widthF() + 0.5); // bold
    panel.setSmoothing(5.0);                                     // at most kMostSmoothing
    QCOMPARE(panel.smoothing(), CurvesPanel::kMostSmoothing);
}

void TestCurves::logAxisNeverGetsAStepAtOrBelowZero()
{
    CurvesPanel panel;
    ArenaSnapshot s = overfittingRun();
    s.moe.auxLoss = curve({1, 2, 3}, {0.02, 0.02, 0.01});
    panel.setSmoothing(0.6);
    panel.showSnapshot(s);
    panel.setLogSteps(true);
    panel.showSnapshot(s); // again with the axis in place
    for (QChart *chart : {panel.lossChart(), panel.accuracyChart()}) {
        const QList<QAbstractAxis *> x = chart->axes(Qt::Horizontal);
        QCOMPARE(x.size(), 1);
        const auto *log = qobject_cast<QLogValueAxis *>(x.front());
        QVERIFY(log);
        QVERIFY(log->min() >= 1.0);
        QCOMPARE(log->max(), 1500.0);
        for (QAbstractSeries *series : chart->series()) {
            QCOMPARE(series->attachedAxes().size(), 2);
            for (const QPointF &p : qobject_cast<QXYSeries *>(series)->points())
                QVERIFY2(p.x() > 0.0, qPrintable(series->name()));
        }
    }
    // Every point after step 0 is still there; the first shown is step 1.
    QLineSeries *test = seriesNamed(panel.lossChart(), QStringLiteral("dense test (raw)"));
    QCOMPARE(test->count(), s.dense.testLoss.size() - 1);
    QCOMPARE(test->at(0).x(), 1.0);
    // And back: a linear axis from 0, with the evaluation at step 0.
    panel.setLogSteps(false);
    QVERIFY(qobject_cast<QValueAxis *>(panel.lossChart()->axes(Qt::Horizontal).front()));
    QCOMPARE(test->count(), s.dense.testLoss.size());
}

void TestCurves::spikesAreClippedAndMarked()
{
    // Loss near 0.3 with two blow-ups to 6 and 4 (an unstable optimiser on a small dataset):
    // the axis stays on the curves, the spikes leave it at the top edge and are marked there.
    const QVector<double> steps = evaluationSteps(1000);
    ArenaSnapshot s;
    s.step = 1000;
    s.moe.testLoss = along(steps, [](double x) {
        return x == 450 ? 6.0 : x == 800 ? 4.0 : 0.3 + 0.7 * std::exp(-x / 100.0);
    });
    s.moe.trainLoss = along(steps, [](double x) { return 0.2 + 0.8 * std::exp(-x / 100.0); });
    s.dense.testLoss = s.dense.trainLoss = s.moe.trainLoss;
    const QVector<bool> spiky = spikes(s.moe.testLoss);
    QCOMPARE(spiky.count(true), 2);
    QVERIFY(!spikes(s.moe.trainLoss).contains(true)); // a falling start is no spike
    CurvesPanel panel;
    panel.showSnapshot(s);
    auto *y = qobject_cast<QValueAxis *>(panel.lossChart()->axes(Qt::Vertical).front());
    QVERIFY2(y->max() >= 1.0 && y->max() <= 1.5, qPrintable(QString::number(y->max())));
    QScatterSeries *marks = spikeMarks(panel.lossChart());
    QVERIFY(marks);
    QCOMPARE(marks->count(), 2);
    QCOMPARE(marks->at(0), QPointF(450, y->max()));
    QCOMPARE(marks->at(1), QPointF(800, y->max()));
    QVERIFY2(panel.note().contains(QStringLiteral("2 spikes above the axis, up to 6")),
             qPrintable(panel.note()));
    QVERIFY(panel.lossChart()->title().contains(QStringLiteral("2 spikes above the axis")));
    // The line keeps its true values: only the drawing is clipped.
    QCOMPARE(seriesNamed(panel.lossChart(), QStringLiteral("MoE test"))->points(), s.moe.testLoss);
}

// Qt Charts lays out one label per tick interval at once: a dynamic-tick loss axis fitted at 0.5
// whose range then jumped to 1e30 (SGD at a learning rate of 50) created 2e30 labels, and the
// window hung. Every range change now fits the interval first (setAxisRange).
void TestCurves::aLossAxisJumpingOrdersOfMagnitudeKeepsFewTicks()
{
    auto *chart = new QChart; // the view owns it
    auto *y = new QValueAxis;
    chart->addAxis(y, Qt::AlignLeft);
    QChartView view(chart);
    view.resize(640, 400);
    view.show();
    setAxisRange(y, 0.0, 2.0);
    fitTicks(y, 300.0);
    QCOMPARE(y->tickType(), QValueAxis::TicksDynamic);
    QVERIFY(y->tickInterval() <= 1.0);
    for (double top : {1e30, 3.0, 1e300, 0.01}) {
        setAxisRange(y, 0.0, top);
        QCOMPARE(y->max(), top);
        const double intervals = top / y->tickInterval();
        QVERIFY2(intervals >= 1.0 && intervals <= 40.0,
                 qPrintable(QStringLiteral("%1 intervals up to %2").arg(intervals).arg(top)));
        QCoreApplication::processEvents();
    }
    // A range that is not two finite numbers in order leaves the axis as it was.
    for (const auto &[lo, hi] : {std::pair {0.0, double(NAN)}, std::pair {0.0, double(INFINITY)},
                                 std::pair {1.0, 1.0}, std::pair {2.0, 1.0}}) {
        setAxisRange(y, lo, hi);
        QCOMPARE(y->max(), 0.01);
    }

    // The panel on screen, with a run whose losses go from 2 to 1e30 between two snapshots.
    CurvesPanel panel;
    panel.resize(800, 500);
    panel.show();
    ArenaSnapshot s;
    s.step = 50;
    s.moe.trainLoss = s.moe.testLoss = s.dense.trainLoss = s.dense.testLoss
        = curve({0, 10, 20, 50}, {2.0, 1.5, 1.2, 1.0});
    panel.showSnapshot(s);
    QCoreApplication::processEvents();
    s.step = 100;
    for (QVector<QPointF> *c :
         {&s.moe.trainLoss, &s.moe.testLoss, &s.dense.trainLoss, &s.dense.testLoss})
        *c = curve({0, 10, 20, 50, 60, 70, 80, 90, 100},
                   {2.0, 1.5, 1.2, 1.0, 1e28, 1e29, 1e30, 1e30, 1e30});
    panel.showSnapshot(s);
    QCoreApplication::processEvents();
    auto *lossY = qobject_cast<QValueAxis *>(panel.lossChart()->axes(Qt::Vertical).front());
    QVERIFY(lossY->max() >= 1e30);
    QVERIFY(lossY->tickType() != QValueAxis::TicksDynamic
            || lossY->max() / lossY->tickInterval() <= 40.0);
}

void TestCurves::overfittingIsNotedFromTheCurves()
{
    const ArenaSnapshot s = overfittingRun();
    const auto moe = overfitting(s.moe.trainLoss, s.moe.testLoss);
    QVERIFY(moe);
    QCOMPARE(moe->bestStep, 400.0);
    QVERIFY(moe->testNow > 0.55 && moe->bestTest < 0.35);
    QVERIFY(moe->trainNow < moe->trainAtBest);
    QVERIFY(!overfitting(s.dense.trainLoss, s.dense.testLoss)); // falling together
    // A rise too small to see on the axis does not count (0.25 here: enough for 0.2, not 0.3).
    QVERIFY(overfitting(s.moe.trainLoss, s.moe.testLoss, 0.2));
    QVERIFY(!overfitting(s.moe.trainLoss, s.moe.testLoss, 0.3));
    // A noisy plateau (+-10% from one evaluation to the next) is no rise; a single spike at the
    // end is not one either.
    QVector<QPointF> plateau = along(evaluationSteps(1000), [](double) { return 0.3; });
    for (qsizetype i = 0; i < plateau.size(); ++i)
        plateau[i].setY(0.3 + 0.03 * std::sin(2.3 * double(i)));
    QVERIFY(!overfitting(s.moe.trainLoss.mid(0, plateau.size()), plateau));
    QVector<QPointF> spike = plateau;
    spike.back().setY(3.0);
    QVERIFY(!overfitting(s.moe.trainLoss.mid(0, spike.size()), spike));
    CurvesPanel panel;
    panel.showSnapshot(s);
    // Said in the loss chart's title, with the numbers in its tooltip (and in note()).
    const QString said
        = QStringLiteral("test loss rising while train loss falls: overfitting (MoE)");
    QVERIFY2(panel.note().startsWith(said), qPrintable(panel.note()));
    QVERIFY(panel.lossChart()->title().contains(said));
    QVERIFY2(panel.note().contains(QStringLiteral("MoE: test loss 0.327 at step 400, 0.573 now")),
             qPrintable(panel.note()));
    QVERIFY(!panel.note().contains(QStringLiteral("dense:")));
    ArenaSnapshot healthy = s;
    healthy.moe = healthy.dense;
    panel.showSnapshot(healthy);
    QCOMPARE(panel.note(), QString());
    QCOMPARE(panel.lossChart()->title(), QStringLiteral("Loss by training step"));
}

void TestCurves::csvHoldsRawAndSmoothedValues()
{
    CurvesPanel panel;
    const ArenaSnapshot s = overfittingRun();
    panel.showSnapshot(s);
    QStringList rows = panel.csv(panel.lossChart()).trimmed().split(QLatin1Char('\n'));
    QCOMPARE(rows.front(), QStringLiteral("series,training step,loss"));
    QCOMPARE(s.moe.testLoss[13].x(), 400.0);
    QVERIFY(rows.contains(
        QStringLiteral("MoE test,400,")
        + QString::number(s.moe.testLoss[13].y(), 'g', QLocale::FloatingPointShortest)));
    panel.setSmoothing(0.6);
    panel.setLogSteps(true);
    rows = panel.csv(panel.lossChart()).trimmed().split(QLatin1Char('\n'));
    QCOMPARE(rows.front(), QStringLiteral("series,training step,loss,smoothed loss (EMA 0.6)"));
    const QVector<QPointF> shown = positiveSteps(s.moe.testLoss);
    const QVector<QPointF> smooth = smoothedCurve(shown, 0.6);
    QStringList moeTest;
    for (const QString &row : rows)
        if (row.startsWith(QStringLiteral("MoE test,")))
            moeTest << row;
    QCOMPARE(moeTest.size(), shown.size()); // no step 0 on a log axis, as on screen
    const auto shortest
        = [](double v) { return QString::number(v, 'g', QLocale::FloatingPointShortest); };
    for (qsizetype i = 0; i < shown.size(); ++i)
        QCOMPARE(moeTest[i],
                 QStringLiteral("MoE test,%1,%2,%3")
                     .arg(shortest(shown[i].x()), shortest(shown[i].y()), shortest(smooth[i].y())));
    const QStringList accuracy = panel.csv(panel.accuracyChart()).trimmed().split('\n');
    QCOMPARE(accuracy.front(),
             QStringLiteral("series,training step,accuracy,smoothed accuracy (EMA 0.6)"));
}

QTEST_MAIN(TestCurves)
#include "tst_curves.moc"
