// The routing group at evaluation is the sample alone, for every router (docs/moe.md, "[4]
// Capacity and token dropping"): a sample's outputs and routing are the same whatever it is
// evaluated with (alone, in a batch of the test set, in another order, beside a map's grid), so
// the metrics, predictions, maps and routing statistics all agree. Expert choice, which picks
// tokens from a batch in training, evaluates by each expert's running threshold; before this,
// Trainer::predict and inspectRouting routed a whole part as one group and evaluate() chunks of
// 512, and a sample's prediction changed with the part it was evaluated in.

#include "core/moe/moeblock.h"
#include "core/train/trainer.h"

#include <QTest>
#include <cmath>

using namespace moe;

namespace {

Dataset rings(Index n, std::uint64_t seed)
{
    Rng rng(seed);
    Dataset data;
    data.numClasses = 3;
    data.features.resize(n, 2);
    for (Index i = 0; i < n; ++i) {
        const int c = int(i % 3);
        const double angle = 6.283185307 * rng.uniform(0.0, 1.0);
        data.features(i, 0) = float((1.0 + c) * std::cos(angle) + 0.2 * rng.normal());
        data.features(i, 1) = float((1.0 + c) * std::sin(angle) + 0.2 * rng.normal());
        data.labels.push_back(c);
    }
    return data;
}

ModelConfig moeModel(RouterKind router)
{
    ModelConfig c;
    c.inputDim = 2;
    c.outputDim = 3;
    c.width = 8;
    c.blocks = 2;
    c.blockKind = BlockKind::Moe;
    c.moe.router = router;
    c.moe.experts = 6;
    c.moe.topK = 2;
    c.moe.expertHidden = 12;
    c.moe.capacityFactor = 1.0;
    return c;
}

// Each kept (expert, gate) of `token`, in the decision's order.
std::vector<std::pair<int, float>> routeOf(const RoutingDecision &d, Index token)
{
    std::vector<std::pair<int, float>> route;
    for (const Assignment &a : d.assignments)
        if (a.token == token && a.kept)
            route.emplace_back(a.expert, a.gate);
    std::sort(route.begin(), route.end());
    return route;
}

} // namespace

class TestEvalRouting : public QObject
{
    Q_OBJECT

private slots:
    void aSampleIsRoutedTheSameWhateverItIsEvaluatedWith_data();
    void aSampleIsRoutedTheSameWhateverItIsEvaluatedWith();
    void expertChoiceThresholdsFollowTraining();
};

void TestEvalRouting::aSampleIsRoutedTheSameWhateverItIsEvaluatedWith_data()
{
    QTest::addColumn<int>("router");
    QTest::newRow("topk") << int(RouterKind::TopK);
    QTest::newRow("switch") << int(RouterKind::Switch);
    QTest::newRow("noisy-topk") << int(RouterKind::NoisyTopK);
    QTest::newRow("expert choice") << int(RouterKind::ExpertChoice);
    QTest::newRow("aux-free") << int(RouterKind::AuxFree);
}

void TestEvalRouting::aSampleIsRoutedTheSameWhateverItIsEvaluatedWith()
{
    QFETCH(int, router);
    const Dataset train = rings(300, 1), test = rings(90, 2);
    TrainingConfig t;
    t.batchSize = 32;
    Trainer trainer(moeModel(RouterKind(router)), train, test, t);
    for (int s = 0; s < 60; ++s)
        trainer.step();

    // The test set as one batch, each sample alone, the test set reversed, and the test set
    // behind 200 points of a grid (as a map evaluates them).
    const Matrix &x = test.features;
    const Index n = x.rows();
    Matrix together, reversedOut, withGrid;
    trainer.predict(x, together);
    const std::vector<RoutingDecision> routedTogether = trainer.inspectRouting(x);
    const Matrix reversed = x.colwise().reverse();
    trainer.predict(reversed, reversedOut);
    Matrix grid(200 + n, 2);
    for (Index i = 0; i < 200; ++i)
        grid.row(i) << float(-4.0 + 0.04 * double(i)), float(3.0 - 0.03 * double(i));
    grid.bottomRows(n) = x;
    trainer.predict(grid, withGrid);
    const std::vector<RoutingDecision> routedWithGrid = trainer.inspectRouting(grid);

    double lossAlone = 0.0;
    for (Index i = 0; i < n; ++i) {
        Matrix alone;
        trainer.predict(Matrix(x.row(i)), alone);
        const std::vector<RoutingDecision> routedAlone = trainer.inspectRouting(Matrix(x.row(i)));
        const QString where = QStringLiteral("test sample %1").arg(i);
        QVERIFY2((alone.row(0) - together.row(i)).cwiseAbs().maxCoeff() < 1e-5f, qPrintable(where));
        QVERIFY2((alone.row(0) - reversedOut.row(n - 1 - i)).cwiseAbs().maxCoeff() < 1e-5f,
                 qPrintable(where));
        QVERIFY2((alone.row(0) - withGrid.row(200 + i)).cwiseAbs().maxCoeff() < 1e-5f,
                 qPrintable(where));
        for (std::size_t b = 0; b < routedAlone.size(); ++b) {
            const auto mine = routeOf(routedAlone[b], 0);
            QVERIFY2(!mine.empty() || routedAlone[b].expertChoice, qPrintable(where));
            for (const auto &other :
                 {routeOf(routedTogether[b], i), routeOf(routedWithGrid[b], 200 + i)}) {
                QCOMPARE(other.size(), mine.size());
                for (std::size_t c = 0; c < mine.size(); ++c) {
                    QCOMPARE(other[c].first, mine[c].first);
                    QVERIFY(std::abs(other[c].second - mine[c].second) < 1e-5f);
                }
            }
        }
        const float shift = alone.row(0).maxCoeff();
        const double logSum = double(shift) + std::log((alone.row(0).array() - shift).exp().sum());
        lossAlone += logSum - double(alone(0, test.labels[std::size_t(i)]));
    }
    // The reported metric is the mean of the samples' own losses.
    QVERIFY(std::abs(trainer.evaluate(test).loss - lossAlone / double(n)) < 1e-4);
}

void TestEvalRouting::expertChoiceThresholdsFollowTraining()
{
    const Dataset train = rings(240, 3);
    TrainingConfig t;
    t.batchSize = 48;
    Trainer trainer(moeModel(RouterKind::ExpertChoice), train, Dataset {}, t);
    const Router &router = trainer.moeBlocks().front()->router();
    // Before any step: 1/E.
    QVERIFY((router.evalThreshold().array() - 1.0f / 6.0f).abs().maxCoeff() < 1e-7f);
    trainer.step();
    // After the first: each expert's lowest pick, exactly.
    const RoutingDecision &d = trainer.moeBlocks().front()->lastDecision();
    QCOMPARE(d.capacity, Index(8)); // ceil(1.0 * 48 / 6)
    RowVector lowest = RowVector::Constant(6, 1.0f);
    for (const Assignment &a : d.assignments)
        lowest[a.expert] = std::min(lowest[a.expert], d.probs(a.token, a.expert));
    QCOMPARE(router.evalThreshold(), lowest);
    // After the second: 0.9 of it plus 0.1 of the new batch's.
    trainer.step();
    const RoutingDecision &d2 = trainer.moeBlocks().front()->lastDecision();
    RowVector lowest2 = RowVector::Constant(6, 1.0f);
    for (const Assignment &a : d2.assignments)
        lowest2[a.expert] = std::min(lowest2[a.expert], d2.probs(a.token, a.expert));
    QVERIFY((router.evalThreshold() - (0.9f * lowest + 0.1f * lowest2)).cwiseAbs().maxCoeff()
            < 1e-6f);
    // Trained on, in evaluation each expert takes about its training share of samples: over the
    // training set, between a third and three times cf / E = 1/6 of them.
    for (int s = 0; s < 100; ++s)
        trainer.step();
    const std::vector<RoutingDecision> routed = trainer.inspectRouting(train.features);
    for (int e = 0; e < 6; ++e) {
        const double share = double(routed.front().routed[std::size_t(e)]) / 240.0;
        QVERIFY2(share > 1.0 / 18.0 && share < 0.5, qPrintable(QString::number(share)));
    }
}

QTEST_MAIN(TestEvalRouting)
#include "tst_evalrouting.moc"
