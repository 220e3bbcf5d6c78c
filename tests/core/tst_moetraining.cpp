// Whole models with MoE blocks, trained by the Trainer: end-to-end gradients of task loss plus
// auxiliary losses, determinism, the routing statistics of steps and evaluations, and the
// qualitative MoE results (a balance loss or the aux-free bias evens out a collapsing router).

#include "core/base/parallel.h"
#include "core/moe/capacity.h"
#include "core/nn/loss.h"
#include "core/train/trainer.h"
#include "gradcheck.h"

#include <QTest>
#include <cmath>

using namespace moe;

namespace {
// k well-separated Gaussian clusters on a circle of radius 2, labelled by cluster.
Dataset clusters(Index n, int k, std::uint64_t seed)
{
    Rng rng(seed);
    Dataset data;
    data.numClasses = k;
    data.features.resize(n, 2);
    for (Index i = 0; i < n; ++i) {
        const int c = int(i % k);
        const double angle = 6.283185307 * c / k;
        data.features(i, 0) = float(2.0 * std::cos(angle) + 0.3 * rng.normal());
        data.features(i, 1) = float(2.0 * std::sin(angle) + 0.3 * rng.normal());
        data.labels.push_back(c);
    }
    return data;
}

ModelConfig moeModel(RouterKind router, int experts, int k, int classes)
{
    ModelConfig c;
    c.inputDim = 2;
    c.outputDim = classes;
    c.width = 8;
    c.blocks = 2;
    c.activation = Activation::Gelu;
    c.blockKind = BlockKind::Moe;
    c.moe.router = router;
    c.moe.experts = experts;
    c.moe.topK = k;
    c.moe.expertHidden = 16;
    c.moe.capacityFactor = 1.0;
    return c;
}

void addRouterRows()
{
    QTest::addColumn<int>("router");
    QTest::addColumn<int>("policy");
    const int position = int(DropPolicy::Position);
    QTest::newRow("topk") << int(RouterKind::TopK) << position;
    QTest::newRow("topk random drops") << int(RouterKind::TopK) << int(DropPolicy::Random);
    QTest::newRow("topk score drops") << int(RouterKind::TopK) << int(DropPolicy::Score);
    QTest::newRow("switch jitter") << int(RouterKind::Switch) << position;
    QTest::newRow("noisy-topk") << int(RouterKind::NoisyTopK) << position;
    QTest::newRow("expert choice") << int(RouterKind::ExpertChoice) << position;
    QTest::newRow("aux-free") << int(RouterKind::AuxFree) << position;
}

ModelConfig fetchedModel(int experts, int k, int classes)
{
    QFETCH(int, router);
    QFETCH(int, policy);
    ModelConfig c = moeModel(RouterKind(router), experts, k, classes);
    c.moe.dropPolicy = DropPolicy(policy);
    c.moe.jitter = RouterKind(router) == RouterKind::Switch ? 0.05 : 0.0;
    c.moe.balanceLoss = 0.05;
    c.moe.zLoss = 0.01;
    return c;
}

struct Run
{
    std::vector<double> losses, auxLosses;
    Matrix firstWeight;
};

Run runSteps(const ModelConfig &model, const Dataset &data, TrainingConfig config, int steps)
{
    Trainer trainer(model, data, Dataset {}, config);
    Run run;
    for (int i = 0; i < steps; ++i) {
        const StepStats s = trainer.step();
        run.losses.push_back(s.loss);
        run.auxLosses.push_back(s.auxLoss);
    }
    run.firstWeight = trainer.model().blocks().front()->parameters().front()->value;
    return run;
}

Index routedSum(const RoutingStats &s)
{
    Index sum = 0;
    for (const ExpertStats &e : s.perExpert)
        sum += e.routed;
    return sum;
}

// Load CV of the last 40 steps of a 300-step run on eight clusters, top-1 over eight experts.
double finalLoadCv(RouterKind router, double balanceLoss, double biasUpdateRate, std::uint64_t seed)
{
    ModelConfig model = moeModel(router, 8, 1, 8);
    model.blocks = 1;
    model.activation = Activation::Relu;
    model.moe.capacityFactor = std::nullopt;
    model.moe.balanceLoss = balanceLoss;
    model.moe.biasUpdateRate = biasUpdateRate;
    TrainingConfig config;
    config.batchSize = 64;
    config.evalEvery = 0;
    config.seed = seed;
    config.optimizer.learningRate = 0.02f;
    Trainer trainer(model, clusters(256, 8, 7), Dataset {}, config);
    for (int i = 0; i < 260; ++i)
        trainer.step();
    trainer.evaluate(); // starts the routing window
    return trainer.train(40).routing.front().loadCv;
}
} // namespace

class TestMoeTraining : public QObject
{
    Q_OBJECT

private slots:
    void gradientsOfTheWholeModel_data() { addRouterRows(); }
    void gradientsOfTheWholeModel();
    void sameSeedSameLosses_data() { addRouterRows(); }
    void sameSeedSameLosses();
    void threadCountDoesNotChangeTraining_data() { addRouterRows(); }
    void threadCountDoesNotChangeTraining();
    void routingStatsOfStepsAndWindows_data() { addRouterRows(); }
    void routingStatsOfStepsAndWindows();
    void balanceLossEvensOutLoad();
    void auxFreeBiasEvensOutLoad();
    void topOneRoutersMoveWithoutBalanceLoss_data();
    void topOneRoutersMoveWithoutBalanceLoss();
    void inspectRoutingOfAnyInput_data() { addRouterRows(); }
    void inspectRoutingOfAnyInput();
    void extremeSettingsStayFinite();
};

void TestMoeTraining::gradientsOfTheWholeModel()
{
    ModelConfig config = fetchedModel(4, 2, 3);
    config.width = 4;
    config.moe.expertHidden = 5;
    Rng rng(17);
    Model model(config, rng);
    std::vector<MoeBlock *> blocks;
    for (const auto &block : model.blocks()) {
        blocks.push_back(dynamic_cast<MoeBlock *>(block.get()));
        Matrix &router = block->parameters().front()->value; // decisive, varied routing
        router = test::randomMatrix(router.rows(), router.cols(), rng, 1.5);
    }
    QCOMPARE(blocks.size(), std::size_t(2));
    const Matrix x = test::randomMatrix(12, 2, rng);
    std::vector<int> labels;
    for (int t = 0; t < 12; ++t)
        labels.push_back(t % 3);

    // The training loss with a fresh generator: the same noise, jitter and drop keys each time.
    Matrix out, dOut;
    auto forward = [&](Matrix *dOutput) {
        Rng stepRng(99);
        model.forward(x, out, ForwardContext {true, &stepRng});
        return softmaxCrossEntropy(out, labels, dOutput) + model.auxiliaryLoss();
    };
    model.zeroGrad();
    QVERIFY(forward(&dOut) > 0.0);
    QVERIFY(model.auxiliaryLoss() > 0.0);
    if (config.moe.dropPolicy != DropPolicy::Position) // rows about dropping: it must happen
        QVERIFY(blocks[0]->lastDecision().droppedSlots() + blocks[1]->lastDecision().droppedSlots()
                > 0);
    model.backward(dOut);
    const auto params = model.parameters();
    std::vector<Matrix> analytic;
    for (Parameter *p : params)
        analytic.push_back(p->grad);

    auto loss = [&] { return forward(nullptr); };
    auto state = [&] {
        std::vector<int> s;
        for (const MoeBlock *block : blocks)
            for (const Assignment &a : block->lastDecision().assignments)
                s.insert(s.end(), {int(a.token), a.expert, a.kept ? 1 : 0});
        return s;
    };
    Index checked = 0, unstable = 0;
    for (std::size_t i = 0; i < params.size(); ++i) {
        const auto result
            = test::checkGradientPiecewise(params[i]->value, analytic[i], loss, state, 2e-3f);
        checked += result.checked;
        unstable += result.unstable;
        QVERIFY2(result.maxError < 1e-2,
                 qPrintable(QStringLiteral("%1: error %2, analytic %3, numeric %4")
                                .arg(params[i]->name.c_str())
                                .arg(result.maxError)
                                .arg(result.analyticAtWorst)
                                .arg(result.numericAtWorst)));
    }
    QVERIFY2(unstable <= checked / 50,
             qPrintable(QStringLiteral("%1 of %2 entries unstable").arg(unstable).arg(checked)));
}

void TestMoeTraining::sameSeedSameLosses()
{
    const ModelConfig model = fetchedModel(4, 2, 8);
    const Dataset data = clusters(256, 8, 3);
    TrainingConfig config;
    config.seed = 21;
    const Run a = runSteps(model, data, config, 30), b = runSteps(model, data, config, 30);
    QVERIFY(a.losses == b.losses); // exact equality
    QVERIFY(a.auxLosses == b.auxLosses);
    QVERIFY(a.firstWeight == b.firstWeight);
    config.seed = 22;
    QVERIFY(runSteps(model, data, config, 30).losses != a.losses);
}

void TestMoeTraining::threadCountDoesNotChangeTraining()
{
    // 256 tokens x 2 slots x 2 * (2 * 32 * 128) FLOPs = 8.4 MFLOP > 2^20: experts run in parallel.
    ModelConfig model = fetchedModel(8, 2, 8);
    model.width = 32;
    model.blocks = 1;
    model.moe.expertHidden = 128;
    const Dataset data = clusters(512, 8, 4);
    TrainingConfig config;
    config.batchSize = 256;
    config.seed = 8;
    const int before = threadCount();
    setThreadCount(1);
    const Run one = runSteps(model, data, config, 4);
    setThreadCount(2);
    const Run two = runSteps(model, data, config, 4);
    setThreadCount(before);
    QVERIFY(one.losses == two.losses);
    QVERIFY(one.auxLosses == two.auxLosses);
    QVERIFY(one.firstWeight == two.firstWeight);
}

void TestMoeTraining::routingStatsOfStepsAndWindows()
{
    const ModelConfig model = fetchedModel(4, 2, 8);
    TrainingConfig config;
    config.batchSize = 32; // batches of 32, 32, 32 and 4 per epoch of 100
    Trainer trainer(model, clusters(100, 8, 5), Dataset {}, config);
    // Slots of a batch of T tokens: k T, or E C for expert choice.
    auto slotsOf = [&](Index tokens) {
        return model.moe.router == RouterKind::ExpertChoice
            ? 4 * expertChoiceCapacity(model.moe.capacityFactor, tokens, 4)
            : Index(model.moe.effectiveTopK()) * tokens;
    };
    Index windowSteps = 0, windowTokens = 0, windowSlots = 0;
    for (int step = 1; step <= 25; ++step) {
        const StepStats s = trainer.step();
        QCOMPARE(s.routing.size(), std::size_t(2)); // one per MoE block
        for (const RoutingStats &r : s.routing) {
            QCOMPARE(r.steps, Index(1));
            QCOMPARE(r.tokens, s.samples);
            QCOMPARE(routedSum(r), slotsOf(s.samples));
        }
        QVERIFY(s.auxLoss > 0.0);
        ++windowSteps;
        windowTokens += s.samples;
        windowSlots += slotsOf(s.samples);
        if (step % 10 != 0 && step != 25)
            continue;
        const EvalStats e = trainer.evaluate(); // the steps since the previous evaluation
        QCOMPARE(e.routing.size(), std::size_t(2));
        for (const RoutingStats &r : e.routing) {
            QCOMPARE(r.steps, windowSteps);
            QCOMPARE(r.tokens, windowTokens);
            QCOMPARE(routedSum(r), windowSlots);
        }
        windowSteps = windowTokens = windowSlots = 0;
    }
}

void TestMoeTraining::balanceLossEvensOutLoad()
{
    // Without a balance loss top-1 routing collapses onto a few experts (CV > 1 at these seeds);
    // alpha = 0.1 keeps the load nearly even (CV < 0.3).
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
        const double without = finalLoadCv(RouterKind::TopK, 0.0, 0.0, seed);
        const double with = finalLoadCv(RouterKind::TopK, 0.1, 0.0, seed);
        QVERIFY2(without > 0.8 && with < 0.4 && with < 0.5 * without,
                 qPrintable(QStringLiteral("seed %1: CV %2 without, %3 with the balance loss")
                                .arg(seed)
                                .arg(without)
                                .arg(with)));
    }
}

void TestMoeTraining::auxFreeBiasEvensOutLoad()
{
    // No loss term at all: the selection bias alone (u = 0.01 for a 300-step run) balances the
    // load; with u = 0 the same router collapses.
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
        const double biased = finalLoadCv(RouterKind::AuxFree, 0.0, 0.01, seed);
        const double frozen = finalLoadCv(RouterKind::AuxFree, 0.0, 0.0, seed);
        QVERIFY2(biased < 0.2 && frozen > 0.5,
                 qPrintable(QStringLiteral("seed %1: CV %2 with the bias, %3 without")
                                .arg(seed)
                                .arg(biased)
                                .arg(frozen)));
    }
}

void TestMoeTraining::topOneRoutersMoveWithoutBalanceLoss_data()
{
    QTest::addColumn<int>("router");
    for (RouterKind kind : {RouterKind::TopK, RouterKind::NoisyTopK, RouterKind::AuxFree})
        QTest::newRow(routerName(kind).data()) << int(kind);
}

void TestMoeTraining::topOneRoutersMoveWithoutBalanceLoss()
{
    // k = 1, no balance loss, no z-loss: the task alone must train the router's W_r (a constant
    // top-1 gate once left noisy top-k's router as initialised, docs/moe.md "[3] Noisy top-k").
    QFETCH(int, router);
    ModelConfig model = moeModel(RouterKind(router), 4, 1, 4);
    model.moe.balanceLoss = 0.0;
    model.moe.zLoss = 0.0;
    model.moe.capacityFactor.reset();
    TrainingConfig config;
    config.batchSize = 32;
    Trainer trainer(model, clusters(256, 4, 3), Dataset {}, config);
    const auto routerWeights = [&] {
        std::vector<Matrix> w;
        for (MoeBlock *block : trainer.moeBlocks())
            w.push_back(block->router().parameters().front()->value);
        return w;
    };
    const std::vector<Matrix> before = routerWeights();
    for (int step = 0; step < 20; ++step)
        trainer.step();
    const std::vector<Matrix> after = routerWeights();
    for (std::size_t b = 0; b < before.size(); ++b) {
        const float moved = (after[b] - before[b]).cwiseAbs().maxCoeff();
        QVERIFY2(
            moved > 1e-3f,
            qPrintable(QStringLiteral("block %1: W_r moved by %2").arg(b + 1).arg(double(moved))));
    }
}

void TestMoeTraining::inspectRoutingOfAnyInput()
{
    const ModelConfig model = fetchedModel(4, 2, 8);
    TrainingConfig config;
    config.batchSize = 32;
    Trainer trainer(model, clusters(128, 8, 6), Dataset {}, config);
    for (int i = 0; i < 3; ++i)
        trainer.step();
    const std::vector<int> usage = trainer.moeBlocks().front()->stepsSinceUsed();
    Matrix grid(25, 2); // a 5 x 5 grid over [-3, 3]^2
    for (Index i = 0; i < 25; ++i)
        grid.row(i) << float(-3.0 + 1.5 * double(i % 5)), float(-3.0 + 1.5 * double(i / 5));
    const std::vector<RoutingDecision> decisions = trainer.inspectRouting(grid);
    QCOMPARE(decisions.size(), std::size_t(2));
    const bool auxFree = model.moe.router == RouterKind::AuxFree;
    for (const RoutingDecision &d : decisions) {
        QCOMPARE(d.tokens, Index(25));
        QCOMPARE(d.probs.rows(), Index(25));
        QCOMPARE(d.probs.cols(), Index(4));
        if (auxFree) // sigmoid scores, not a distribution
            QVERIFY(d.probs.minCoeff() > 0.0f && d.probs.maxCoeff() < 1.0f);
        else
            QVERIFY((d.probs.rowwise().sum().array() - 1.0f).abs().maxCoeff() < 1e-5f);
        if (!d.expertChoice) { // evaluation is dropless for token-choice routers
            QCOMPARE(d.assignments.size(), std::size_t(25 * d.topK));
            QCOMPARE(d.droppedSlots(), Index(0));
        }
    }
    // Inspection is not training: usage and the routing window are untouched.
    QCOMPARE(trainer.moeBlocks().front()->stepsSinceUsed(), usage);
    const EvalStats e = trainer.evaluate();
    QCOMPARE(e.routing.front().steps, Index(3));
    QCOMPARE(e.routing.front().tokens, Index(96));
}

void TestMoeTraining::extremeSettingsStayFinite()
{
    // Every router with E at its ends (1, 2, 7, 256), k at its ends (1, 2, E), capacity factor at
    // its ends (0.25, 1, none), a batch of 1 and a batch larger than the 6-sample data set (with a
    // class missing from it): a few steps each, and every loss and evaluation stays finite.
    const Dataset tiny = clusters(6, 3, 11), test = clusters(3, 3, 12);
    int runs = 0;
    for (RouterKind router : {RouterKind::TopK, RouterKind::Switch, RouterKind::NoisyTopK,
                              RouterKind::ExpertChoice, RouterKind::AuxFree})
        for (int experts : {1, 2, 7, 256})
            for (int k : {1, 2, experts}) {
                if (k > experts)
                    continue;
                for (std::optional<double> capacity :
                     {std::optional<double>(0.25), std::optional<double>(1.0),
                      std::optional<double>()})
                    for (Index batch : {Index(1), Index(64)}) {
                        ModelConfig c = moeModel(router, experts, k, 3);
                        c.moe.capacityFactor = capacity;
                        c.moe.balanceLoss = 0.01;
                        c.moe.zLoss = 0.001;
                        TrainingConfig t;
                        t.batchSize = batch;
                        Trainer trainer(c, tiny, test, t);
                        for (int step = 0; step < 3; ++step) {
                            const StepStats s = trainer.step();
                            QVERIFY2(
                                std::isfinite(s.loss + s.auxLoss),
                                qPrintable(QString::fromStdString(trainer.model().describe())));
                        }
                        const EvalStats e = trainer.evaluate();
                        QVERIFY(std::isfinite(e.train.loss) && std::isfinite(e.test->loss));
                        ++runs;
                    }
            }
    QCOMPARE(runs, 5 * (2 + 3 + 3 + 3) * 3 * 2); // routers x (E, k) pairs x capacities x batches
}

QTEST_APPLESS_MAIN(TestMoeTraining)
#include "tst_moetraining.moc"
