// The capacity-versus-compute sweep: its grid, the frontier, the background worker (QSignalSpy,
// cancel from another thread), the panel that records runs, and the charts drawn offscreen.

#include "ui/charts/capacitypanel.h"
#include "ui/charts/runschart.h"
#include "ui/charts/steptimechart.h"
#include "ui/controls/controlpanel.h"
#include "ui/style/palette.h"
#include "ui/window/mainwindow.h"
#include "ui/worker/arenadata.h"
#include "ui/worker/sweepworker.h"
#include "ui/worker/trainingworker.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QHorizontalStackedBarSeries>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace moe;
using namespace moe::ui;

namespace {
// A small, quick arena: 240 spiral points.
ArenaConfig smallConfig()
{
    ArenaConfig c;
    c.dataset.samples = 240;
    return c;
}

QVector<SweepRun> runsOf(const QSignalSpy &spy)
{
    QVector<SweepRun> runs;
    for (const QList<QVariant> &signal : spy)
        runs.append(signal.first().value<SweepRun>());
    return runs;
}

int pixelsNear(const QImage &image, const QColor &color)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            n += std::abs(c.red() - color.red()) + std::abs(c.green() - color.green())
                    + std::abs(c.blue() - color.blue())
                < 30;
        }
    return n;
}
} // namespace

class TestSweep : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void gridSpansExpertsAndWidths();
    void gridFollowsTheRouter();
    void frontierKeepsOnlyImprovements();
    void workerTrainsEveryRunOfTheGrid();
    void workerIsDeterministic();
    void cancelFromAnotherThreadStopsSoon();
    void panelRecordsLiveRunsAndKeepsThemPerData();
    void chartDrawsTheRunsAndTheFrontier();
    void timeChartStacksThePartsOfEachRun();
    void windowPausesLiveTrainingDuringASweep();
};

void TestSweep::initTestCase()
{
    qRegisterMetaType<ArenaSnapshot>();
    qRegisterMetaType<ArenaConfig>();
    qRegisterMetaType<SweepRun>();
}

void TestSweep::gridSpansExpertsAndWidths()
{
    const ArenaConfig config = smallConfig();
    const std::vector<ModelConfig> grid = sweepGrid(config);
    // top-1 at E = 1..64 (7), top-2 at E = 2..64 (6), dense at 1, 2, 4, 8, 16 x h (5).
    QCOMPARE(int(grid.size()), 18);
    int moe = 0;
    double lastWidth = 0.0;
    for (const ModelConfig &m : grid) {
        QCOMPARE(m.width, config.model.width);
        QCOMPARE(m.blocks, config.model.blocks);
        const double width = m.blockKind == BlockKind::Moe
            ? m.moe.activeExperts() * m.moe.expertHidden
            : double(m.hidden);
        QVERIFY2(width >= lastWidth, "the grid runs cheapest first");
        lastWidth = width;
        if (m.blockKind == BlockKind::Dense) {
            QCOMPARE(m.hidden % config.model.moe.expertHidden, 0);
            continue;
        }
        ++moe;
        QVERIFY(m.moe.topK <= m.moe.experts);
        QCOMPARE(m.moe.expertHidden, config.model.moe.expertHidden);
        QCOMPARE(m.moe.router, config.model.moe.router);
    }
    QCOMPARE(moe, 13);
    QCOMPARE(runLabel(grid.front()), QStringLiteral("MoE E=1 k=1 h=32 (topk)"));
    QCOMPARE(runLabel(grid.back()), QStringLiteral("dense h=512"));
}

void TestSweep::gridFollowsTheRouter()
{
    // Switch uses one expert whatever k says; expert choice sets compute by the capacity factor.
    for (RouterKind router : {RouterKind::Switch, RouterKind::ExpertChoice}) {
        ArenaConfig config = smallConfig();
        config.model.moe.router = router;
        const std::vector<ModelConfig> grid = sweepGrid(config);
        QCOMPARE(int(grid.size()), 7 + 5);
        for (const ModelConfig &m : grid)
            QVERIFY(m.blockKind == BlockKind::Dense || m.moe.topK == 1);
    }
}

void TestSweep::frontierKeepsOnlyImprovements()
{
    const QVector<QPointF> points {{100, 0.80}, {50, 0.70},  {200, 0.75}, {100, 0.90},
                                   {400, NAN},  {300, 0.95}, {50, 0.60}};
    QCOMPARE(paretoFrontier(points, true),
             (QVector<QPointF> {{50, 0.70}, {100, 0.90}, {300, 0.95}}));
    // Lower is better (loss): the cheapest point first, then each cheaper-than-all-before loss.
    QCOMPARE(paretoFrontier(points, false), (QVector<QPointF> {{50, 0.60}}));
    QCOMPARE(paretoFrontier({{10, 3.0}, {20, 2.0}, {30, 2.5}, {40, 1.0}}, false),
             (QVector<QPointF> {{10, 3.0}, {20, 2.0}, {40, 1.0}}));
    QVERIFY(paretoFrontier({}, true).isEmpty());
}

void TestSweep::workerTrainsEveryRunOfTheGrid()
{
    const ArenaConfig config = smallConfig();
    SweepWorker worker;
    QSignalSpy runs(&worker, &SweepWorker::runFinished);
    QSignalSpy progress(&worker, &SweepWorker::progress);
    QSignalSpy finished(&worker, &SweepWorker::finished);
    worker.run(config, 60, 1);
    const std::vector<ModelConfig> grid = sweepGrid(config);
    QCOMPARE(runs.count(), int(grid.size()));
    QCOMPARE(progress.count(), int(grid.size()));
    QCOMPARE(progress.last().at(0).toInt(), int(grid.size()));
    QCOMPARE(progress.last().at(1).toInt(), int(grid.size()));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.first().at(0).toBool(), false);
    QVERIFY(finished.first().at(1).toString().isEmpty());
    const QVector<SweepRun> results = runsOf(runs);
    for (qsizetype i = 0; i < results.size(); ++i) {
        const SweepRun &r = results[i];
        QCOMPARE(r.label, runLabel(grid[std::size_t(i)]));
        QCOMPARE(r.dataset, datasetKey(config));
        QVERIFY(r.fromSweep);
        QCOMPARE(r.steps, qint64(60));
        QVERIFY(std::isfinite(r.loss));
        QVERIFY(r.accuracy >= 0.0 && r.accuracy <= 1.0);
        // The time per step, broken down by the engine: parts within the total; a dense run has
        // no routing and no experts.
        const StepTime &t = r.stepMs;
        QVERIFY(t.total > 0.0 && t.rest > 0.0 && t.optimizer > 0.0);
        QVERIFY(t.routing >= 0.0 && t.experts >= 0.0);
        QVERIFY(t.parts() <= t.total * (1.0 + 1e-9));
        QCOMPARE(t.routing > 0.0 && t.experts > 0.0, r.isMoe());
        // Cost as the model counts it.
        ModelConfig m = grid[std::size_t(i)];
        m.inputDim = 2;
        m.outputDim = 3;
        Rng rng(1);
        const ModelCost cost = Model(m, rng).cost();
        QCOMPARE(r.totalParams, qint64(cost.totalParams));
        QCOMPARE(r.flops, cost.forwardFlopsPerSample);
    }
}

void TestSweep::workerIsDeterministic()
{
    ArenaConfig config = smallConfig();
    SweepWorker a, b;
    QSignalSpy runsA(&a, &SweepWorker::runFinished), runsB(&b, &SweepWorker::runFinished);
    a.run(config, 40, 1);
    b.run(config, 40, 2);
    const QVector<SweepRun> ra = runsOf(runsA), rb = runsOf(runsB);
    QCOMPARE(ra.size(), rb.size());
    for (qsizetype i = 0; i < ra.size(); ++i) {
        QCOMPARE(ra[i].loss, rb[i].loss); // bitwise: same seed, any thread count
        QCOMPARE(ra[i].accuracy, rb[i].accuracy);
    }
}

void TestSweep::cancelFromAnotherThreadStopsSoon()
{
    QThread thread;
    auto *worker = new SweepWorker;
    worker->moveToThread(&thread);
    connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
    struct Stop // the thread ends with the test, whether it passes or not
    {
        QThread &thread;
        SweepWorker *worker;
        ~Stop()
        {
            worker->cancel();
            thread.quit();
            thread.wait();
        }
    } stop {thread, worker};
    // Results arrive queued on this thread, as in the app (a QSignalSpy would record them on the
    // sweep's thread while this one reads it: a data race ThreadSanitizer reported).
    QObject receiver;
    int runs = 0, finished = 0;
    bool cancelled = false;
    connect(
        worker, &SweepWorker::runFinished, &receiver, [&runs] { ++runs; }, Qt::QueuedConnection);
    connect(
        worker, &SweepWorker::finished, &receiver,
        [&](bool wasCancelled) {
            ++finished;
            cancelled = wasCancelled;
        },
        Qt::QueuedConnection);
    thread.start();
    worker->rearm();
    QMetaObject::invokeMethod(
        worker, [worker, config = smallConfig()] { worker->run(config, 1000000, 1); },
        Qt::QueuedConnection);
    QTest::qWait(200); // well inside the first run: a million steps take minutes
    worker->cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished, 1, 5000);
    QVERIFY(cancelled);
    QCOMPARE(runs, 0); // the cut-short run is not reported as if it were finished
}

void TestSweep::panelRecordsLiveRunsAndKeepsThemPerData()
{
    TrainingWorker worker;
    ArenaSnapshot last;
    connect(&worker, &TrainingWorker::snapshotReady, [&](const ArenaSnapshot &s) { last = s; });
    const ArenaConfig config = smallConfig();
    worker.configure(config);
    for (int i = 0; i < 60; ++i) // by hand: every step is evaluated, the last at step 60
        worker.stepOnce();
    CapacityPanel panel;
    panel.showSnapshot(last);
    QCOMPARE(panel.runs().size(), 2); // the dense and the MoE being trained
    for (const SweepRun &r : panel.runs()) {
        QVERIFY(!r.fromSweep);
        QCOMPARE(r.steps, qint64(60)); // the step of the evaluation shown
        QVERIFY(r.stepMs.total > 0.0);
        QCOMPARE(r.stepMs.parts(), 0.0); // the snapshot has the total only
        const ModelSnapshot &m = r.isMoe() ? last.moe : last.dense;
        QCOMPARE(r.accuracy, m.testAccuracy.back().y());
        QCOMPARE(r.flops, m.cost.forwardFlopsPerSample);
    }
    {
        // The Time view: your runs until a sweep has run; then the sweep's dense runs and its
        // MoE runs at the live MoE's k (all of them while none is at that k).
        CapacityPanel timePanel;
        timePanel.showSnapshot(last);
        timePanel.refreshRunsNow();
        QCOMPARE(timePanel.timeChart()->rows().size(), 2);
        const int liveK = last.moe.config.moe.effectiveTopK();
        SweepRun atK = panel.runs()[panel.runs()[0].isMoe() ? 0 : 1];
        atK.fromSweep = true;
        atK.stepMs = {0.1, 0.2, 0.3, 0.4, 1.1};
        SweepRun otherK = atK;
        otherK.config.moe.topK = liveK == 1 ? 2 : 1;
        otherK.label = runLabel(otherK.config);
        timePanel.addRun(otherK);
        timePanel.refreshRunsNow();
        QCOMPARE(timePanel.timeChart()->rows().size(), 1);
        QCOMPARE(timePanel.timeChart()->rows().front().label, otherK.label);
        timePanel.addRun(atK);
        timePanel.refreshRunsNow();
        QCOMPARE(timePanel.timeChart()->rows().size(), 1);
        QCOMPARE(timePanel.timeChart()->rows().front().label, atK.label);
    }
    SweepRun sweep = panel.runs().front();
    sweep.fromSweep = true;
    panel.addRun(sweep);
    QCOMPARE(panel.runs().size(), 3);
    sweep.dataset = QStringLiteral("other data");
    panel.addRun(sweep); // trained on data no longer shown: ignored
    QCOMPARE(panel.runs().size(), 3);
    ArenaConfig other = config;
    other.dataset.seed = 7;
    worker.configure(other);
    panel.showSnapshot(last);
    QCOMPARE(panel.runs().size(), 0); // other data: the runs there compare with each other only
    // Back on the first data (as after a lesson's set-up on them): their runs are back, all 3.
    worker.configure(config);
    panel.showSnapshot(last);
    QCOMPARE(panel.runs().size(), 3);
}

void TestSweep::chartDrawsTheRunsAndTheFrontier()
{
    RunsChart chart;
    chart.resize(700, 420);
    SweepRun dense, small, big;
    dense.config.blockKind = BlockKind::Dense;
    dense.flops = 1000;
    dense.accuracy = 0.80;
    dense.loss = 0.5;
    small.config.blockKind = BlockKind::Moe;
    small.config.moe.experts = 2;
    small.config.moe.topK = 1;
    small.flops = 1100;
    small.accuracy = 0.85;
    small.loss = 0.4;
    big = small;
    big.config.moe.experts = 64;
    big.flops = 1500;
    big.accuracy = 0.83; // costlier and worse: not on the frontier
    chart.setRuns({dense, small, big});
    QCOMPARE(chart.frontier(), (QVector<QPointF> {{1000, 0.80}, {1100, 0.85}}));
    const QImage image = chart.grab().toImage();
    QVERIFY(pixelsNear(image, QColor(0x0072B2)) > 30);  // the dense circle
    QVERIFY(pixelsNear(image, QColor(0xD55E00)) > 200); // two MoE squares, one large
}

void TestSweep::timeChartStacksThePartsOfEachRun()
{
    SweepRun dense, small, big, yours;
    dense.config.blockKind = BlockKind::Dense;
    dense.config.hidden = 64;
    dense.label = runLabel(dense.config);
    dense.flops = 1000;
    dense.stepMs = {0.0, 0.0, 0.30, 0.05, 0.40};
    small.config.blockKind = BlockKind::Moe;
    small.config.moe.experts = 8;
    small.config.moe.topK = 1;
    small.label = runLabel(small.config);
    small.flops = 1100;
    small.stepMs = {0.04, 0.10, 0.12, 0.06, 0.33};
    big = small;
    big.config.moe.experts = 64;
    big.label = runLabel(big.config);
    big.flops = 1500;
    big.stepMs = {0.08, 0.11, 0.12, 0.40, 0.73};
    yours = small; // a live run: its total only
    yours.fromSweep = false;
    yours.stepMs = {0.0, 0.0, 0.0, 0.0, 0.5};
    SweepRun unmeasured = big;
    unmeasured.stepMs = {};

    StepTimeChart chart;
    chart.resize(700, 420);
    chart.setRuns({big, yours, dense, small, unmeasured});
    // Cheapest first (stable for equal FLOPs), without the run that has no time.
    QCOMPARE(chart.rows().size(), 4);
    QCOMPARE(chart.rows()[0].label, dense.label);
    QCOMPARE(chart.rows()[1].fromSweep, false);
    QCOMPARE(chart.rows()[3].label, big.label);
    // The category axis counts from the bottom: the last row first.
    const auto *series
        = qobject_cast<QHorizontalStackedBarSeries *>(chart.chart()->series().front());
    QVERIFY(series);
    const QList<QBarSet *> sets = series->barSets();
    QCOMPARE(sets.size(), 5);
    QCOMPARE(sets[0]->label(), QStringLiteral("routing"));
    QCOMPARE(sets[3]->label(), QStringLiteral("optimiser"));
    QCOMPARE(sets[3]->at(0), 0.40); // big's optimiser, at the bottom
    QCOMPARE(sets[0]->at(3), 0.0);  // the dense run routes nothing
    QCOMPARE(sets[2]->at(3), 0.30);
    QVERIFY(std::abs(sets[4]->at(3) - 0.05) < 1e-12); // the step's other work: 0.40 - 0.35
    QCOMPARE(sets[4]->at(2), 0.5);                    // your run, not broken down
    QCOMPARE(sets[2]->at(2), 0.0);
    for (int row = 0; row < 4; ++row) { // each bar is the step's measured total
        double sum = 0.0;
        for (const QBarSet *set : sets)
            sum += set->at(row);
        QVERIFY(std::abs(sum - chart.rows()[3 - row].stepMs.total) < 1e-12);
    }
    auto *axis = qobject_cast<QBarCategoryAxis *>(chart.chart()->axes(Qt::Vertical).front());
    QCOMPARE(axis->categories(),
             (QStringList {"E=64 k=1", "E=8 k=1", "yours: E=8 k=1", "dense h=64"}));
    // Every part drawn in its colour.
    const QImage image = chart.grab().toImage();
    // The lesson is in the chart's title, so every export of it carries it, wrapped to the
    // chart's width (700 px) rather than cut to "...".
    QString title = chart.chart()->title();
    QVERIFY(title.count(QStringLiteral("<br>")) >= 2);
    QVERIFY(title.replace(QStringLiteral("<br>"), QStringLiteral(" "))
                .contains(StepTimeChart::lesson().toHtmlEscaped()));
    for (const QColor &colour :
         {QColor(0xE69F00), QColor(0x009E73), QColor(0xBBBBBB), QColor(0x0072B2)})
        QVERIFY2(pixelsNear(image, colour) > 40, qPrintable(colour.name()));
    // The CSV: one line per run, top to bottom, with the four parts (empty when not measured).
    const QStringList lines = chart.csv().trimmed().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 5);
    QCOMPARE(lines[0],
             QStringLiteral("run,source,kind,experts,top_k,flops_per_sample,total_params,"
                            "routing_ms,experts_ms,rest_ms,optimizer_ms,other_ms,total_ms"));
    QVERIFY(lines[1].startsWith("dense h=64,sweep,dense,,,1000,0,0,0,0.3,0.05,"));
    QVERIFY(lines[1].endsWith(",0.4"));
    QCOMPARE(lines[2], small.label + QStringLiteral(",yours,moe,8,1,1100,0,,,,,,0.5"));
    QVERIFY(lines[4].startsWith(big.label + ",sweep,moe,64,1,1500,0,0.08,0.11,0.12,0.4,"));
}

void TestSweep::windowPausesLiveTrainingDuringASweep()
{
    MainWindow window(true);
    window.resize(1280, 720);
    window.show();
    // Playing for sure before the sweep starts (the first snapshot can come before play()
    // reaches the worker on a busy machine; then there would be nothing to resume).
    QTRY_VERIFY_WITH_TIMEOUT(window.latest().playing && window.latest().step > 0, 20000);
    QSignalSpy finished(&window, &MainWindow::sweepFinished);
    window.startSweep(100);
    QVERIFY(window.sweepRunning());
    QCOMPARE(window.capacity()->view(), CapacityPanel::View::Accuracy);
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.first().at(0).toBool(), false);
    int fromSweep = 0;
    for (const SweepRun &r : window.capacity()->runs())
        fromSweep += r.fromSweep;
    QCOMPARE(fromSweep, int(sweepGrid(window.controls()->config()).size()));
    // Live training was playing, so it plays again.
    QTRY_VERIFY_WITH_TIMEOUT(window.latest().playing, 20000);
    // A second sweep can be cancelled at once.
    window.startSweep(50000);
    window.capacity()->cancelRequested();
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.last().at(0).toBool(), true);
    QVERIFY(!window.sweepRunning());
}

QTEST_MAIN(TestSweep)
#include "tst_sweep.moc"
