// The MoE block: the batched, parallel path against the plain reference, finite-difference
// gradients for every router and loss (with dropping on and off), and thread-count determinism.

#include "core/base/parallel.h"
#include "core/moe/moeblock.h"
#include "gradcheck.h"

#include <QTest>

using namespace moe;

namespace {
constexpr int kWidth = 4;
constexpr Index kTokens = 12;

struct Setup
{
    MoeConfig config;
    bool training = true;
};

MoeConfig baseConfig(RouterKind router, int experts, int k, std::optional<double> cf)
{
    MoeConfig c;
    c.router = router;
    c.experts = experts;
    c.topK = k;
    c.expertHidden = 5;
    c.capacityFactor = cf;
    c.balanceLoss = 0.05;
    c.zLoss = 0.01;
    return c;
}

// The router's tiny init makes every token's probabilities nearly equal; tests want decisive,
// varied routing, so the router weights are scaled up.
void sharpenRouter(MoeBlock &block, Rng &rng)
{
    Parameter *router = block.parameters().front();
    router->value = test::randomMatrix(router->value.rows(), router->value.cols(), rng, 1.5);
}

// One forward (fast or reference) with a fresh generator of a fixed seed, so that noise, jitter and
// random drop priorities are the same in every evaluation of the loss.
double probeLoss(MoeBlock &block, const Matrix &x, const Matrix &r, bool training, bool reference)
{
    Rng rng(99);
    Matrix y;
    const ForwardContext context {training, &rng};
    if (reference)
        block.forwardReference(x, y, context);
    else
        block.forward(x, y, context);
    return test::probe(y, r) + block.auxiliaryLoss();
}

struct Gradients
{
    Matrix y, dx;
    std::vector<Matrix> params;
    double aux = 0.0;
};

Gradients runPath(MoeBlock &block, const Matrix &x, const Matrix &r, bool training, bool reference)
{
    for (Parameter *p : block.parameters())
        p->zeroGrad();
    Rng rng(99);
    Gradients g;
    const ForwardContext context {training, &rng};
    if (reference) {
        block.forwardReference(x, g.y, context);
        block.backwardReference(x, r, g.dx);
    } else {
        block.forward(x, g.y, context);
        block.backward(x, r, g.dx);
    }
    g.aux = block.auxiliaryLoss();
    for (Parameter *p : block.parameters())
        g.params.push_back(p->grad);
    return g;
}

float maxDiff(const Matrix &a, const Matrix &b)
{
    return a.size() == 0 ? 0.0f : (a - b).cwiseAbs().maxCoeff();
}
} // namespace

class TestMoeBlock : public QObject
{
    Q_OBJECT

private slots:
    void routers_data();
    void fastPathMatchesReference_data() { routers_data(); }
    void fastPathMatchesReference();
    void gradientsMatchFiniteDifference_data() { routers_data(); }
    void gradientsMatchFiniteDifference();
    void sameResultForAnyThreadCount_data() { routers_data(); }
    void sameResultForAnyThreadCount();
    void droppedTokensPassThroughTheResidual();
    void accounting();
};

void TestMoeBlock::routers_data()
{
    QTest::addColumn<int>("router");
    QTest::addColumn<int>("experts");
    QTest::addColumn<int>("k");
    QTest::addColumn<double>("capacity"); // 0 = no limit
    QTest::addColumn<int>("policy");
    QTest::addColumn<int>("shared");
    QTest::addColumn<bool>("renormalize");
    QTest::addColumn<bool>("training");
    const int position = int(DropPolicy::Position), score = int(DropPolicy::Score),
              random = int(DropPolicy::Random);
    const int topk = int(RouterKind::TopK), sw = int(RouterKind::Switch),
              noisy = int(RouterKind::NoisyTopK), ec = int(RouterKind::ExpertChoice),
              auxFree = int(RouterKind::AuxFree);
    QTest::newRow("topk k2 dropless") << topk << 4 << 2 << 0.0 << position << 0 << true << true;
    QTest::newRow("topk k2 cf0.5 position")
        << topk << 4 << 2 << 0.5 << position << 0 << true << true;
    QTest::newRow("topk k2 cf0.5 score") << topk << 4 << 2 << 0.5 << score << 0 << true << true;
    QTest::newRow("topk k2 cf0.5 random") << topk << 4 << 2 << 0.5 << random << 0 << true << true;
    QTest::newRow("topk k3 raw gates") << topk << 5 << 3 << 1.0 << position << 0 << false << true;
    QTest::newRow("topk k1 (raw p)") << topk << 4 << 1 << 1.0 << position << 0 << true << true;
    QTest::newRow("topk shared expert") << topk << 4 << 2 << 1.0 << position << 1 << true << true;
    QTest::newRow("topk eval") << topk << 4 << 2 << 1.0 << random << 0 << true << false;
    QTest::newRow("switch cf1 jitter") << sw << 4 << 1 << 1.0 << position << 0 << true << true;
    QTest::newRow("switch dropless") << sw << 3 << 1 << 0.0 << position << 0 << true << true;
    QTest::newRow("noisy k2 cf1") << noisy << 4 << 2 << 1.0 << position << 0 << true << true;
    QTest::newRow("noisy k1 dropless") << noisy << 4 << 1 << 0.0 << position << 0 << true << true;
    QTest::newRow("noisy eval") << noisy << 4 << 2 << 1.0 << position << 0 << true << false;
    QTest::newRow("expert choice cf1") << ec << 4 << 1 << 1.0 << position << 0 << true << true;
    QTest::newRow("expert choice cf2") << ec << 3 << 1 << 2.0 << position << 1 << true << true;
    QTest::newRow("aux-free k2 cf1") << auxFree << 4 << 2 << 1.0 << position << 0 << true << true;
    QTest::newRow("aux-free k1 dropless")
        << auxFree << 4 << 1 << 0.0 << position << 0 << true << true;
    QTest::newRow("one expert") << topk << 1 << 1 << 1.0 << position << 0 << true << true;
}

#define MOE_FETCH_CONFIG()                                                                         \
    QFETCH(int, router);                                                                           \
    QFETCH(int, experts);                                                                          \
    QFETCH(int, k);                                                                                \
    QFETCH(double, capacity);                                                                      \
    QFETCH(int, policy);                                                                           \
    QFETCH(int, shared);                                                                           \
    QFETCH(bool, renormalize);                                                                     \
    QFETCH(bool, training);                                                                        \
    MoeConfig config = baseConfig(RouterKind(router), experts, k,                                  \
                                  capacity > 0 ? std::optional<double>(capacity) : std::nullopt);  \
    config.dropPolicy = DropPolicy(policy);                                                        \
    config.sharedExperts = shared;                                                                 \
    config.renormalize = renormalize;                                                              \
    config.jitter = RouterKind(router) == RouterKind::Switch ? 0.05 : 0.0

void TestMoeBlock::fastPathMatchesReference()
{
    MOE_FETCH_CONFIG();
    Rng rng(5);
    MoeBlock block("moe", kWidth, config, Activation::Gelu, rng);
    sharpenRouter(block, rng);
    const Matrix x = test::randomMatrix(kTokens, kWidth, rng);
    const Matrix r = test::randomMatrix(kTokens, kWidth, rng);
    const Gradients fast = runPath(block, x, r, training, false);
    const Index dropped = block.lastDecision().droppedSlots();
    const Gradients ref = runPath(block, x, r, training, true);
    QCOMPARE(block.lastDecision().droppedSlots(), dropped);
    QVERIFY(maxDiff(fast.y, ref.y) < 1e-5f);
    QVERIFY(maxDiff(fast.dx, ref.dx) < 1e-5f);
    QCOMPARE(fast.aux, ref.aux);
    for (std::size_t i = 0; i < fast.params.size(); ++i)
        QVERIFY2(maxDiff(fast.params[i], ref.params[i]) < 1e-5f,
                 qPrintable(QString::fromStdString(block.parameters()[i]->name)));
    if (capacity == 0.5)
        QVERIFY(dropped > 0); // these rows are about dropping: make sure it happens
    if (capacity == 0.0 && RouterKind(router) != RouterKind::ExpertChoice)
        QCOMPARE(dropped, Index(0));
}

void TestMoeBlock::gradientsMatchFiniteDifference()
{
    MOE_FETCH_CONFIG();
    Rng rng(17);
    MoeBlock block("moe", kWidth, config, Activation::Gelu, rng);
    sharpenRouter(block, rng);
    Matrix x = test::randomMatrix(kTokens, kWidth, rng);
    const Matrix r = test::randomMatrix(kTokens, kWidth, rng);
    const Gradients analytic = runPath(block, x, r, training, false);
    QVERIFY(analytic.aux > 0.0 || config.balanceLoss == 0.0);
    auto loss = [&] { return probeLoss(block, x, r, training, false); };
    // The discrete part of the routing: which expert each slot went to and whether it was kept.
    auto state = [&] {
        std::vector<int> s;
        for (const Assignment &a : block.lastDecision().assignments)
            s.insert(s.end(), {int(a.token), a.expert, a.kept ? 1 : 0});
        return s;
    };
    const auto params = block.parameters();
    Index checked = 0, unstable = 0;
    for (std::size_t i = 0; i < params.size(); ++i) {
        const auto result = test::checkGradientPiecewise(params[i]->value, analytic.params[i], loss,
                                                         state, 2e-3f);
        checked += result.checked;
        unstable += result.unstable;
        QVERIFY2(result.maxError < 5e-3,
                 qPrintable(QStringLiteral("%1: error %2 (analytic %3, numeric %4)")
                                .arg(QString::fromStdString(params[i]->name))
                                .arg(result.maxError)
                                .arg(result.analyticAtWorst)
                                .arg(result.numericAtWorst)));
    }
    const auto dx = test::checkGradientPiecewise(x, analytic.dx, loss, state, 2e-3f);
    MOE_VERIFY_GRADIENT(dx, 5e-3);
    // Routing switches are rare at these step sizes: nearly every entry is really checked.
    QVERIFY2(unstable + dx.unstable <= (checked + dx.checked) / 100,
             qPrintable(QStringLiteral("%1 of %2 entries sit on a routing switch")
                            .arg(unstable + dx.unstable)
                            .arg(checked + dx.checked)));
}

void TestMoeBlock::sameResultForAnyThreadCount()
{
    MOE_FETCH_CONFIG();
    config.expertHidden = 96; // big enough that experts' products are worth threads
    Rng rng(23);
    MoeBlock block("moe", 32, config, Activation::Relu, rng);
    const Matrix x = test::randomMatrix(256, 32, rng);
    const Matrix r = test::randomMatrix(256, 32, rng);
    const int before = threadCount();
    setThreadCount(1);
    const Gradients one = runPath(block, x, r, training, false);
    setThreadCount(2);
    const Gradients two = runPath(block, x, r, training, false);
    setThreadCount(before);
    QVERIFY(one.y == two.y);
    QVERIFY(one.dx == two.dx);
    QCOMPARE(one.aux, two.aux);
    for (std::size_t i = 0; i < one.params.size(); ++i)
        QVERIFY(one.params[i] == two.params[i]);
}

void TestMoeBlock::droppedTokensPassThroughTheResidual()
{
    MoeConfig config = baseConfig(RouterKind::TopK, 4, 1, 0.25); // C = ceil(0.25 * 12 / 4) = 1
    Rng rng(3);
    MoeBlock block("moe", kWidth, config, Activation::Gelu, rng);
    sharpenRouter(block, rng);
    const Matrix x = test::randomMatrix(kTokens, kWidth, rng);
    Matrix y;
    block.forward(x, y, {true, &rng});
    const RoutingDecision &d = block.lastDecision();
    QCOMPARE(d.capacity, Index(1));
    QVERIFY(d.keptSlots() <= 4);
    QCOMPARE(d.tokensWithoutExpert(), kTokens - d.keptSlots());
    int passedThrough = 0;
    for (const Assignment &a : d.assignments)
        if (!a.kept) {
            QVERIFY(y.row(a.token) == x.row(a.token)); // exactly the residual
            ++passedThrough;
        } else {
            QVERIFY(y.row(a.token) != x.row(a.token));
        }
    QVERIFY(passedThrough >= 8);
    // Evaluation is dropless: every token reaches its expert.
    block.forward(x, y, {false, nullptr});
    QCOMPARE(block.lastDecision().droppedSlots(), Index(0));
    QCOMPARE(block.lastDecision().tokensWithoutExpert(), Index(0));
}

void TestMoeBlock::accounting()
{
    MoeConfig config = baseConfig(RouterKind::TopK, 8, 2, 1.25);
    config.expertHidden = 32;
    Rng rng(1);
    MoeBlock block("moe", 16, config, Activation::Relu, rng);
    const Index expert = 16 * 32 + 32 + 32 * 16 + 16; // 1,072
    const Index router = 8 * 16;
    const BlockCost cost = block.cost();
    QCOMPARE(cost.totalParams, router + 8 * expert);
    QCOMPARE(cost.activeParams, router + 2 * expert);
    QCOMPARE(cost.forwardFlops, 2.0 * 16 * 8 + 2 * (2.0 * 2 * 16 * 32));
    Index counted = 0;
    for (Parameter *p : block.parameters())
        counted += p->size();
    QCOMPARE(counted, cost.totalParams);

    config.router = RouterKind::NoisyTopK;
    config.sharedExperts = 1;
    MoeBlock noisy("moe", 16, config, Activation::Relu, rng);
    QCOMPARE(noisy.cost().totalParams, 2 * router + 9 * expert);
    QCOMPARE(noisy.cost().activeParams, 2 * router + 3 * expert);
    QCOMPARE(noisy.cost().forwardFlops, 2 * 2.0 * 16 * 8 + 3 * (2.0 * 2 * 16 * 32));

    config.router = RouterKind::ExpertChoice; // cf experts per token on average
    config.sharedExperts = 0;
    config.capacityFactor = 2.0;
    MoeBlock ec("moe", 16, config, Activation::Relu, rng);
    QCOMPARE(ec.cost().activeParams, router + 2 * expert);
}

QTEST_APPLESS_MAIN(TestMoeBlock)
#include "tst_moeblock.moc"
