// The command line's charts without a window: an experiment trained by the app's worker, its
// views fed the last snapshot, every chart written with its numbers. This test links moe::views
// only (not moe::window): if the headless export needed the main window, it would not link.

#include "ui/export/arenaviews.h"
#include "ui/export/exports.h"
#include "ui/export/headless.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QMainWindow>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <stdexcept>

using namespace moe;
using namespace moe::ui;

namespace {
Experiment smallExperiment()
{
    Experiment e;
    e.dataset.samples = 240;
    e.steps = 120;
    e.model.width = 24;        // not the app's default, nor a setting the app's controls have
    e.training.evalEvery = 40; // neither: the charts evaluate at the experiment's interval
    return e;
}

QStringList lines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    return QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

// The rows of `series` in a chart's CSV ("series,x,y"), as "x,y".
QStringList rowsOf(const QStringList &csv, const QString &series)
{
    QStringList rows;
    for (const QString &line : csv)
        if (line.startsWith(series + QLatin1Char(',')))
            rows << line.mid(series.size() + 1);
    return rows;
}

QStringList rowsOf(const QVector<QPointF> &curve)
{
    QStringList rows;
    for (const QPointF &p : curve)
        rows << csvNumber(p.x()) + QLatin1Char(',') + csvNumber(p.y());
    return rows;
}
} // namespace

class TestHeadless : public QObject
{
    Q_OBJECT

private slots:
    void exportsEveryChartWithoutAWindow();
    void numbersAreTheTrainedRunsOwn();
    void refusedSettingsThrow();
};

void TestHeadless::exportsEveryChartWithoutAWindow()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString report = dir.filePath(QStringLiteral("report.pdf"));
    const QStringList written
        = exportExperiment(smallExperiment(), dir.filePath("charts"), {ExportFormat::Png}, report);
    // 12 charts and maps, each a PNG and a CSV, then experiment.json, summary.csv, the report.
    QCOMPARE(written.size(), 12 * 2 + 3);
    for (const QString &path : written)
        QVERIFY2(QFileInfo(path).size() > 100, qPrintable(path));
    for (QWidget *w : QApplication::topLevelWidgets())
        QVERIFY(!qobject_cast<QMainWindow *>(w));
    // The views were drawn at their on-screen sizes (PNGs at 2x): the routing map as the
    // window's 1280x720 layout has it, a square at least 420 px a side under its title.
    const QImage routing(dir.filePath(QStringLiteral("charts/routing-map.png")));
    QVERIFY(!routing.isNull());
    QCOMPARE(routing.width(), 840);
    QVERIFY(routing.height() > routing.width());
    QSet<QRgb> colours; // a map of several experts, not a blank picture
    for (int y = routing.height() / 8; y < routing.height() / 2; y += 7)
        for (int x = 0; x < routing.width(); x += 7)
            colours.insert(routing.pixel(x, y));
    QVERIFY2(colours.size() > 8, qPrintable(QString::number(colours.size())));
    QVERIFY(QFile(report).open(QIODevice::ReadOnly));
}

void TestHeadless::numbersAreTheTrainedRunsOwn()
{
    const Experiment e = smallExperiment();
    const ArenaSnapshot trained = trainHeadless(e); // same seed: the same run as the export's
    QCOMPARE(trained.step, qint64(120));
    QTemporaryDir dir;
    exportExperiment(e, dir.path(), {ExportFormat::Png}, QString());
    const QStringList loss = lines(dir.filePath(QStringLiteral("loss.csv")));
    QCOMPARE(rowsOf(loss, QStringLiteral("MoE test")), rowsOf(trained.moe.testLoss));
    QCOMPARE(rowsOf(loss, QStringLiteral("dense test")), rowsOf(trained.dense.testLoss));
    // Evaluated as in the app: before the first step, at steps 1, 2, 5, 10 and 20, then at the
    // experiment's interval, every 40 steps: 40, 80, 120.
    const QStringList denseTest = rowsOf(loss, QStringLiteral("dense test"));
    QCOMPARE(denseTest.size(), 9);
    QVERIFY(denseTest.at(1).startsWith(QStringLiteral("1,")));
    QVERIFY(denseTest.at(5).startsWith(QStringLiteral("20,")));
    QVERIFY(denseTest.at(6).startsWith(QStringLiteral("40,")));
    // The experiment's model, width 24 included: 2 blocks of a (24 -> 32 -> 24) FFN per expert.
    QCOMPARE(trained.moe.config.width, 24);
    // The loss fell: the run trained.
    QVERIFY(trained.dense.testLoss.back().y() < 0.8 * trained.dense.testLoss.front().y());
    const QStringList summary = lines(dir.filePath(QStringLiteral("summary.csv")));
    QCOMPARE(summary.size(), 3);
    QVERIFY(summary[1].startsWith(QStringLiteral("moe,")));
    QVERIFY(summary[1].contains(QLatin1Char(',') + QString::number(trained.moe.cost.totalParams)
                                + QLatin1Char(',')));
    const QString moeTestLoss = csvNumber(trained.moe.testLoss.back().y());
    QVERIFY2(summary[1].contains(QLatin1Char(',') + moeTestLoss + QLatin1Char(',')),
             qPrintable(summary[1] + QStringLiteral(" lacks ") + moeTestLoss));
}

void TestHeadless::refusedSettingsThrow()
{
    Experiment e = smallExperiment();
    e.model.moe.experts = 0;
    QTemporaryDir dir;
    QVERIFY_THROWS_EXCEPTION(
        std::exception,
        exportExperiment(e, dir.filePath(QStringLiteral("x")), {ExportFormat::Png}, QString()));
    QVERIFY(!QDir(dir.filePath(QStringLiteral("x"))).exists());
}

QTEST_MAIN(TestHeadless)
#include "tst_headless.moc"
