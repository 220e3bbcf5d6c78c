// The one FLOP accounting of an MoE block (core/moe/moeflops.h): equal to what the block's own
// layers count (router matrices, expert FFNs), the matched-total-compute width rule on built
// models, and the router's share and crossover.

#include "core/moe/moeblock.h"
#include "core/moe/moeflops.h"
#include "core/train/model.h"

#include <QTest>

using namespace moe;

class TestMoeFlops : public QObject
{
    Q_OBJECT

private slots:
    void matchesTheLayersCounts_data();
    void matchesTheLayersCounts();
    void totalComputeWidthIsTheSmallestAtLeastTheMoe_data();
    void totalComputeWidthIsTheSmallestAtLeastTheMoe();
    void baselineWidths();
    void routerShareAndCrossover();
};

namespace {
MoeConfig config(RouterKind router, int experts, int k, int hidden, int shared)
{
    MoeConfig c;
    c.router = router;
    c.experts = experts;
    c.topK = k;
    c.expertHidden = hidden;
    c.sharedExperts = shared;
    return c;
}

void addConfigs()
{
    QTest::addColumn<int>("router");
    QTest::addColumn<int>("experts");
    QTest::addColumn<int>("k");
    QTest::addColumn<int>("hidden");
    QTest::addColumn<int>("shared");
    QTest::addColumn<int>("width");
    QTest::newRow("topk 8x32 k2 d16") << int(RouterKind::TopK) << 8 << 2 << 32 << 0 << 16;
    QTest::newRow("topk 64x4 k1 d8") << int(RouterKind::TopK) << 64 << 1 << 4 << 0 << 8;
    QTest::newRow("noisy 16x8 k2 shared1") << int(RouterKind::NoisyTopK) << 16 << 2 << 8 << 1 << 12;
    QTest::newRow("noisy 5x3 k1 d7") << int(RouterKind::NoisyTopK) << 5 << 1 << 3 << 0 << 7;
    QTest::newRow("switch 32x6 shared2") << int(RouterKind::Switch) << 32 << 4 << 6 << 2 << 10;
    QTest::newRow("aux-free 9x5 k3") << int(RouterKind::AuxFree) << 9 << 3 << 5 << 0 << 6;
    QTest::newRow("expert-choice 8x16") << int(RouterKind::ExpertChoice) << 8 << 2 << 16 << 1 << 16;
}

MoeConfig fromRow()
{
    QFETCH(int, router);
    QFETCH(int, experts);
    QFETCH(int, k);
    QFETCH(int, hidden);
    QFETCH(int, shared);
    MoeConfig c = config(RouterKind(router), experts, k, hidden, shared);
    c.capacityFactor = 1.5; // expert choice: 1.5 experts per token on average
    return c;
}
} // namespace

void TestMoeFlops::matchesTheLayersCounts_data()
{
    addConfigs();
}

void TestMoeFlops::matchesTheLayersCounts()
{
    const MoeConfig c = fromRow();
    QFETCH(int, width);
    Rng rng(3);
    const MoeBlock block("moe", width, c, Activation::Relu, rng);
    // What the layers themselves hold: the router's (E, d) matrices and one expert's W1, W2.
    const double layers = block.router().forwardFlopsPerSample()
        + (c.activeExperts() + c.sharedExperts) * block.expertFlopsPerSample();
    const MoeForwardFlops f = moeForwardFlops(c, width);
    QCOMPARE(f.router, block.router().forwardFlopsPerSample());
    QCOMPARE(f.total(), layers);
    QCOMPARE(block.cost().forwardFlops, layers);
    QCOMPARE(ffnForwardFlops(width, c.expertHidden), block.expertFlopsPerSample());
}

void TestMoeFlops::totalComputeWidthIsTheSmallestAtLeastTheMoe_data()
{
    addConfigs();
}

void TestMoeFlops::totalComputeWidthIsTheSmallestAtLeastTheMoe()
{
    ModelConfig moe;
    moe.moe = fromRow();
    QFETCH(int, width);
    moe.width = width;
    moe.blocks = 2;
    moe.blockKind = BlockKind::Moe;
    ModelConfig dense = moe;
    dense.blockKind = BlockKind::Dense;
    dense.hidden = matchedTotalComputeHidden(moe.moe, width);
    Rng rng(5);
    const double moeFlops = Model(moe, rng).cost().forwardFlopsPerSample;
    QVERIFY(Model(dense, rng).cost().forwardFlopsPerSample >= moeFlops);
    dense.hidden -= 1;
    QVERIFY(Model(dense, rng).cost().forwardFlopsPerSample < moeFlops);
}

void TestMoeFlops::baselineWidths()
{
    // topk: ceil(E/2 + (k + shared) h_e), whatever d is
    MoeConfig c = config(RouterKind::TopK, 8, 2, 32, 0);
    QCOMPARE(matchedExpertComputeHidden(c), 64);
    QCOMPARE(matchedTotalComputeHidden(c, 16), 68);
    QCOMPARE(matchedTotalComputeHidden(c, 3), 68);
    QCOMPARE(matchedParametersHidden(c), 256);
    c.experts = 9; // E/2 = 4.5 rounds up
    QCOMPARE(matchedTotalComputeHidden(c, 16), 69);
    c.sharedExperts = 1;
    QCOMPARE(matchedExpertComputeHidden(c), 96);
    QCOMPARE(matchedTotalComputeHidden(c, 16), 101);
    QCOMPARE(matchedParametersHidden(c), 320);
    c.router = RouterKind::NoisyTopK; // two routing matrices: + E
    QCOMPARE(matchedTotalComputeHidden(c, 16), 105);
    // the toy's extreme: E = 64 experts of h_e = 4, k = 1: the router costs 8x an expert
    const MoeConfig tiny = config(RouterKind::TopK, 64, 1, 4, 0);
    QCOMPARE(matchedExpertComputeHidden(tiny), 4);
    QCOMPARE(matchedTotalComputeHidden(tiny, 8), 36);
}

void TestMoeFlops::routerShareAndCrossover()
{
    // topk: share = E / (E + 2 h_e (k + s)); crossover at E = 2 h_e (k + s)
    MoeConfig c = config(RouterKind::TopK, 8, 2, 32, 0);
    QCOMPARE(moeForwardFlops(c, 16).routerShare(), 8.0 / (8.0 + 128.0));
    QCOMPARE(routerCrossoverExperts(c), 128.0);
    c.experts = 128;
    QCOMPARE(moeForwardFlops(c, 16).routerShare(), 0.5);
    c.router = RouterKind::NoisyTopK; // twice the router: crossover at half the E
    QCOMPARE(routerCrossoverExperts(c), 64.0);
    c.experts = 64;
    QCOMPARE(moeForwardFlops(c, 24).routerShare(), 0.5);
    // Mixtral 8x7B's proportions: d 4096, h_e 14336, k 2: about 0.01%
    const MoeConfig mixtral = config(RouterKind::TopK, 8, 2, 14336, 0);
    const double share = moeForwardFlops(mixtral, 4096).routerShare();
    QVERIFY(share > 1.3e-4 && share < 1.5e-4);
}

QTEST_APPLESS_MAIN(TestMoeFlops)
#include "tst_moeflops.moc"
