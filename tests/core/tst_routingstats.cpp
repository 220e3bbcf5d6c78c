// Routing metrics (docs/moe.md, "Metrics") from hand-built decisions: load CV, max
// violation, Jain's index, drops, entropy, class affinity, additivity, and dead experts.

#include "core/moe/moeblock.h"
#include "core/moe/routingstats.h"
#include "core/moe/routingwindow.h"
#include "gradcheck.h"

#include <QTest>
#include <cmath>

using namespace moe;

namespace {
constexpr int kWidth = 3;

MoeConfig configOf(int experts, int k)
{
    MoeConfig c;
    c.experts = experts;
    c.topK = k;
    c.expertHidden = 4;
    c.capacityFactor = std::nullopt;
    return c;
}

// Top-1 routing with the given per-expert loads: tokens go to expert 0 first, then 1, ...
// Probabilities are uniform; every slot is kept, gate = 0.5.
RoutingDecision decisionWithLoads(const std::vector<Index> &loads)
{
    RoutingDecision d;
    d.experts = int(loads.size());
    d.topK = 1;
    for (std::size_t e = 0; e < loads.size(); ++e)
        for (Index i = 0; i < loads[e]; ++i)
            d.assignments.push_back({d.tokens++, int(e), 0, 0.5f, true, -1});
    d.capacity = d.tokens;
    d.probs = Matrix::Constant(d.tokens, d.experts, 1.0f / float(d.experts));
    d.routed = loads;
    return d;
}

// Two experts, k = 2, four tokens: token 0 lost both slots, token 1 its second one.
RoutingDecision decisionWithDrops()
{
    RoutingDecision d;
    d.tokens = 4;
    d.experts = 2;
    d.topK = 2;
    d.capacity = 3;
    d.probs = Matrix::Constant(4, 2, 0.5f);
    for (Index t = 0; t < 4; ++t)
        for (int r = 0; r < 2; ++r)
            d.assignments.push_back(
                {t, int(t + r) % 2, r, r == 0 ? 0.75f : 0.25f, t > 1 || (t == 1 && r == 0), -1});
    return d;
}

bool near(double a, double b, double tolerance = 1e-9)
{
    return std::abs(a - b) <= tolerance;
}
} // namespace

class TestRoutingStats : public QObject
{
    Q_OBJECT

private slots:
    void loadStatistics_data();
    void loadStatistics();
    void dropsAreCountedAfterCapacity();
    void routerEntropy_data();
    void routerEntropy();
    void classAffinity();
    void countsAreAdditive();
    void aWindowHoldsTheLastSteps();
    void fullBatchLoadLeavesOutTheShortBatch();
    void deadExperts();
};

void TestRoutingStats::loadStatistics_data()
{
    QTest::addColumn<std::vector<Index>>("loads");
    QTest::addColumn<double>("cv");
    QTest::addColumn<double>("maxViolation");
    QTest::addColumn<double>("jain");
    QTest::addColumn<int>("idle");
    // Mean 3 in every row: CV = sqrt(population variance) / 3.
    QTest::newRow("balanced") << std::vector<Index> {3, 3, 3, 3} << 0.0 << 0.0 << 1.0 << 0;
    QTest::newRow("one heavy") << std::vector<Index> {6, 2, 2, 2} << std::sqrt(3.0) / 3 << 1.0
                               << 144.0 / 192.0 << 0;
    QTest::newRow("collapsed") << std::vector<Index> {12, 0, 0, 0} << std::sqrt(3.0) << 3.0 << 0.25
                               << 3;
    QTest::newRow("one idle") << std::vector<Index> {5, 4, 3, 0} << std::sqrt(3.5) / 3 << 2.0 / 3
                              << 144.0 / 200.0 << 1;
}

void TestRoutingStats::loadStatistics()
{
    QFETCH(std::vector<Index>, loads);
    QFETCH(double, cv);
    QFETCH(double, maxViolation);
    QFETCH(double, jain);
    QFETCH(int, idle);
    Rng rng(1);
    MoeBlock block("moe", kWidth, configOf(4, 1), Activation::Gelu, rng);
    RoutingCounts counts;
    counts.add(decisionWithLoads(loads));
    const RoutingStats s = summarizeRouting(counts, block);
    QCOMPARE(s.experts, 4);
    QCOMPARE(s.steps, Index(1));
    QCOMPARE(s.tokens, Index(12));
    QVERIFY2(near(s.loadCv, cv), qPrintable(QString::number(s.loadCv)));
    QVERIFY(near(s.maxViolation, maxViolation));
    QVERIFY2(near(s.jainIndex, jain), qPrintable(QString::number(s.jainIndex)));
    QCOMPARE(s.idleExperts, idle);
    QCOMPARE(s.deadExperts, 0); // a block that never trained has no dead experts
    QCOMPARE(s.droppedFraction, 0.0);
    QCOMPARE(s.tokensWithoutExpert, Index(0));
    for (std::size_t e = 0; e < 4; ++e) {
        QCOMPARE(s.perExpert[e].routed, loads[e]);
        QVERIFY(near(s.perExpert[e].idealShare, double(loads[e]) / 3.0)); // of k T / E = 3
        QCOMPARE(s.perExpert[e].meanGate, loads[e] > 0 ? 0.5 : 0.0);
    }
}

void TestRoutingStats::dropsAreCountedAfterCapacity()
{
    Rng rng(1);
    MoeBlock block("moe", kWidth, configOf(2, 2), Activation::Gelu, rng);
    RoutingCounts counts;
    counts.add(decisionWithDrops());
    const RoutingStats s = summarizeRouting(counts, block);
    QCOMPARE(s.droppedFraction, 3.0 / 8.0);
    QCOMPARE(s.tokensWithoutExpert, Index(1));
    QCOMPARE(s.capacity, 3.0);
    // Loads are taken before dropping: 4 slots each, perfectly even.
    QCOMPARE(s.perExpert[0].routed, Index(4));
    QCOMPARE(s.perExpert[1].routed, Index(4));
    QCOMPARE(s.loadCv, 0.0);
    // Token 0 (0 -> 0, 1 -> 1) lost both; token 1 (0 -> 1, 1 -> 0) lost its slot at expert 0.
    QCOMPARE(s.perExpert[0].kept, Index(2));
    QCOMPARE(s.perExpert[0].dropped, Index(2));
    QCOMPARE(s.perExpert[1].kept, Index(3));
    QCOMPARE(s.perExpert[1].dropped, Index(1));
    QCOMPARE(s.perExpert[0].meanGate, 0.5); // two first choices (0.75), two second (0.25)
}

void TestRoutingStats::routerEntropy_data()
{
    QTest::addColumn<int>("experts");
    QTest::addColumn<bool>("sigmoid"); // aux-free scores, normalised before the entropy
    QTest::newRow("E2") << 2 << false;
    QTest::newRow("E4") << 4 << false;
    QTest::newRow("E8") << 8 << false;
    QTest::newRow("E4 aux-free scores") << 4 << true;
}

void TestRoutingStats::routerEntropy()
{
    QFETCH(int, experts);
    QFETCH(bool, sigmoid);
    Rng rng(1);
    MoeBlock block("moe", kWidth, configOf(experts, 1), Activation::Gelu, rng);
    RoutingDecision uniform = decisionWithLoads(std::vector<Index>(std::size_t(experts), 1));
    if (sigmoid)
        uniform.probs.setConstant(0.3f);
    RoutingCounts counts;
    counts.add(uniform);
    RoutingStats s = summarizeRouting(counts, block);
    const double logE = std::log(double(experts));
    QVERIFY(near(s.maxEntropy, logE));
    QVERIFY2(near(s.routerEntropy, logE, 1e-6), qPrintable(QString::number(s.routerEntropy)));

    // Add as many one-hot tokens (entropy 0): the mean halves.
    RoutingDecision oneHot = uniform;
    oneHot.probs.setZero();
    oneHot.probs.col(0).setConstant(sigmoid ? 0.9f : 1.0f);
    counts.add(oneHot);
    s = summarizeRouting(counts, block);
    QVERIFY(near(s.routerEntropy, logE / 2, 1e-6));
}

void TestRoutingStats::classAffinity()
{
    // k = 2 over 3 experts; classes of tokens 0..3: 0, 1, 0, 1.
    RoutingDecision d;
    d.tokens = 4;
    d.experts = 3;
    d.topK = 2;
    d.capacity = 8;
    d.probs = Matrix::Constant(4, 3, 1.0f / 3);
    const int choices[4][2] = {{0, 1}, {2, 1}, {0, 2}, {2, 0}};
    for (Index t = 0; t < 4; ++t)
        for (int r = 0; r < 2; ++r)
            d.assignments.push_back({t, choices[t][r], r, 0.5f, true, -1});
    const std::vector<int> labels {0, 1, 0, 1};
    Rng rng(1);
    MoeBlock block("moe", kWidth, configOf(3, 2), Activation::Gelu, rng);
    RoutingCounts counts;
    counts.add(d, labels, 2);
    const RoutingStats s = summarizeRouting(counts, block);
    // Class 0 slots: experts 0, 1, 0, 2 -> (2, 1, 1) / 4; class 1: 2, 1, 2, 0 -> (1, 1, 2) / 4.
    const Matrix expected = (Matrix(2, 3) << 0.5f, 0.25f, 0.25f, 0.25f, 0.25f, 0.5f).finished();
    QCOMPARE(s.classAffinity, expected);
    QVERIFY((s.classAffinity.rowwise().sum().array() - 1.0f).abs().maxCoeff() < 1e-6f);
    QCOMPARE(counts.classByExpert, Matrix(expected * 4.0f));
}

void TestRoutingStats::countsAreAdditive()
{
    Rng rng(1);
    MoeBlock block("moe", kWidth, configOf(2, 2), Activation::Gelu, rng);
    const RoutingDecision first = decisionWithDrops();
    RoutingDecision second = decisionWithDrops();
    for (Assignment &a : second.assignments) // different loads, gates, drops and entropy
        a = {a.token, 0, a.rank, 0.6f, a.token != 2, -1};
    second.probs.col(0).setConstant(0.8f);
    second.probs.col(1).setConstant(0.2f);
    second.balanceLoss = 0.25;
    const std::vector<int> labels {1, 0, 1, 1};

    RoutingCounts a, b, together;
    a.add(first, labels, 2);
    b.add(second, labels, 2);
    together.add(first, labels, 2);
    together.add(second, labels, 2);
    a.add(b);
    QCOMPARE(a.steps, Index(2));
    QCOMPARE(a.tokens, together.tokens);
    QCOMPARE(a.assignedSlots, together.assignedSlots);
    QCOMPARE(a.allocatedSlots, together.allocatedSlots);
    QCOMPARE(a.routed, together.routed);
    QCOMPARE(a.kept, together.kept);
    QCOMPARE(a.routed, (std::vector<Index> {12, 4}));
    QCOMPARE(a.tokensWithoutExpert, Index(2));
    QCOMPARE(a.classByExpert, together.classByExpert);
    QVERIFY(near(a.entropySum, together.entropySum));
    QVERIFY(near(a.balanceLossSum, 0.25));
    for (std::size_t e = 0; e < 2; ++e)
        QVERIFY(near(a.gateSum[e], together.gateSum[e]));
    const RoutingStats sa = summarizeRouting(a, block), st = summarizeRouting(together, block);
    QVERIFY(near(sa.loadCv, 0.5)); // loads 12 and 4: std 4 over mean 8
    QCOMPARE(sa.loadCv, st.loadCv);
    QCOMPARE(sa.droppedFraction, st.droppedFraction);
    QCOMPARE(sa.classAffinity, st.classAffinity);
    QVERIFY(near(sa.balanceLoss, 0.125)); // mean per step
    // Adding an empty window changes nothing; adding to an empty one copies.
    RoutingCounts empty;
    a.add(empty);
    QCOMPARE(a.steps, Index(2));
    empty.add(a);
    QCOMPARE(empty.routed, a.routed);
}

void TestRoutingStats::aWindowHoldsTheLastSteps()
{
    // Three steps into a window of two: the total is the last two steps, exactly.
    RoutingWindow window(2);
    QCOMPARE(window.total().steps, Index(0));
    const std::vector<std::vector<Index>> loads {{9, 1}, {4, 4}, {2, 6}};
    for (const std::vector<Index> &l : loads) {
        RoutingCounts step;
        step.add(decisionWithLoads(l));
        window.add(step);
    }
    QCOMPARE(window.size(), Index(2));
    const RoutingCounts total = window.total();
    QCOMPARE(total.steps, Index(2));
    QCOMPARE(total.tokens, Index(16));
    QCOMPARE(total.routed, (std::vector<Index> {6, 10}));
    window.clear();
    QCOMPARE(window.total().steps, Index(0));
}

void TestRoutingStats::fullBatchLoadLeavesOutTheShortBatch()
{
    // Two full batches of 16 and an epoch's short last batch of 4 between them: the load of one
    // full batch is the mean of the two full ones, with their C, and the short one is left out.
    RoutingWindow window(10);
    QCOMPARE(window.fullBatchLoad().batches, Index(0));
    for (const std::vector<Index> &l : std::vector<std::vector<Index>> {{10, 6}, {2, 2}, {4, 12}}) {
        RoutingCounts step;
        step.add(decisionWithLoads(l));
        window.add(step);
    }
    const BatchLoad load = window.fullBatchLoad();
    QCOMPARE(load.batches, Index(2));
    QCOMPARE(load.tokens, Index(16));
    QCOMPARE(load.capacity, Index(16)); // decisionWithLoads: C = the batch
    QCOMPARE(load.kept, (std::vector<double> {7.0, 9.0}));
    QCOMPARE(load.dropped, (std::vector<double> {0.0, 0.0}));
    QCOMPARE(load.least, (std::vector<Index> {4, 6}));
    QCOMPARE(load.most, (std::vector<Index> {10, 12}));
}

void TestRoutingStats::deadExperts()
{
    // k = 3 of 4 and expert 3's router row far below the others on positive inputs: every token
    // takes experts 0, 1, 2 and never 3.
    MoeConfig config = configOf(4, 3);
    config.deadAfterSteps = 3;
    Rng rng(2);
    MoeBlock block("moe", kWidth, config, Activation::Gelu, rng);
    Matrix &router = block.parameters().front()->value;
    router.row(3).setConstant(-50.0f);
    const Matrix x = test::randomMatrix(16, kWidth, rng).cwiseAbs().array() + 0.1f;
    Matrix y;
    for (int step = 1; step <= 3; ++step) {
        block.forward(x, y, {true, &rng});
        QCOMPARE(block.stepsSinceUsed(), (std::vector<int> {0, 0, 0, step}));
        RoutingCounts counts;
        counts.add(block.lastDecision());
        const RoutingStats s = summarizeRouting(counts, block);
        QCOMPARE(s.idleExperts, 1);
        QCOMPARE(s.perExpert[3].stepsSinceUsed, step);
        QCOMPARE(s.perExpert[3].dead, step >= 3);
        QCOMPARE(s.deadExperts, step >= 3 ? 1 : 0);
    }
    block.forward(x, y, {false, nullptr}); // evaluation does not count as a step
    QCOMPARE(block.stepsSinceUsed(), (std::vector<int> {0, 0, 0, 3}));
    // Revived: expert 3 is now everyone's first choice.
    router.row(3).setConstant(50.0f);
    block.forward(x, y, {true, &rng});
    QCOMPARE(block.stepsSinceUsed()[3], 0);
    RoutingCounts counts;
    counts.add(block.lastDecision());
    QCOMPARE(summarizeRouting(counts, block).deadExperts, 0);
}

QTEST_APPLESS_MAIN(TestRoutingStats)
#include "tst_routingstats.moc"
