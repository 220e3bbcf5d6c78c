// The training worker: commands in, value snapshots out (QSignalSpy), on its own thread too.

#include "core/base/error.h"
#include "ui/worker/livesize.h"
#include "ui/worker/trainingworker.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <cmath>

using namespace moe;
using namespace moe::ui;

namespace {
ArenaSnapshot last(const QSignalSpy &spy)
{
    return spy.last().first().value<ArenaSnapshot>();
}

// Distinct colours among the fully opaque-looking pixels of a map (expert colours, faded).
int distinctHues(const QImage &image)
{
    QSet<int> hues;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (c.saturation() > 60)
                hues.insert(c.hue() / 10);
        }
    return int(hues.size());
}

// As fast as the machine goes and without a step budget (the app's defaults are a watchable
// speed and a budget of a few thousand steps).
ArenaConfig flatOut()
{
    ArenaConfig config;
    config.stepsPerSecond = 0;
    config.stepBudget = 0;
    return config;
}
} // namespace

class TestTrainingWorker : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void configurePublishesAFirstSnapshot();
    void playTrainsAndPauseStops();
    void liveSettingsKeepTheRunStructuralOnesRebuild();
    void badSettingsKeepTheCurrentRun();
    void divergencePausesAndSaysWhy();
    void anExplodedFiniteLossIsADivergence();
    void curvesStayBoundedOnLongRuns();
    void runsOnItsOwnThread();
    void mapsGetCoarserForBiggerModels();
    void savedModelsTrainOnWhenOpened();
    void submittedSettingsSkipToTheNewest();
    void aSlowerSpeedTrainsOnAtOnce();
    void theRunStopsAtItsBudgetAndTrainsOn();
    void aSlowPaceIsEvenAndNeverAhead();
    void curvesStartAtTheFirstSteps();
    void settingsTooLargeToTrainLiveAreRefused();
};

void TestTrainingWorker::initTestCase()
{
    qRegisterMetaType<ArenaSnapshot>();
    qRegisterMetaType<ArenaConfig>();
}

void TestTrainingWorker::configurePublishesAFirstSnapshot()
{
    TrainingWorker worker;
    QSignalSpy snapshots(&worker, &TrainingWorker::snapshotReady);
    worker.configure(ArenaConfig {});
    QCOMPARE(snapshots.count(), 1);
    const ArenaSnapshot s = last(snapshots);
    QCOMPARE(s.step, qint64(0));
    QVERIFY(s.twoDimensional);
    QCOMPARE(s.points.train.size(), 720); // spiral: 900 samples, 20% held out
    QCOMPARE(s.points.test.size(), 180);
    QCOMPARE(s.moe.title, QStringLiteral("MoE 8 x 32, top-2"));
    QCOMPARE(s.dense.title, QStringLiteral("Dense h=68, matched total compute (router included)"));
    QVERIFY(s.moe.cost.totalParams > 3 * s.dense.cost.totalParams);
    QCOMPARE(s.moe.decisionMap.size(), QSize(96, 96));
    QCOMPARE(s.routingMap.size(), QSize(96, 96));
    QCOMPARE(int(s.expertMaps.size()), 8);
    QCOMPARE(s.moe.testAccuracy.size(), 1); // evaluated before the first step
    worker.stepOnce();
    QCOMPARE(last(snapshots).step, qint64(1));
    QCOMPARE(last(snapshots).moe.batchLoss.size(), 1);
}

void TestTrainingWorker::playTrainsAndPauseStops()
{
    TrainingWorker worker;
    QSignalSpy snapshots(&worker, &TrainingWorker::snapshotReady);
    QSignalSpy playing(&worker, &TrainingWorker::playingChanged);
    worker.configure(flatOut());
    worker.play();
    QCOMPARE(playing.count(), 1);
    // The measured speed shows after 0.2 s of play (600 steps can take less).
    QTRY_VERIFY_WITH_TIMEOUT(last(snapshots).step >= 600 && last(snapshots).stepsPerSecond > 0.0,
                             60000);
    worker.pause();
    QCOMPARE(playing.last().first().toBool(), false);
    const ArenaSnapshot s = last(snapshots);
    QVERIFY(!s.playing);
    QVERIFY(s.stepsPerSecond > 0.0);
    QVERIFY(s.moe.testAccuracy.size() >= 12 + 5); // every 50 steps, and at 1, 2, 5, 10, 20
    QVERIFY2(s.moe.testAccuracy.last().y() > 0.8,
             qPrintable(QString::number(s.moe.testAccuracy.last().y())));
    QVERIFY(s.dense.testAccuracy.last().y() > 0.8);
    QVERIFY(s.moe.testLoss.last().y() < s.moe.testLoss.first().y());
    QVERIFY(s.routing.steps > 0);
    QCOMPARE(int(s.routing.perExpert.size()), 8);
    QCOMPARE(int(s.expertShare.size()), 8);
    double total = 0.0; // the shares of one evaluation add up to 1
    for (const QVector<QPointF> &share : s.expertShare)
        total += share.last().y();
    QVERIFY(std::abs(total - 1.0) < 1e-9);
    QCOMPARE(s.expertShare.front().last().x(), double(s.moe.testAccuracy.last().x()));
    // The router has carved the plane: at least two experts own visible territory.
    QVERIFY2(distinctHues(s.routingMap) >= 2,
             qPrintable(QString::number(distinctHues(s.routingMap))));
    // Paused: no more steps arrive.
    const qint64 step = s.step;
    QTest::qWait(100);
    QCOMPARE(last(snapshots).step, step);
}

void TestTrainingWorker::liveSettingsKeepTheRunStructuralOnesRebuild()
{
    TrainingWorker worker;
    QSignalSpy snapshots(&worker, &TrainingWorker::snapshotReady);
    ArenaConfig config;
    worker.configure(config);
    for (int i = 0; i < 5; ++i)
        worker.stepOnce();
    config.training.optimizer.learningRate = 0.001f; // live
    config.model.moe.balanceLoss = 0.1;              // live
    config.model.moe.capacityFactor = 2.0;           // live
    worker.configure(config);
    QCOMPARE(last(snapshots).step, qint64(5));
    config.model.moe.experts = 4; // structural: new models
    worker.configure(config);
    QCOMPARE(last(snapshots).step, qint64(0));
    QCOMPARE(last(snapshots).moe.title, QStringLiteral("MoE 4 x 32, top-2"));
    QCOMPARE(int(last(snapshots).expertMaps.size()), 4);
}

void TestTrainingWorker::badSettingsKeepTheCurrentRun()
{
    TrainingWorker worker;
    QSignalSpy snapshots(&worker, &TrainingWorker::snapshotReady);
    QSignalSpy errors(&worker, &TrainingWorker::errorOccurred);
    ArenaConfig config;
    worker.configure(config);
    worker.stepOnce();
    ArenaConfig bad = config;
    bad.model.moe.topK = 9; // more than the 8 experts
    worker.configure(bad);
    QCOMPARE(errors.count(), 1);
    QVERIFY(errors.last().first().toString().contains("top-k"));
    ArenaConfig missing = config;
    missing.dataset.name = "/no/such/file.csv";
    worker.configure(missing);
    QCOMPARE(errors.count(), 2);
    QVERIFY(errors.last().first().toString().contains("file.csv"));
    worker.stepOnce(); // the run goes on where it was
    QCOMPARE(last(snapshots).step, qint64(2));
    QCOMPARE(last(snapshots).moe.title, QStringLiteral("MoE 8 x 32, top-2"));
}

void TestTrainingWorker::divergencePausesAndSaysWhy()
{
    TrainingWorker worker;
    QSignalSpy snapshots(&worker, &TrainingWorker::snapshotReady);
    ArenaConfig config;
    config.training.optimizer.kind = OptimizerKind::Sgd;
    config.training.optimizer.learningRate = 50.0f;
    worker.configure(config);
    worker.play();
    QTRY_VERIFY_WITH_TIMEOUT(!last(snapshots).message.isEmpty(), 20000);
    const ArenaSnapshot s = last(snapshots);
    QVERIFY(!s.playing);
    QVERIFY(s.message.contains("learning rate"));
    QVERIFY2(s.message.contains("back at their weights of step"), qPrintable(s.message));
    // No NaN reached a curve.
    for (const ModelSnapshot *m : {&s.moe, &s.dense})
        for (const QVector<QPointF> *curve :
             {&m->batchLoss, &m->trainLoss, &m->testLoss, &m->trainAccuracy, &m->testAccuracy})
            for (const QPointF &p : *curve)
                QVERIFY(std::isfinite(p.y()));
    // Play is refused until something changes; a lower learning rate goes on from the rolled-back
    // weights, with finite losses from its first step.
    worker.play();
    QVERIFY(!last(snapshots).playing);
    const qint64 stepBefore = last(snapshots).step;
    config.training.optimizer.learningRate = 0.05f;
    worker.configure(config);
    worker.trainFor(60);
    const ArenaSnapshot after = last(snapshots);
    QVERIFY(after.step > stepBefore);
    QVERIFY(std::isfinite(after.moe.batchLoss.back().y()));
    QVERIFY(std::isfinite(after.dense.batchLoss.back().y()));
    QVERIFY(std::isfinite(after.moe.testLoss.back().y()));
}

void TestTrainingWorker::anExplodedFiniteLossIsADivergence()
{
    // Adam at a learning rate of 100 drives the loss to ~1e15 without overflowing: that is a
    // divergence too. The run pauses, goes back to a healthy state (not to exploded weights that
    // would only diverge again), and at the default learning rate trains on with sane losses.
    TrainingWorker worker;
    QSignalSpy snapshots(&worker, &TrainingWorker::snapshotReady);
    ArenaConfig config;
    config.training.evalEvery = 10;
    worker.configure(config);
    const double start = last(snapshots).moe.trainLoss.front().y();
    worker.trainFor(200);
    config.training.optimizer.learningRate = 100.0f;
    worker.configure(config);
    worker.trainFor(400);
    const ArenaSnapshot paused = last(snapshots);
    QVERIFY(!paused.playing);
    QVERIFY2(paused.message.contains("loss exploded") || paused.message.contains("overflowed"),
             qPrintable(paused.message));
    QVERIFY2(paused.message.contains("back at their weights of step"), qPrintable(paused.message));
    for (const ModelSnapshot *m : {&paused.moe, &paused.dense})
        for (const QPointF &p : m->batchLoss)
            QVERIFY2(p.y() <= DivergenceGuard::kExplodedFactor * std::max(start, 1.0) * 1.5,
                     qPrintable(QStringLiteral("a curve holds an explosion: %1").arg(p.y())));
    config.training.optimizer.learningRate = ArenaConfig().training.optimizer.learningRate;
    worker.configure(config);
    const qint64 before = last(snapshots).step;
    worker.trainFor(300);
    const ArenaSnapshot after = last(snapshots);
    QVERIFY2(after.step >= before + 300, qPrintable(after.message));
    QVERIFY(after.moe.trainLoss.back().y() < 10.0 * std::max(start, 1.0));
    QVERIFY(after.dense.trainLoss.back().y() < 10.0 * std::max(start, 1.0));
}

void TestTrainingWorker::curvesStayBoundedOnLongRuns()
{
    // An evaluation every step for 2,500 steps: each curve keeps at most 2,000 points, the newest
    // among them, so memory stays flat however long a class leaves the app running.
    TrainingWorker worker;
    worker.setThreads(1); // as the app runs it beside the UI thread on two cores
    QSignalSpy snapshots(&worker, &TrainingWorker::snapshotReady);
    ArenaConfig config;
    config.training.evalEvery = 1;
    worker.configure(config);
    worker.trainFor(2500);
    const ArenaSnapshot s = last(snapshots);
    QCOMPARE(s.step, qint64(2500));
    for (const QVector<QPointF> *curve :
         {&s.moe.testLoss, &s.moe.trainAccuracy, &s.dense.testAccuracy, &s.expertShare.front()}) {
        QVERIFY2(curve->size() <= 2000 && curve->size() > 1000,
                 qPrintable(QString::number(curve->size())));
        QCOMPARE(curve->back().x(), 2500.0);
        for (qsizetype i = 1; i < curve->size(); ++i)
            QVERIFY(curve->at(i).x() > curve->at(i - 1).x());
    }
    QVERIFY(s.moe.batchLoss.size() <= 2000);
}

void TestTrainingWorker::runsOnItsOwnThread()
{
    QThread thread;
    auto *worker = new TrainingWorker;
    worker->moveToThread(&thread);
    connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
    // Snapshots arrive queued on this thread, as in the app (a QSignalSpy would record them on
    // the worker's thread while this one reads it: a data race ThreadSanitizer reported).
    QObject receiver;
    qint64 step = -1;
    connect(
        worker, &TrainingWorker::snapshotReady, &receiver,
        [&step](const ArenaSnapshot &s) { step = s.step; }, Qt::QueuedConnection);
    thread.start();
    QMetaObject::invokeMethod(
        worker, [worker] { worker->configure(ArenaConfig {}); }, Qt::QueuedConnection);
    QMetaObject::invokeMethod(worker, &TrainingWorker::play, Qt::QueuedConnection);
    QTRY_VERIFY_WITH_TIMEOUT(step >= 50, 30000);
    // Quitting mid-training is clean: the queued pause and the thread's end are handled at once.
    QMetaObject::invokeMethod(worker, &TrainingWorker::pause, Qt::QueuedConnection);
    thread.quit();
    QVERIFY(thread.wait(5000));
}

void TestTrainingWorker::mapsGetCoarserForBiggerModels()
{
    // The maps' resolution follows their cost, so that a refresh never holds the worker long.
    const auto first = [](const ArenaConfig &config) {
        TrainingWorker worker;
        QSignalSpy snapshots(&worker, &TrainingWorker::snapshotReady);
        worker.configure(config);
        return last(snapshots);
    };
    ArenaConfig small;
    ArenaConfig big;
    big.model.moe.experts = 64;
    big.model.moe.topK = 8;
    big.model.moe.expertHidden = 512;
    const ArenaSnapshot a = first(small), b = first(big);
    for (const ArenaSnapshot *s : {&a, &b}) {
        QCOMPARE(s->routingMap.width(), s->mapResolution);
        QCOMPARE(s->moe.decisionMap.width(), s->mapResolution);
    }
    const int smallSide = a.mapResolution, bigSide = b.mapResolution;
    QVERIFY2(smallSide <= small.mapResolution && smallSide >= 64,
             qPrintable(QString::number(smallSide)));
    QVERIFY2(bigSide < smallSide && bigSide >= 24, qPrintable(QString::number(bigSide)));
    QCOMPARE(bigSide % 8, 0);
}

void TestTrainingWorker::savedModelsTrainOnWhenOpened()
{
    QTemporaryDir dir;
    ArenaConfig config;
    config.dataset.name = "moons";
    config.model.moe.experts = 5;
    TrainingWorker a;
    QSignalSpy shotsA(&a, &TrainingWorker::snapshotReady), doneA(&a, &TrainingWorker::fileDone);
    a.configure(config);
    for (int i = 0; i < 100; ++i) // evaluation every 50 steps: the last at step 100
        a.stepOnce();
    a.saveModel(dir.filePath("moe.json"), true);
    a.saveModel(dir.filePath("dense.json"), false);
    QCOMPARE(doneA.count(), 2);
    const ArenaSnapshot trained = last(shotsA);

    // Another arena, other data and settings: opening the MoE brings its data, E and weights.
    TrainingWorker b;
    QSignalSpy shotsB(&b, &TrainingWorker::snapshotReady),
        adopted(&b, &TrainingWorker::configAdopted), failed(&b, &TrainingWorker::fileFailed);
    b.configure(ArenaConfig {});
    b.openModel(dir.filePath("moe.json"));
    QCOMPARE(failed.count(), 0);
    QCOMPARE(adopted.count(), 1);
    const ArenaConfig now = adopted.first().first().value<ArenaConfig>();
    QCOMPARE(now.dataset.name, std::string("moons"));
    QCOMPARE(now.model.moe.experts, 5);
    const ArenaSnapshot opened = last(shotsB);
    QCOMPARE(opened.step, qint64(0));
    // Its first evaluation is the saved model's last one, bitwise.
    QCOMPARE(opened.moe.testLoss.front().y(), trained.moe.testLoss.back().y());
    QCOMPARE(opened.moe.testAccuracy.front().y(), trained.moe.testAccuracy.back().y());
    b.openModel(dir.filePath("dense.json"));
    QCOMPARE(last(shotsB).dense.testLoss.front().y(), trained.dense.testLoss.back().y());

    // A damaged file changes nothing and says why.
    QFile broken(dir.filePath("broken.json"));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("{\"format\": \"moelab-model\", \"version\": 1");
    broken.close();
    const qsizetype before = shotsB.count();
    b.openModel(dir.filePath("broken.json"));
    QCOMPARE(failed.count(), 1);
    QVERIFY(failed.first().first().toString().contains("broken.json"));
    QCOMPARE(shotsB.count(), before);
}

void TestTrainingWorker::submittedSettingsSkipToTheNewest()
{
    // A drag across the experts slider while the worker is busy: five settings arrive before the
    // worker gets to them; it builds the newest once, not each in turn.
    TrainingWorker worker;
    QSignalSpy snapshots(&worker, &TrainingWorker::snapshotReady);
    for (int experts : {2, 3, 4, 5, 6}) {
        ArenaConfig config;
        config.model.moe.experts = experts;
        config.model.moe.topK = 1;
        worker.submit(config);
    }
    QCOMPARE(snapshots.count(), 0); // nothing happens on the caller's side
    QTRY_COMPARE(snapshots.count(), 1);
    QCoreApplication::processEvents();
    QCOMPARE(snapshots.count(), 1);
    QCOMPARE(last(snapshots).moe.title, QStringLiteral("MoE 6 x 32, top-1"));
    // Once applied, the next one goes through on its own.
    ArenaConfig seven;
    seven.model.moe.experts = 7;
    worker.submit(seven);
    QTRY_COMPARE(snapshots.count(), 2);
    QCOMPARE(last(snapshots).moe.title, QStringLiteral("MoE 7 x 32, top-2"));
}

void TestTrainingWorker::aSlowerSpeedTrainsOnAtOnce()
{
    // Picking "100 steps/s" after training as fast as possible: the next steps come at that
    // speed from now on (they used to be owed from Play, which froze training for as many
    // seconds as the fast steps would have taken at the slow speed).
    TrainingWorker worker;
    QSignalSpy snapshots(&worker, &TrainingWorker::snapshotReady);
    ArenaConfig config = flatOut();
    worker.configure(config);
    worker.play();
    QTRY_VERIFY_WITH_TIMEOUT(last(snapshots).step >= 3000, 60000);
    config.stepsPerSecond = 100;
    worker.configure(config);
    const qint64 step = last(snapshots).step;
    QTRY_VERIFY_WITH_TIMEOUT(last(snapshots).step >= step + 20, 5000);
    worker.pause();
}

void TestTrainingWorker::settingsTooLargeToTrainLiveAreRefused()
{
    ArenaConfig big; // every slider at its end: 64 experts of 512, a dense baseline as large
    big.model.moe.experts = 64;
    big.model.moe.topK = 8;
    big.model.moe.expertHidden = 512;
    big.model.moe.sharedExperts = 4;
    big.baseline = DenseBaseline::MatchParameters; // h = 68 x 512 = 34,816
    big.training.batchSize = 4096;
    checkLiveSize(ArenaConfig {}, 900); // the default fits
    try {
        checkLiveSize(big, 100000);
        QFAIL("accepted");
    } catch (const ConfigError &error) {
        // 100,000 rows x 34,816 units x 2 blocks
        QCOMPARE(QString::fromStdString(error.what()),
                 QStringLiteral("Too large to train live: all 100,000 samples (the class-by-expert "
                                "view routes them at once) through the dense baseline (h = 34,816, "
                                "2 blocks) is 6,963 million activations, over the app's limit of "
                                "134 million (about 2 GB of memory). To fit, pick a smaller dense "
                                "baseline (matched expert or total compute, or a custom width), "
                                "fewer or narrower experts, or use fewer samples or a smaller "
                                "batch."));
    }
    big.baseline = DenseBaseline::MatchExpertCompute; // h = 12 x 512: the MoE is now the larger one
    checkLiveSize(big, 900); // 9,216 map points x (8 + 4) x 512 x 2 blocks = 113 million
    QVERIFY_THROWS_EXCEPTION(ConfigError, checkLiveSize(big, 100000));
    big.model.moe.topK = 2;
    big.model.moe.sharedExperts = 0;
    big.training.batchSize = 64;
    checkLiveSize(big, 900); // 9,216 map points x 2 x 512 x 2 blocks = 19 million

    // The worker refuses it and keeps its run.
    TrainingWorker worker;
    QSignalSpy errors(&worker, &TrainingWorker::errorOccurred);
    QSignalSpy snapshots(&worker, &TrainingWorker::snapshotReady);
    worker.configure(ArenaConfig {});
    big.baseline = DenseBaseline::MatchParameters;
    worker.configure(big);
    QCOMPARE(errors.count(), 1);
    QVERIFY(errors.last().first().toString().startsWith(QStringLiteral("Too large to train live")));
    QCOMPARE(last(snapshots).moe.title, QStringLiteral("MoE 8 x 32, top-2"));
}

void TestTrainingWorker::theRunStopsAtItsBudgetAndTrainsOn()
{
    TrainingWorker worker;
    QSignalSpy snapshots(&worker, &TrainingWorker::snapshotReady);
    QSignalSpy playing(&worker, &TrainingWorker::playingChanged);
    ArenaConfig config = flatOut();
    config.stepBudget = 120;
    worker.configure(config);
    QCOMPARE(last(snapshots).stopAt, qint64(120));
    worker.play();
    QTRY_VERIFY_WITH_TIMEOUT(last(snapshots).atBudget, 60000);
    ArenaSnapshot s = last(snapshots);
    QCOMPARE(s.step, qint64(120)); // exactly the budget, not a step more
    QVERIFY(!s.playing);
    QCOMPARE(playing.last().first().toBool(), false);
    QTest::qWait(50);
    QCOMPARE(last(snapshots).step, qint64(120)); // it stays paused
    // Train on (what Play does at the budget): one budget more, then paused again.
    worker.play();
    QCOMPARE(playing.last().first().toBool(), true);
    QTRY_VERIFY_WITH_TIMEOUT(last(snapshots).atBudget && last(snapshots).step > 120, 60000);
    s = last(snapshots);
    QCOMPARE(s.step, qint64(240));
    QCOMPARE(s.stopAt, qint64(240));
    // A step by hand goes past it; Play then trains to the next multiple of the budget.
    worker.stepOnce();
    QCOMPARE(last(snapshots).step, qint64(241));
    worker.play();
    QTRY_VERIFY_WITH_TIMEOUT(!last(snapshots).playing && last(snapshots).step > 241, 60000);
    QCOMPARE(last(snapshots).step, qint64(360));
    // A new budget counts to its next multiple; 0 takes the limit away.
    config.stepBudget = 500;
    worker.configure(config);
    QCOMPARE(last(snapshots).stopAt, qint64(500));
    QVERIFY(!last(snapshots).atBudget);
    config.stepBudget = 0;
    worker.configure(config);
    QCOMPARE(last(snapshots).stopAt, qint64(0));
    worker.play();
    QTRY_VERIFY_WITH_TIMEOUT(last(snapshots).step >= 600, 60000);
    worker.pause();
    QVERIFY(!last(snapshots).atBudget);
    // Headless runs train their own number of steps, past any budget.
    config.stepBudget = 100;
    worker.configure(config);
    worker.reset();
    worker.trainFor(150);
    QCOMPARE(last(snapshots).step, qint64(150));
    // Where a run pauses next.
    QCOMPARE(TrainingWorker::nextStop(0, 3000), qint64(3000));
    QCOMPARE(TrainingWorker::nextStop(2999, 3000), qint64(3000));
    QCOMPARE(TrainingWorker::nextStop(3000, 3000), qint64(6000));
    QCOMPARE(TrainingWorker::nextStop(3000, 0), qint64(0));
}

void TestTrainingWorker::aSlowPaceIsEvenAndNeverAhead()
{
    // At 25 steps a second the steps are spread out: the run is never ahead of the pace (at most
    // rate x elapsed + 1 steps, measured from before Play on this side, so a slow machine can
    // only make it further behind), snapshots come every step or two, and the steps stop with
    // the budget.
    TrainingWorker worker;
    worker.setThreads(1);
    QVector<qint64> steps;
    QElapsedTimer clock;
    bool ahead = false;
    QString why;
    ArenaSnapshot shown;
    connect(&worker, &TrainingWorker::snapshotReady, this, [&](const ArenaSnapshot &s) {
        if (!clock.isValid())
            return; // configure's first snapshot
        shown = s;
        steps.append(s.step);
        const double most = 25.0 * double(clock.elapsed()) / 1000.0 + 1.0;
        if (double(s.step) > most) {
            ahead = true;
            why = QStringLiteral("step %1 after %2 ms").arg(s.step).arg(clock.elapsed());
        }
    });
    ArenaConfig config;
    config.stepsPerSecond = 25;
    config.stepBudget = 30;
    worker.configure(config);
    clock.start();
    worker.play();
    QTRY_VERIFY_WITH_TIMEOUT(!steps.isEmpty() && steps.back() == 30, 60000);
    QVERIFY2(!ahead, qPrintable(why));
    for (qsizetype i = 1; i < steps.size(); ++i) // never a burst of steps between two snapshots
        QVERIFY2(steps[i] - steps[i - 1] <= 3,
                 qPrintable(QStringLiteral("%1 -> %2").arg(steps[i - 1]).arg(steps[i])));
    QVERIFY(steps.size() >= 10); // the curves grew in many small moves
    QTest::qWait(100);
    QCOMPARE(steps.back(), qint64(30));
    // About five evaluations a second at this speed: every 5 steps (after 1, 2 and 5).
    QVector<double> evaluated;
    for (const QPointF &p : shown.moe.testLoss)
        evaluated.append(p.x());
    QCOMPARE(evaluated, (QVector<double> {0, 1, 2, 5, 10, 15, 20, 25, 30}));
}

void TestTrainingWorker::curvesStartAtTheFirstSteps()
{
    // Evaluations at 1, 2, 5, 10, 20, then every evalEvery steps: the curves have points at once
    // (and in every decade of a log step axis).
    QVector<qint64> at;
    for (qint64 step = 0; step <= 1000; ++step)
        if (TrainingWorker::evaluatesAt(step, 50))
            at.append(step);
    QCOMPARE(at.mid(0, 8), (QVector<qint64> {1, 2, 5, 10, 20, 50, 100, 150}));
    QCOMPARE(at.size(), 5 + 20);
    QVERIFY(TrainingWorker::evaluatesAt(200, 200) && TrainingWorker::evaluatesAt(100, 200));
    QVERIFY(!TrainingWorker::evaluatesAt(300, 200) && !TrainingWorker::evaluatesAt(50, 40));
    QVERIFY(!TrainingWorker::evaluatesAt(5, 0)); // 0: only at the end
    QVERIFY(TrainingWorker::evaluatesAt(7, 1));
    TrainingWorker worker;
    QSignalSpy snapshots(&worker, &TrainingWorker::snapshotReady);
    worker.configure(flatOut());
    worker.trainFor(60);
    QVector<double> steps;
    for (const QPointF &p : last(snapshots).moe.testLoss)
        steps.append(p.x());
    // ... and where the run stops (60), so that its last point is the state the screen shows.
    QCOMPARE(steps, (QVector<double> {0, 1, 2, 5, 10, 20, 50, 60}));
    QCOMPARE(last(snapshots).dense.trainAccuracy.size(), 8);
    QCOMPARE(last(snapshots).expertShare.front().size(), 7); // from step 1 (routing is counted)
}

QTEST_MAIN(TestTrainingWorker)
#include "tst_trainingworker.moc"
