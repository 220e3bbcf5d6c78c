// Every control of the panel at each of its ends while the window trains, the way a class drags
// sliders: each slider and spin box at its minimum and its maximum, each choice of each list, then
// every control at its minimum together and at its maximum together. After each change the window
// must train on (or pause with a reason after a divergence) and show no NaN or infinity anywhere:
// not in a curve, not in the routing numbers, not in any label. k > E must be impossible.

#include "ui/controls/controlpanel.h"
#include "ui/window/mainwindow.h"

#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSlider>
#include <QSpinBox>
#include <QStatusBar>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <functional>

using namespace moe;
using namespace moe::ui;

namespace {

// One control, driven through its own widget API (as a click or a drag would), with a name for
// the failure message.
struct Control
{
    QString name;
    double minimum, maximum, original;
    std::function<void(double)> set;
};

std::vector<Control> numericControls(ControlPanel *panel)
{
    std::vector<Control> controls;
    for (QSlider *s : panel->findChildren<QSlider *>())
        controls.push_back({QStringLiteral("slider ") + s->toolTip().left(40), double(s->minimum()),
                            double(s->maximum()), double(s->value()),
                            [s](double v) { s->setValue(int(v)); }});
    for (QSpinBox *s : panel->findChildren<QSpinBox *>())
        controls.push_back({QStringLiteral("spin box ") + s->toolTip().left(40),
                            double(s->minimum()), double(s->maximum()), double(s->value()),
                            [s](double v) { s->setValue(int(v)); }});
    for (QDoubleSpinBox *s : panel->findChildren<QDoubleSpinBox *>())
        controls.push_back({QStringLiteral("spin box ") + s->toolTip().left(40), s->minimum(),
                            s->maximum(), s->value(), [s](double v) { s->setValue(v); }});
    for (QCheckBox *c : panel->findChildren<QCheckBox *>())
        controls.push_back({QStringLiteral("check box ") + c->text(), 0.0, 1.0,
                            c->isChecked() ? 1.0 : 0.0, [c](double v) { c->setChecked(v > 0.5); }});
    return controls;
}

bool finite(const QVector<QPointF> &curve)
{
    return std::all_of(curve.cbegin(), curve.cend(), [](const QPointF &p) {
        return std::isfinite(p.x()) && std::isfinite(p.y());
    });
}

// What the window shows is finite, k <= E, and the run trains or says why it paused.
void checkShown(const MainWindow &window, const QString &what)
{
    const ArenaSnapshot &s = window.latest();
    for (const ModelSnapshot *m : {&s.dense, &s.moe})
        for (const QVector<QPointF> *curve : {&m->batchLoss, &m->auxLoss, &m->trainLoss,
                                              &m->testLoss, &m->trainAccuracy, &m->testAccuracy})
            QVERIFY2(finite(*curve), qPrintable(what + QStringLiteral(": a curve of ") + m->title));
    for (const QVector<QPointF> &share : s.expertShare)
        QVERIFY2(finite(share), qPrintable(what + QStringLiteral(": expert share")));
    for (double v : {s.routing.loadCv, s.routing.droppedFraction, s.routing.routerEntropy,
                     s.routing.balanceLoss, s.routing.zLoss})
        QVERIFY2(std::isfinite(v), qPrintable(what + QStringLiteral(": routing statistics")));
    const MoeConfig &shown = window.controls()->config().model.moe;
    QVERIFY2(
        shown.topK >= 1 && shown.topK <= shown.experts,
        qPrintable(what + QStringLiteral(": k = %1, E = %2").arg(shown.topK).arg(shown.experts)));
    QVERIFY2(s.moe.config.moe.topK <= s.moe.config.moe.experts, qPrintable(what));
    static const QRegularExpression notANumber(QStringLiteral("\\b(nan|inf|infinity)\\b"),
                                               QRegularExpression::CaseInsensitiveOption);
    for (const QLabel *label : window.findChildren<QLabel *>())
        QVERIFY2(!label->text().contains(notANumber),
                 qPrintable(what + QStringLiteral(": a label reads ") + label->text()));
    QVERIFY2(!window.statusBar()->currentMessage().contains(notANumber),
             qPrintable(what + QStringLiteral(": the status bar reads ")
                        + window.statusBar()->currentMessage()));
    if (!s.playing)
        QVERIFY2(!s.message.isEmpty(),
                 qPrintable(what + QStringLiteral(": paused, no reason given")));
}

// As fast as the machine goes and without a step budget: these tests need many steps quickly
// (the app opens at a watchable speed with a budget of a few thousand steps).
void trainFlatOut(MainWindow &window)
{
    ArenaConfig config = window.controls()->config();
    config.stepsPerSecond = 0;
    config.stepBudget = 0;
    window.controls()->apply(config);
}

// The run shown is built from what the controls say (a structural change has reached the
// worker, or was refused and the controls went back).
bool showsTheControls(const MainWindow &window)
{
    const ArenaConfig config = window.controls()->config();
    const ModelConfig moe = config.moeModel(), dense = config.denseModel();
    const ModelConfig &shownMoe = window.latest().moe.config,
                      &shownDense = window.latest().dense.config;
    return shownMoe.moe.experts == moe.moe.experts && shownMoe.moe.topK == moe.moe.topK
        && shownMoe.moe.expertHidden == moe.moe.expertHidden
        && shownMoe.moe.sharedExperts == moe.moe.sharedExperts
        && shownMoe.activation == moe.activation && shownDense.hidden == dense.hidden;
}

// Lets the change reach the worker and the run train `steps` more steps under it (or pause).
void settle(MainWindow &window, qint64 steps, const QString &what)
{
    QTest::qWait(30);
    const qint64 step = window.latest().step;
    const int run = window.latest().run;
    const auto trained = [&] {
        const ArenaSnapshot &s = window.latest();
        return showsTheControls(window)
            && ((s.run != run && s.step >= steps) || s.step >= step + steps
                || (!s.playing && !s.message.isEmpty()));
    };
    QTRY_VERIFY2_WITH_TIMEOUT(trained(), qPrintable(what + QStringLiteral(": no progress")),
                              120000);
    checkShown(window, what);
}

// Plays again after a divergence paused the run (the next change clears it). The newest snapshot
// may predate a pause (a divergence found just after the last change took effect), so play is
// asked for whenever the snapshots have said "paused" for a moment, until the run plays.
void keepPlaying(MainWindow &window)
{
    QTest::qWait(30);
    QElapsedTimer paused;
    const bool playing = QTest::qWaitFor(
        [&] {
            if (window.latest().playing)
                return true;
            if (!paused.isValid() || paused.elapsed() > 300) {
                if (paused.isValid()) // a settled pause, not a stale snapshot
                    emit window.controls()->playToggled();
                paused.start();
            }
            return false;
        },
        10000);
    QVERIFY2(playing, qPrintable(QStringLiteral("not playing: ") + window.latest().message));
}

} // namespace

class TestExtremes : public QObject
{
    Q_OBJECT

private slots:
    void everyControlAtEachEnd();
    void everyChoiceOfEveryList();
    void everyControlAtOnce_data();
    void everyControlAtOnce();
};

void TestExtremes::everyControlAtEachEnd()
{
    MainWindow window(true);
    trainFlatOut(window);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(window.latest().step > 50, 20000);
    const std::vector<Control> controls = numericControls(window.controls());
    QVERIFY(controls.size() >= 15);
    for (const Control &c : controls) {
        for (double end : {c.minimum, c.maximum}) {
            c.set(end);
            settle(window, 20, c.name + QStringLiteral(" at %1").arg(end));
            if (QTest::currentTestFailed())
                return;
        }
        c.set(c.original);
        keepPlaying(window);
    }
}

void TestExtremes::everyChoiceOfEveryList()
{
    MainWindow window(true);
    trainFlatOut(window);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(window.latest().step > 50, 20000);
    for (QComboBox *list : window.controls()->findChildren<QComboBox *>()) {
        const int original = list->currentIndex();
        for (int i = 0; i < list->count(); ++i) {
            const QVariant data = list->itemData(i);
            if (data.typeId() == QMetaType::QString && data.toString().isEmpty())
                continue; // "Open CSV...": a file dialog (tst_controlpanel covers a refused file)
            list->setCurrentIndex(i);
            settle(
                window, 10,
                QStringLiteral("list %1, '%2'").arg(list->toolTip().left(40), list->itemText(i)));
            if (QTest::currentTestFailed())
                return;
            keepPlaying(window);
        }
        list->setCurrentIndex(original);
    }
}

void TestExtremes::everyControlAtOnce_data()
{
    QTest::addColumn<bool>("maximum");
    QTest::newRow("every control at its minimum") << false;
    QTest::newRow("every control at its maximum") << true;
}

void TestExtremes::everyControlAtOnce()
{
    QFETCH(bool, maximum);
    MainWindow window(true);
    trainFlatOut(window);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(window.latest().step > 50, 20000);
    // Twice: a control whose range depends on another (k on E) reaches its end the second time.
    for (int pass = 0; pass < 2; ++pass)
        for (const Control &c : numericControls(window.controls()))
            c.set(maximum ? c.maximum : c.minimum);
    keepPlaying(window);
    settle(window, 20,
           maximum ? QStringLiteral("all at maximum") : QStringLiteral("all at minimum"));
    const QList<QMessageBox *> boxes = window.findChildren<QMessageBox *>();
    if (!maximum) {
        QVERIFY(boxes.isEmpty()); // the smallest of everything trains
        QCOMPARE(window.latest().moe.title, QStringLiteral("MoE 1 x 1, top-1"));
        return;
    }
    // 64 experts of 512, 100,000 samples, a batch of 4,096: too large to train live. The app
    // says so and why, and the run that was going on trains on.
    QVERIFY(!boxes.isEmpty());
    QVERIFY2(boxes.last()->text().contains(QStringLiteral("Too large to train live")),
             qPrintable(boxes.last()->text()));
    QVERIFY(window.latest().playing);
}

QTEST_MAIN(TestExtremes)
#include "tst_extremes.moc"
