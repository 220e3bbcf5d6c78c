// The router of every kind with hand-set weights (docs/moe.md, sections [1]-[8]): which experts
// are chosen, the combine weights, the balance and z-loss values, and the aux-free selection bias;
// every kind's rule in the table (core/moe/routers/table.cpp) and its gradient against finite
// differences.

#include "core/base/error.h"
#include "core/moe/router.h"
#include "core/moe/routerrule.h"
#include "gradcheck.h"

#include <QTest>
#include <algorithm>
#include <cmath>
#include <numeric>

using namespace moe;

namespace {
MoeConfig configOf(RouterKind router, int experts, int k)
{
    return {.experts = experts, .topK = k, .router = router, .capacityFactor = std::nullopt};
}

Matrix &weightOf(Router &router)
{
    return router.parameters().front()->value;
}

// p = softmax(x W^T), in double, independently of the engine.
Eigen::MatrixXd softmaxOf(const Matrix &x, const Matrix &w)
{
    const Eigen::MatrixXd h = x.cast<double>() * w.cast<double>().transpose();
    Eigen::MatrixXd p = (h.colwise() - h.rowwise().maxCoeff()).array().exp();
    return p.array().colwise() / p.rowwise().sum().array();
}

// Experts of one row by decreasing value.
std::vector<int> ranking(const Eigen::RowVectorXd &row)
{
    std::vector<int> order(std::size_t(row.size()));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return row[a] > row[b]; });
    return order;
}

std::vector<int> chosenExperts(const RoutingDecision &d)
{
    std::vector<int> experts;
    for (const Assignment &a : d.assignments)
        experts.push_back(a.expert);
    return experts;
}

// Every kind the name table knows, in enum order: RouterKind(i) for i = 0, 1, ... as long as its
// name parses back to it.
std::vector<RouterKind> allRouterKinds()
{
    std::vector<RouterKind> kinds;
    for (int i = 0; i < 64; ++i) {
        const auto kind = RouterKind(i);
        if (parseRouter(routerName(kind)) != kind)
            break;
        kinds.push_back(kind);
    }
    return kinds;
}

const ForwardContext kEval {false, nullptr};
} // namespace

class TestRouter : public QObject
{
    Q_OBJECT

private slots:
    void topKMatchesASortedRanking_data();
    void topKMatchesASortedRanking();
    void refilledDecisionEqualsAFreshOne();
    void tokenChoiceGates_data();
    void tokenChoiceGates();
    void expertChoiceFillsEveryExpert();
    void auxFreeBiasSelectsButDoesNotWeigh();
    void selectionBiasStep_data();
    void selectionBiasStep();
    void lossesAtUniformRouting_data();
    void lossesAtUniformRouting();
    void noisyTopKIsDeterministicInEvaluation();
    void noisyTopKOneGatesAreRaw();
    void topOneRoutersLearnWithoutBalanceLoss_data();
    void topOneRoutersLearnWithoutBalanceLoss();
    void liveSettingsKeepTheWeights();
    void everyRouterKindHasARule();
    void ruleGradientsMatchFiniteDifference_data();
    void ruleGradientsMatchFiniteDifference();
};

void TestRouter::tokenChoiceGates_data()
{
    QTest::addColumn<int>("router");
    QTest::addColumn<int>("k");
    QTest::addColumn<bool>("renormalize");
    QTest::addColumn<int>("usedK");
    QTest::addColumn<bool>("expectRenormalized");
    const int topk = int(RouterKind::TopK), sw = int(RouterKind::Switch);
    QTest::newRow("topk k2 renormalised") << topk << 2 << true << 2 << true;
    QTest::newRow("topk k3 renormalised") << topk << 3 << true << 3 << true;
    QTest::newRow("topk k2 raw") << topk << 2 << false << 2 << false;
    QTest::newRow("topk k1 raw p despite renormalize") << topk << 1 << true << 1 << false;
    QTest::newRow("switch: k1, raw max p") << sw << 3 << true << 1 << false;
}

void TestRouter::tokenChoiceGates()
{
    QFETCH(int, router);
    QFETCH(int, k);
    QFETCH(bool, renormalize);
    QFETCH(int, usedK);
    QFETCH(bool, expectRenormalized);
    MoeConfig config = configOf(RouterKind(router), 5, k);
    config.renormalize = renormalize;
    Rng rng(11);
    Router r("router", 3, config, rng);
    weightOf(r) = test::randomMatrix(5, 3, rng, 1.5);
    const Matrix x = test::randomMatrix(7, 3, rng);
    const Eigen::MatrixXd p = softmaxOf(x, weightOf(r));
    RoutingDecision d;
    r.route(x, kEval, d);
    QCOMPARE(d.topK, usedK);
    QCOMPARE(d.assignments.size(), std::size_t(7 * usedK));
    QVERIFY((d.probs.cast<double>() - p).cwiseAbs().maxCoeff() < 1e-6);
    for (Index t = 0; t < 7; ++t) {
        const std::vector<int> order = ranking(p.row(t));
        double chosenSum = 0.0, gateSum = 0.0;
        for (int j = 0; j < usedK; ++j)
            chosenSum += p(t, order[std::size_t(j)]);
        for (int j = 0; j < usedK; ++j) {
            const Assignment &a = d.assignments[std::size_t(t * usedK + j)];
            QCOMPARE(a.token, t);
            QCOMPARE(a.rank, j);
            QCOMPARE(a.expert, order[std::size_t(j)]); // the k largest p, largest first
            const double pe = p(t, a.expert);
            QVERIFY(std::abs(a.gate - (expectRenormalized ? pe / chosenSum : pe)) < 1e-6);
            gateSum += a.gate;
        }
        if (expectRenormalized)
            QVERIFY(std::abs(gateSum - 1.0) < 1e-6);
        else
            QVERIFY(gateSum < 1.0 - 1e-3); // raw gates: a strict share of the probability
    }
}

void TestRouter::expertChoiceFillsEveryExpert()
{
    // Tokens on the positive x-axis at decreasing radius. Expert 0 (logit 5r) wants the far ones;
    // experts 1, 3 (logit 0) and 2 (logit -5r) all want the two nearest: the middle four tokens
    // get no expert.
    MoeConfig config = configOf(RouterKind::ExpertChoice, 4, 1);
    config.capacityFactor = 1.0; // C = ceil(8 / 4) = 2
    Rng rng(1);
    Router r("router", 2, config, rng);
    weightOf(r) = (Matrix(4, 2) << 5, 0, 0, 5, -5, 0, 0, -5).finished();
    Matrix x = Matrix::Zero(8, 2);
    x.col(0) << 3.0f, 2.5f, 2.0f, 1.5f, 1.0f, 0.5f, 0.25f, 0.1f;
    const Eigen::MatrixXd p = softmaxOf(x, weightOf(r));
    RoutingDecision d;
    r.route(x, ForwardContext {true, &rng}, d);
    QVERIFY(d.expertChoice);
    QCOMPARE(d.capacity, Index(2));
    QCOMPARE(d.routed, (std::vector<Index> {2, 2, 2, 2}));
    QCOMPARE(d.keptPerExpert(), (std::vector<Index> {2, 2, 2, 2}));
    const std::vector<std::vector<Index>> expected {{0, 1}, {7, 6}, {7, 6}, {7, 6}};
    for (std::size_t i = 0; i < d.assignments.size(); ++i) {
        const Assignment &a = d.assignments[i];
        QCOMPARE(a.expert, int(i / 2));
        QCOMPARE(a.token, expected[i / 2][i % 2]);
        QVERIFY(std::abs(a.gate - p(a.token, a.expert)) < 1e-6); // g = p_te, not renormalised
    }
    QCOMPARE(d.tokensWithoutExpert(), Index(4));
    QCOMPARE(d.balanceLoss, 0.0);
}

void TestRouter::auxFreeBiasSelectsButDoesNotWeigh()
{
    // One input feature: h = x * (0.3, 0.2, 0.1, 0); the first token prefers experts 0 and 1.
    MoeConfig config = configOf(RouterKind::AuxFree, 4, 2);
    config.biasUpdateRate = 0.1;
    Rng rng(1);
    Router r("router", 1, config, rng);
    weightOf(r) = (Matrix(4, 1) << 0.3f, 0.2f, 0.1f, 0.0f).finished();
    const Matrix x = (Matrix(3, 1) << 1.0f, 2.0f, -1.0f).finished();
    auto sigmoid = [](double z) { return 1.0 / (1.0 + std::exp(-z)); };
    auto verifyGates = [&](const RoutingDecision &d) {
        for (std::size_t i = 0; i < d.assignments.size(); i += 2) {
            const Assignment &a = d.assignments[i], &b = d.assignments[i + 1];
            const double sa = sigmoid(x(a.token, 0) * weightOf(r)(a.expert, 0));
            const double sb = sigmoid(x(b.token, 0) * weightOf(r)(b.expert, 0));
            QVERIFY(std::abs(a.gate - sa / (sa + sb)) < 1e-6); // unbiased s, renormalised
            QVERIFY(std::abs(b.gate - sb / (sa + sb)) < 1e-6);
            QVERIFY(std::abs(d.probs(a.token, a.expert) - sa) < 1e-6);
        }
    };
    RoutingDecision before;
    r.route(x, kEval, before);
    QCOMPARE(chosenExperts(before), (std::vector<int> {0, 1, 0, 1, 3, 2}));
    verifyGates(before);

    r.updateSelectionBias({10, 6, 0, 0}); // mean 4: b = (-0.1, -0.1, 0.1, 0.1)
    QCOMPARE(r.selectionBias(), (RowVector(4) << -0.1f, -0.1f, 0.1f, 0.1f).finished());
    RoutingDecision after;
    r.route(x, kEval, after);
    // s + b of the first token = (0.474, 0.450, 0.625, 0.600): experts 2 and 3 now.
    QCOMPARE(chosenExperts(after), (std::vector<int> {2, 3, 2, 3, 3, 2}));
    verifyGates(after);
    QCOMPARE(after.probs, before.probs); // the bias never reaches the scores
}

void TestRouter::selectionBiasStep_data()
{
    QTest::addColumn<int>("router");
    QTest::addColumn<std::vector<Index>>("load");
    QTest::addColumn<std::vector<float>>("expected"); // in units of u
    const int auxFree = int(RouterKind::AuxFree);
    QTest::newRow("mean 4") << auxFree << std::vector<Index> {8, 4, 4, 0}
                            << std::vector<float> {-1, 0, 0, 1};
    QTest::newRow("all equal") << auxFree << std::vector<Index> {3, 3, 3, 3}
                               << std::vector<float> {0, 0, 0, 0};
    QTest::newRow("mean 2.5") << auxFree << std::vector<Index> {1, 2, 3, 4}
                              << std::vector<float> {1, 1, -1, -1};
    QTest::newRow("not aux-free: no bias")
        << int(RouterKind::TopK) << std::vector<Index> {8, 0, 0, 0}
        << std::vector<float> {0, 0, 0, 0};
}

void TestRouter::selectionBiasStep()
{
    QFETCH(int, router);
    QFETCH(std::vector<Index>, load);
    QFETCH(std::vector<float>, expected);
    MoeConfig config = configOf(RouterKind(router), 4, 2);
    config.biasUpdateRate = 0.25; // a power of two: the steps add up exactly
    Rng rng(1);
    Router r("router", 3, config, rng);
    QCOMPARE(r.selectionBias(), RowVector(RowVector::Zero(4)));
    r.updateSelectionBias(load);
    r.updateSelectionBias(load);
    for (int e = 0; e < 4; ++e)
        QCOMPARE(r.selectionBias()[e], 2 * 0.25f * expected[std::size_t(e)]);
}

void TestRouter::lossesAtUniformRouting_data()
{
    QTest::addColumn<int>("router");
    QTest::addColumn<int>("experts");
    QTest::addColumn<int>("k");
    QTest::addColumn<bool>("balanced"); // false: the balance loss is 0 (expert choice)
    const int topk = int(RouterKind::TopK);
    QTest::newRow("topk E4 k1") << topk << 4 << 1 << true;
    QTest::newRow("topk E8 k2") << topk << 8 << 2 << true;
    QTest::newRow("topk E3 k2") << topk << 3 << 2 << true;
    QTest::newRow("switch E8") << int(RouterKind::Switch) << 8 << 1 << true;
    QTest::newRow("aux-free E4 k2") << int(RouterKind::AuxFree) << 4 << 2 << true;
    QTest::newRow("expert choice E4") << int(RouterKind::ExpertChoice) << 4 << 1 << false;
}

void TestRouter::lossesAtUniformRouting()
{
    QFETCH(int, router);
    QFETCH(int, experts);
    QFETCH(int, k);
    QFETCH(bool, balanced);
    MoeConfig config = configOf(RouterKind(router), experts, k);
    config.balanceLoss = 0.3;
    config.zLoss = 0.02;
    Rng rng(2);
    Router r("router", 3, config, rng);
    weightOf(r).setZero(); // uniform p = 1/E: every token picks the same k experts (ties)
    const Matrix x = test::randomMatrix(10, 3, rng);
    RoutingDecision d;
    r.route(x, ForwardContext {true, &rng}, d);
    // alpha * E * sum_e f_e * (1/E) = alpha, however unbalanced f is.
    if (balanced)
        QVERIFY2(std::abs(d.balanceLoss - 0.3) < 1e-7, qPrintable(QString::number(d.balanceLoss)));
    else
        QCOMPARE(d.balanceLoss, 0.0);
    // Every logit is 0: logsumexp = log E for every token.
    const double logE = std::log(double(experts));
    QVERIFY(std::abs(d.zLoss - 0.02 * logE * logE) < 1e-9);
}

void TestRouter::noisyTopKIsDeterministicInEvaluation()
{
    MoeConfig config = configOf(RouterKind::NoisyTopK, 5, 2);
    Rng rng(3);
    Router r("router", 3, config, rng);
    const auto params = r.parameters();                     // W_r, W_n
    QCOMPARE(params[1]->value, Matrix(Matrix::Zero(5, 3))); // W_n starts at zero
    weightOf(r) = test::randomMatrix(5, 3, rng, 1.5);
    params[1]->value = test::randomMatrix(5, 3, rng, 0.5);
    const Matrix x = test::randomMatrix(9, 3, rng);
    const Eigen::MatrixXd p = softmaxOf(x, weightOf(r));
    Rng a(1), b(2);
    RoutingDecision first, second;
    r.route(x, ForwardContext {false, &a}, first); // a generator, but evaluation: no noise
    r.route(x, ForwardContext {false, &b}, second);
    QCOMPARE(first.probs, second.probs);
    QVERIFY((first.probs.cast<double>() - p).cwiseAbs().maxCoeff() < 1e-6);
    for (std::size_t i = 0; i < first.assignments.size(); ++i) {
        const Assignment &f = first.assignments[i];
        QCOMPARE(f.expert, second.assignments[i].expert);
        QCOMPARE(f.gate, second.assignments[i].gate);
        const std::vector<int> order = ranking(p.row(f.token));
        QCOMPARE(f.expert, order[std::size_t(f.rank)]); // top-k of the clean logits
        const double chosen = p(f.token, order[0]) + p(f.token, order[1]);
        QVERIFY(std::abs(f.gate - p(f.token, f.expert) / chosen) < 1e-6); // softmax over the k
    }
    // In training the noise is real: two generators, two different noisy distributions.
    RoutingDecision noisyA, noisyB;
    r.route(x, ForwardContext {true, &a}, noisyA);
    r.route(x, ForwardContext {true, &b}, noisyB);
    QVERIFY((noisyA.probs - noisyB.probs).cwiseAbs().maxCoeff() > 1e-3f);
}

void TestRouter::noisyTopKOneGatesAreRaw()
{
    // k = 1: the gate is P = softmax(H) over all E at the chosen expert (a softmax over the one
    // chosen logit would always be 1); k = 2: a softmax over the two chosen H, summing to 1.
    for (const int k : {1, 2}) {
        MoeConfig config = configOf(RouterKind::NoisyTopK, 5, k);
        Rng rng(3);
        Router r("router", 3, config, rng);
        weightOf(r) = test::randomMatrix(5, 3, rng, 1.5);
        const Matrix x = test::randomMatrix(9, 3, rng);
        RoutingDecision d;
        Rng noise(4);
        r.route(x, ForwardContext {true, &noise}, d);
        QCOMPARE(d.assignments.size(), std::size_t(9 * k));
        double smallest = 1.0;
        for (Index t = 0; t < 9; ++t) {
            double sum = 0.0;
            for (int j = 0; j < k; ++j) {
                const Assignment &a = d.assignments[std::size_t(t * k + j)];
                sum += a.gate;
                if (k == 1)
                    QCOMPARE(a.gate, d.probs(t, a.expert)); // d.probs: softmax of the noisy H
            }
            smallest = std::min(smallest, sum);
            if (k == 2)
                QVERIFY(std::abs(sum - 1.0) < 1e-5);
        }
        if (k == 1)
            QVERIFY2(smallest < 0.9, qPrintable(QString::number(smallest))); // not a constant 1
    }
}

void TestRouter::topOneRoutersLearnWithoutBalanceLoss_data()
{
    QTest::addColumn<int>("router");
    QTest::addColumn<bool>("renormalize");
    for (const RouterRuleEntry &entry : routerRules())
        for (bool renormalize : {true, false})
            QTest::newRow(qPrintable(QStringLiteral("%1%2")
                                         .arg(QString::fromUtf8(routerName(entry.kind).data()))
                                         .arg(renormalize ? "" : " raw gates")))
                << int(entry.kind) << renormalize;
}

void TestRouter::topOneRoutersLearnWithoutBalanceLoss()
{
    // With k = 1 and no balance or z-loss, the task's gradient (dL/dg) alone must reach the
    // router's weights: a gate that is constant at k = 1 would leave the router as initialised
    // (noisy top-k once did, and reached 0.76 test accuracy where k = 2 reached 0.91).
    QFETCH(int, router);
    QFETCH(bool, renormalize);
    MoeConfig config = configOf(RouterKind(router), 4, 1);
    config.renormalize = renormalize;
    config.balanceLoss = 0.0;
    config.zLoss = 0.0;
    Rng rng(17);
    Router r("router", 3, config, rng);
    const Matrix x = test::randomMatrix(16, 3, rng);
    RoutingDecision d;
    Rng noise(2);
    r.route(x, ForwardContext {true, &noise}, d);
    QVERIFY(!d.assignments.empty());
    QCOMPARE(d.balanceLoss, 0.0);
    std::vector<float> dGate(d.assignments.size());
    for (float &g : dGate)
        g = float(rng.normal());
    for (Parameter *p : r.parameters())
        p->zeroGrad();
    Matrix dx = Matrix::Zero(x.rows(), x.cols());
    r.backward(x, d, dGate, dx);
    const Parameter *weight = r.parameters().front(); // W_r
    QVERIFY2(weight->grad.cwiseAbs().maxCoeff() > 1e-4f,
             qPrintable(QStringLiteral("dL/dW_r = %1").arg(weight->grad.cwiseAbs().maxCoeff())));
    QVERIFY(dx.cwiseAbs().maxCoeff() > 1e-4f);
}

void TestRouter::liveSettingsKeepTheWeights()
{
    MoeConfig config = configOf(RouterKind::TopK, 4, 2);
    config.capacityFactor = 1.25;
    config.balanceLoss = 0.01;
    Rng rng(5);
    Router r("router", 3, config, rng);
    weightOf(r) = test::randomMatrix(4, 3, rng, 1.5);
    const Matrix weights = weightOf(r);
    const Matrix x = test::randomMatrix(8, 3, rng);
    RoutingDecision before;
    r.route(x, ForwardContext {true, &rng}, before);
    QCOMPARE(before.capacity, Index(5)); // ceil(1.25 * 2 * 8 / 4)

    MoeConfig live = config;
    live.capacityFactor = 0.5;
    live.balanceLoss = 0.5;
    live.dropPolicy = DropPolicy::Score;
    live.experts = 6; // structural: ignored by a live change
    live.topK = 3;
    r.setLiveSettings(live);
    QCOMPARE(weightOf(r), weights);
    QCOMPARE(r.config().balanceLoss, 0.5);
    QCOMPARE(r.config().dropPolicy, DropPolicy::Score);
    QCOMPARE(r.config().experts, 4);
    QCOMPARE(r.config().topK, 2);
    RoutingDecision after;
    r.route(x, ForwardContext {true, &rng}, after);
    QCOMPARE(after.capacity, Index(2)); // ceil(0.5 * 2 * 8 / 4)
    QCOMPARE(after.routed, before.routed);
    QVERIFY(std::abs(after.balanceLoss / before.balanceLoss - 50.0) < 1e-6);
}

void TestRouter::topKMatchesASortedRanking_data()
{
    QTest::addColumn<int>("k");
    for (int k : {1, 2, 4, 8, 9, 20, 64}) // up to 8 by one scan, above by a partial sort
        QTest::newRow(qPrintable(QStringLiteral("k=%1").arg(k))) << k;
}

void TestRouter::topKMatchesASortedRanking()
{
    // Values from a small set, so ties are common: the k largest, largest first, ties to the
    // lower index, exactly as a stable sort by decreasing value orders them.
    QFETCH(int, k);
    Rng rng(7);
    std::vector<int> chosen {99, 98}; // stale contents must not leak into the answer
    for (int trial = 0; trial < 200; ++trial) {
        RowVector row(64);
        for (Index e = 0; e < row.size(); ++e)
            row[e] = float(int(rng.uniform() * 10.0)) / 4.0f;
        topKIndices(row, k, chosen);
        std::vector<int> expected = ranking(row.cast<double>());
        expected.resize(std::size_t(k));
        QCOMPARE(chosen, expected);
    }
    // A NaN (a diverging router) never outranks a number.
    RowVector row = RowVector::LinSpaced(8, 0.0f, 7.0f);
    row[7] = std::nanf("");
    topKIndices(row, 2, chosen);
    QCOMPARE(chosen, (std::vector<int> {6, 5}));
}

void TestRouter::refilledDecisionEqualsAFreshOne()
{
    // A router refills the same decision every step, keeping its storage: after a batch of 64
    // tokens with capacity limits, a batch of 5 must come out exactly as from a fresh decision.
    MoeConfig config = configOf(RouterKind::TopK, 8, 2);
    config.capacityFactor = 1.0;
    Rng init(3);
    Router router("r", 4, config, init);
    weightOf(router) = Matrix::Random(8, 4) * 3.0f;
    const ForwardContext training {true, nullptr};
    RoutingDecision reused;
    router.route(Matrix::Random(64, 4), training, reused);
    QVERIFY(reused.droppedSlots() > 0);
    const Matrix small = Matrix::Random(5, 4);
    router.route(small, training, reused);
    RoutingDecision fresh;
    router.route(small, training, fresh);
    QCOMPARE(reused.tokens, fresh.tokens);
    QCOMPARE(reused.capacity, fresh.capacity);
    QCOMPARE(reused.routed, fresh.routed);
    QCOMPARE(reused.buckets, fresh.buckets);
    QCOMPARE(chosenExperts(reused), chosenExperts(fresh));
    for (std::size_t i = 0; i < fresh.assignments.size(); ++i) {
        QCOMPARE(reused.assignments[i].kept, fresh.assignments[i].kept);
        QCOMPARE(reused.assignments[i].slot, fresh.assignments[i].slot);
        QCOMPARE(reused.assignments[i].gate, fresh.assignments[i].gate);
    }
}

void TestRouter::everyRouterKindHasARule()
{
    const std::vector<RouterKind> kinds = allRouterKinds();
    QVERIFY(kinds.size() >= 5); // at least topk, switch, noisy-topk, expert-choice, aux-free
    QCOMPARE(routerRules().size(), kinds.size()); // one row each, no duplicates
    for (RouterKind kind : kinds) {
        const auto rows = std::count_if(routerRules().begin(), routerRules().end(),
                                        [&](const RouterRuleEntry &e) { return e.kind == kind; });
        QVERIFY2(rows == 1, routerName(kind).data());
        const auto rule = makeRouterRule(kind, "router", 3, 4);
        QVERIFY(rule != nullptr);
        // The per-kind switches the Router reads from the rule.
        QCOMPARE(rule->jittersInput(), kind == RouterKind::Switch);
        QCOMPARE(rule->balancesBySelectionBias(), kind == RouterKind::AuxFree);
        QCOMPARE(rule->parameters().size(), std::size_t(kind == RouterKind::NoisyTopK ? 1 : 0));
    }
    QVERIFY_THROWS_EXCEPTION(ConfigError, makeRouterRule(RouterKind(kinds.size()), "r", 3, 4));
}

void TestRouter::ruleGradientsMatchFiniteDifference_data()
{
    QTest::addColumn<int>("router");
    QTest::addColumn<bool>("renormalize");
    QTest::addColumn<int>("k");
    for (const RouterRuleEntry &entry : routerRules())
        for (bool renormalize : {true, false})
            for (int k : {2, 1}) // k = 1: the raw gates of top-k, aux-free and noisy top-k
                QTest::newRow(qPrintable(QStringLiteral("%1%2 k%3")
                                             .arg(QString::fromUtf8(routerName(entry.kind).data()))
                                             .arg(renormalize ? "" : " raw gates")
                                             .arg(k)))
                    << int(entry.kind) << renormalize << k;
}

void TestRouter::ruleGradientsMatchFiniteDifference()
{
    // L = sum_i c_i g_i + balance loss + z-loss, in training (noise, jitter, capacity): the rule's
    // gate gradient and balance-loss gradient, through the Router, against finite differences on
    // W_r, the rule's own parameters and x. The same generator seed every pass draws the same
    // noise and jitter.
    QFETCH(int, router);
    QFETCH(bool, renormalize);
    QFETCH(int, k);
    const auto kind = RouterKind(router);
    MoeConfig config = configOf(kind, 5, k);
    config.renormalize = renormalize;
    config.balanceLoss = 0.05;
    config.zLoss = 0.01;
    config.jitter = 0.05;
    config.capacityFactor = kind == RouterKind::ExpertChoice ? std::optional(1.0) : std::nullopt;
    Rng rng(23);
    Router r("router", 3, config, rng);
    r.setSelectionBias((RowVector(5) << 0.1f, -0.05f, 0.0f, 0.02f, -0.1f).finished());
    for (Parameter *p : r.parameters())
        p->value = test::randomMatrix(p->value.rows(), p->value.cols(), rng, 1.5);
    Matrix x = test::randomMatrix(12, 3, rng);
    RoutingDecision d;
    auto route = [&] {
        Rng noise(5);
        r.route(x, ForwardContext {true, &noise}, d);
    };
    route();
    std::vector<float> c(d.assignments.size());
    for (float &ci : c)
        ci = float(rng.normal());
    auto loss = [&] {
        route();
        double l = d.balanceLoss + d.zLoss;
        for (std::size_t i = 0; i < c.size() && i < d.assignments.size(); ++i)
            l += double(c[i]) * double(d.assignments[i].gate);
        return l;
    };
    // The discrete part: the chosen pairs, and each token's full ranking (noisy-topk's load
    // thresholds depend on it).
    auto state = [&] {
        std::vector<int> s;
        for (const Assignment &a : d.assignments)
            s.insert(s.end(), {int(a.token), a.expert, a.kept ? 1 : 0});
        for (Index t = 0; t < d.tokens; ++t) {
            const std::vector<int> order = ranking(d.probs.row(t).cast<double>());
            s.insert(s.end(), order.begin(), order.end());
        }
        return s;
    };

    route();
    QVERIFY(d.balanceLoss > 0.0 || kind == RouterKind::ExpertChoice);
    const auto params = r.parameters();
    for (Parameter *p : params)
        p->zeroGrad();
    Matrix dx = Matrix::Zero(x.rows(), x.cols());
    r.backward(x, d, c, dx);
    std::vector<Matrix> grads;
    for (Parameter *p : params)
        grads.push_back(p->grad);

    Index checked = 0, unstable = 0;
    for (std::size_t i = 0; i < params.size(); ++i) {
        const auto result
            = test::checkGradientPiecewise(params[i]->value, grads[i], loss, state, 2e-3f);
        MOE_VERIFY_GRADIENT(result, 5e-3);
        checked += result.checked;
        unstable += result.unstable;
    }
    const auto dxCheck = test::checkGradientPiecewise(x, dx, loss, state, 2e-3f);
    MOE_VERIFY_GRADIENT(dxCheck, 5e-3);
    QVERIFY2(unstable + dxCheck.unstable <= (checked + dxCheck.checked) / 20,
             qPrintable(QStringLiteral("%1 of %2 entries sit on a routing switch")
                            .arg(unstable + dxCheck.unstable)
                            .arg(checked + dxCheck.checked)));
}

QTEST_APPLESS_MAIN(TestRouter)
#include "tst_router.moc"
