#include "core/base/error.h"
#include "core/base/parallel.h"
#include "core/train/trainer.h"
#include "gradcheck.h"

#include <QTest>
#include <cmath>

using namespace moe;

namespace {
// Two interleaved rings, labelled by radius: not linearly separable.
Dataset rings(Index n, std::uint64_t seed)
{
    Rng rng(seed);
    Dataset data;
    data.name = "rings";
    data.numClasses = 2;
    data.features.resize(n, 2);
    data.labels.resize(static_cast<std::size_t>(n));
    for (Index i = 0; i < n; ++i) {
        const int label = int(i % 2);
        const double radius = label == 0 ? 0.4 : 0.9, angle = rng.uniform(0.0, 6.283185307);
        data.features(i, 0) = static_cast<float>(radius * std::cos(angle) + 0.03 * rng.normal());
        data.features(i, 1) = static_cast<float>(radius * std::sin(angle) + 0.03 * rng.normal());
        data.labels[static_cast<std::size_t>(i)] = label;
    }
    return data;
}

ModelConfig configFor(const Dataset &data, int width = 16, int hidden = 32)
{
    ModelConfig config;
    config.inputDim = data.inputDim();
    config.outputDim = data.outputDim();
    config.width = width;
    config.hidden = hidden;
    return config;
}

class Recorder : public TrainingObserver
{
public:
    void onStep(const StepStats &stats) override { steps.push_back(stats); }
    void onEvaluation(const EvalStats &stats) override { evaluations.push_back(stats); }
    std::vector<StepStats> steps;
    std::vector<EvalStats> evaluations;
};

std::vector<double> lossesOf(Trainer &trainer, int steps)
{
    std::vector<double> losses;
    for (int i = 0; i < steps; ++i)
        losses.push_back(trainer.step().loss);
    return losses;
}
} // namespace

class TestTrainer : public QObject
{
    Q_OBJECT

private slots:
    void overfitsATinyDataset();
    void learnsANonlinearBoundary();
    void regressionLossFalls();
    void sameSeedGivesBitwiseIdenticalLosses();
    void threadCountDoesNotChangeResults();
    void observerSeesEveryStepAndEvaluation();
    void stepTimeIsBrokenDown_data();
    void stepTimeIsBrokenDown();
    void epochsCoverTheTrainingSet();
    void mismatchedModelIsRejected();
};

void TestTrainer::overfitsATinyDataset()
{
    // 12 random points with random labels: only memorisation can fit them.
    Rng rng(3);
    Dataset data;
    data.numClasses = 3;
    data.features = test::randomMatrix(12, 2, rng);
    for (int i = 0; i < 12; ++i)
        data.labels.push_back(int(rng.below(3)));
    TrainingConfig config;
    config.optimizer.learningRate = 0.01f;
    config.batchSize = 12;
    Trainer trainer(configFor(data, 32, 64), data, Dataset {}, config);
    const EvalStats result = trainer.train(1500);
    QCOMPARE(*result.train.accuracy, 1.0);
    QVERIFY2(result.train.loss < 0.01, qPrintable(QString::number(result.train.loss)));
    QVERIFY(!result.test.has_value());
}

void TestTrainer::learnsANonlinearBoundary()
{
    const Dataset train = rings(400, 1), test = rings(200, 2);
    TrainingConfig config;
    config.optimizer.learningRate = 0.01f;
    Trainer trainer(configFor(train), train, test, config);
    const Metrics before = trainer.evaluate(test);
    const EvalStats after = trainer.train(600);
    QVERIFY(after.test->loss < before.loss * 0.2);
    QVERIFY2(*after.test->accuracy >= 0.98, qPrintable(QString::number(*after.test->accuracy)));
}

void TestTrainer::regressionLossFalls()
{
    Rng rng(4);
    Dataset data;
    data.task = Task::Regression;
    data.features = test::randomMatrix(256, 2, rng);
    data.targets.resize(256, 1);
    for (Index i = 0; i < 256; ++i)
        data.targets(i, 0) = std::sin(2.0f * data.features(i, 0)) * data.features(i, 1);
    TrainingConfig config;
    config.optimizer.learningRate = 0.005f;
    Trainer trainer(configFor(data), data, Dataset {}, config);
    const double before = trainer.evaluate(data).loss;
    const EvalStats after = trainer.train(800);
    QVERIFY(!after.train.accuracy.has_value());
    QVERIFY2(after.train.loss < 0.1 * before, qPrintable(QString::number(after.train.loss)));
}

void TestTrainer::sameSeedGivesBitwiseIdenticalLosses()
{
    const Dataset data = rings(300, 5);
    for (OptimizerKind kind : {OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Adam}) {
        TrainingConfig config;
        config.optimizer.kind = kind;
        config.optimizer.learningRate = 0.02f;
        config.seed = 77;
        Trainer a(configFor(data), data, Dataset {}, config),
            b(configFor(data), data, Dataset {}, config);
        const auto lossesA = lossesOf(a, 50), lossesB = lossesOf(b, 50);
        QVERIFY(lossesA == lossesB); // exact equality, not a tolerance
        config.seed = 78;
        Trainer c(configFor(data), data, Dataset {}, config);
        QVERIFY(lossesOf(c, 50) != lossesA);
    }
}

void TestTrainer::threadCountDoesNotChangeResults()
{
    // Big enough that the row-chunked products really run on two threads.
    const Dataset data = rings(2048, 6);
    TrainingConfig config;
    config.batchSize = 512;
    config.seed = 5;
    std::vector<double> losses[2];
    Matrix finalWeights[2];
    const int before = threadCount();
    for (int threads : {1, 2}) {
        setThreadCount(threads);
        Trainer trainer(configFor(data, 64, 128), data, Dataset {}, config);
        losses[threads - 1] = lossesOf(trainer, 8);
        finalWeights[threads - 1] = trainer.model().parameters().front()->value;
    }
    setThreadCount(before);
    QVERIFY(losses[0] == losses[1]);
    QVERIFY(finalWeights[0] == finalWeights[1]);
}

void TestTrainer::observerSeesEveryStepAndEvaluation()
{
    const Dataset data = rings(100, 7);
    TrainingConfig config;
    config.batchSize = 32;
    config.evalEvery = 10;
    Trainer trainer(configFor(data), data, rings(50, 8), config);
    Recorder recorder;
    const EvalStats last = trainer.train(25, &recorder);
    QCOMPARE(recorder.steps.size(), std::size_t(25));
    QCOMPARE(recorder.steps.front().step, Index(1));
    QCOMPARE(recorder.steps.back().step, Index(25));
    // Steps 10 and 20, then the end of the run (25).
    QCOMPARE(recorder.evaluations.size(), std::size_t(3));
    QCOMPARE(recorder.evaluations[0].step, Index(10));
    QCOMPARE(recorder.evaluations[2].step, Index(25));
    QCOMPARE(last.test->loss, recorder.evaluations[2].test->loss);
    QCOMPARE(last.test->samples, Index(50));
    for (const StepStats &s : recorder.steps) {
        QVERIFY(std::isfinite(s.loss) && s.loss > 0.0);
        QVERIFY(s.accuracy.has_value() && *s.accuracy >= 0.0 && *s.accuracy <= 1.0);
        QVERIFY(s.time.total >= 0.0);
        QCOMPARE(s.auxLoss, 0.0); // dense blocks have no auxiliary loss
    }
    QCOMPARE(trainer.samplesSeen(), Index(6 * 100 + 32)); // 6 epochs of 100, then one batch
}

void TestTrainer::stepTimeIsBrokenDown_data()
{
    QTest::addColumn<bool>("moe");
    QTest::addColumn<int>("sharedExperts");
    QTest::newRow("dense") << false << 0;
    QTest::newRow("moe") << true << 0;
    QTest::newRow("moe with a shared expert") << true << 1;
}

void TestTrainer::stepTimeIsBrokenDown()
{
    // Structure, not speed: every part is measured, none is negative, together they fit in the
    // step, a dense model spends nothing on routing or experts, and the run's sum is the steps'.
    QFETCH(bool, moe);
    QFETCH(int, sharedExperts);
    const Dataset data = rings(100, 21);
    ModelConfig model = configFor(data);
    model.blocks = 2;
    if (moe) {
        model.blockKind = BlockKind::Moe;
        model.moe.experts = 4;
        model.moe.topK = 2;
        model.moe.expertHidden = 8;
        model.moe.sharedExperts = sharedExperts;
    }
    TrainingConfig config;
    config.batchSize = 32;
    Trainer trainer(model, data, Dataset {}, config);
    StepTime sum;
    for (int i = 0; i < 12; ++i) {
        const StepTime t = trainer.step().time;
        QVERIFY(t.routing >= 0.0 && t.experts >= 0.0 && t.rest >= 0.0 && t.optimizer >= 0.0);
        QVERIFY(t.total > 0.0);
        QVERIFY2(t.parts() <= t.total * (1.0 + 1e-12),
                 qPrintable(QString::number(t.parts() - t.total)));
        if (moe) {
            QVERIFY(t.routing > 0.0 && t.experts > 0.0);
        } else {
            QCOMPARE(t.routing, 0.0);
            QCOMPARE(t.experts, 0.0);
        }
        sum += t;
    }
    // An evaluation between steps does not leak into the next step's routing or experts.
    trainer.evaluate();
    const StepTime next = trainer.step().time;
    QVERIFY(next.parts() <= next.total * (1.0 + 1e-12));
    sum += next;
    const StepTime &run = trainer.timeSpent();
    QCOMPARE(run.routing, sum.routing);
    QCOMPARE(run.experts, sum.experts);
    QCOMPARE(run.rest, sum.rest);
    QCOMPARE(run.optimizer, sum.optimizer);
    QCOMPARE(run.total, sum.total);
    QCOMPARE(trainer.trainingSeconds(), run.total);
    const StepTime ms = run.scaled(1000.0 / 13.0);
    QCOMPARE(ms.optimizer, run.optimizer * (1000.0 / 13.0));
}

void TestTrainer::epochsCoverTheTrainingSet()
{
    const Dataset data = rings(100, 9);
    TrainingConfig config;
    config.batchSize = 32;
    Trainer trainer(configFor(data), data, Dataset {}, config);
    QCOMPARE(trainer.batchesPerEpoch(), Index(4));
    std::vector<Index> sizes, epochs;
    for (int i = 0; i < 8; ++i) {
        const StepStats s = trainer.step();
        sizes.push_back(s.samples);
        epochs.push_back(s.epoch);
    }
    QCOMPARE(sizes, (std::vector<Index> {32, 32, 32, 4, 32, 32, 32, 4}));
    QCOMPARE(epochs, (std::vector<Index> {0, 0, 0, 0, 1, 1, 1, 1}));
    // A batch larger than the data uses the whole set every step.
    config.batchSize = 1000;
    Trainer whole(configFor(data), data, Dataset {}, config);
    QCOMPARE(whole.step().samples, Index(100));
}

void TestTrainer::mismatchedModelIsRejected()
{
    const Dataset data = rings(10, 1);
    ModelConfig config = configFor(data);
    config.outputDim = 5;
    QVERIFY_THROWS_EXCEPTION(ConfigError, Trainer(config, data, Dataset {}, TrainingConfig {}));
    TrainingConfig bad;
    bad.batchSize = 0;
    QVERIFY_THROWS_EXCEPTION(ConfigError, Trainer(configFor(data), data, Dataset {}, bad));
    QVERIFY_THROWS_EXCEPTION(ConfigError, Trainer(configFor(data), Dataset {}, Dataset {}, {}));
    // The test set is checked too: its width, and labels inside 0..classes-1.
    Dataset wide = data;
    wide.features = Matrix::Zero(data.size(), 3);
    QVERIFY_THROWS_EXCEPTION(ConfigError, Trainer(configFor(data), data, wide, TrainingConfig {}));
    Dataset badLabel = data;
    badLabel.labels[4] = 7;
    try {
        Trainer trainer(configFor(data), data, badLabel, TrainingConfig {});
        QFAIL("expected DataError");
    } catch (const DataError &error) {
        QVERIFY2(QString::fromUtf8(error.what()).contains("label 7 at sample 5"), error.what());
    }
}

QTEST_APPLESS_MAIN(TestTrainer)
#include "tst_trainer.moc"
