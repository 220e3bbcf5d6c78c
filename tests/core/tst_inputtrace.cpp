// Follow one input (core/train/inputtrace.h): the trace of one sample is the model's own forward
// pass, for every router at k = 1 and 2, with a shared expert and two blocks: its output equals
// Trainer::predict, its chosen experts and gates equal inspectRouting's decision, its weighted sum
// is sum_i g_i * expert_i(h), and each block's output is input + shared + weighted sum. And the
// last training batch's capacity drops, per sample.

#include "core/train/inputtrace.h"
#include "core/train/trainer.h"

#include <QTest>
#include <cmath>

using namespace moe;

namespace {
// Four Gaussian clusters on a circle, labelled by cluster.
Dataset clusters(Index n, std::uint64_t seed)
{
    Rng rng(seed);
    Dataset data;
    data.numClasses = 4;
    data.features.resize(n, 2);
    for (Index i = 0; i < n; ++i) {
        const int c = int(i % 4);
        const double angle = 6.283185307 * c / 4;
        data.features(i, 0) = float(2.0 * std::cos(angle) + 0.4 * rng.normal());
        data.features(i, 1) = float(2.0 * std::sin(angle) + 0.4 * rng.normal());
        data.labels.push_back(c);
    }
    return data;
}

ModelConfig moeModel(RouterKind router, int k, int shared)
{
    ModelConfig c;
    c.inputDim = 2;
    c.outputDim = 4;
    c.width = 8;
    c.blocks = 2;
    c.blockKind = BlockKind::Moe;
    c.moe.router = router;
    c.moe.experts = 4;
    c.moe.topK = k;
    c.moe.expertHidden = 12;
    c.moe.sharedExperts = shared;
    c.moe.capacityFactor = 1.0;
    return c;
}

std::unique_ptr<Trainer> trained(const ModelConfig &model, int steps, Index batch = 32)
{
    TrainingConfig training;
    training.batchSize = batch;
    training.seed = 11;
    auto trainer = std::make_unique<Trainer>(model, clusters(200, 5), Dataset {}, training);
    for (int i = 0; i < steps; ++i)
        trainer->step();
    return trainer;
}

float maxDiff(const RowVector &a, const RowVector &b)
{
    return a.size() == b.size() ? (a - b).cwiseAbs().maxCoeff() : 1e9f;
}
} // namespace

class TestInputTrace : public QObject
{
    Q_OBJECT

private slots:
    void traceIsTheForwardPass_data();
    void traceIsTheForwardPass();
    void denseBlocksTraceTheirUpdate(); // and their hidden units
    void lastBatchReportsDroppedChoices();
    void wrongWidthIsRejected();
};

void TestInputTrace::traceIsTheForwardPass_data()
{
    QTest::addColumn<int>("router");
    QTest::addColumn<int>("k");
    QTest::addColumn<int>("shared");
    const struct
    {
        const char *name;
        RouterKind kind;
    } routers[] = {{"topk", RouterKind::TopK},
                   {"switch", RouterKind::Switch},
                   {"noisy-topk", RouterKind::NoisyTopK},
                   {"expert-choice", RouterKind::ExpertChoice},
                   {"aux-free", RouterKind::AuxFree}};
    for (const auto &r : routers)
        for (int k : {1, 2})
            for (int shared : {0, 1})
                QTest::newRow(qPrintable(QStringLiteral("%1 k=%2 shared=%3")
                                             .arg(QLatin1String(r.name))
                                             .arg(k)
                                             .arg(shared)))
                    << int(r.kind) << k << shared;
}

void TestInputTrace::traceIsTheForwardPass()
{
    QFETCH(int, router);
    QFETCH(int, k);
    QFETCH(int, shared);
    const auto kind = RouterKind(router);
    auto trainer = trained(moeModel(kind, k, shared), 30);
    const Matrix &x = trainer->trainSet().features;
    const Index rows = 12;
    // Every router routes each sample on its own in evaluation (token choice: dropless; expert
    // choice: each expert's threshold), so a batch's rows are the traces.
    const bool expertChoice = kind == RouterKind::ExpertChoice;
    Matrix batchOut;
    trainer->predict(x.topRows(rows), batchOut);
    const std::vector<RoutingDecision> batchRouting = trainer->inspectRouting(x.topRows(rows));
    for (Index i = 0; i < rows; ++i) {
        const RowVector xi = x.row(i);
        const InputTrace trace = traceInput(trainer->model(), xi, true);
        Matrix one;
        trainer->predict(Matrix(xi), one);
        QVERIFY(maxDiff(trace.output, one.row(0)) < 1e-6f);
        QVERIFY(maxDiff(trace.output, batchOut.row(i)) < 1e-5f);
        Index best = 0;
        one.row(0).maxCoeff(&best);
        QCOMPARE(trace.predictedClass, int(best));
        QVERIFY(std::abs(trace.probabilities.sum() - 1.0f) < 1e-5f);

        QCOMPARE(trace.blocks.size(), std::size_t(2));
        for (std::size_t b = 0; b < trace.blocks.size(); ++b) {
            const BlockTrace &t = trace.blocks[b];
            QVERIFY(t.moe);
            const RoutingDecision &d = batchRouting[b];
            const Index token = i;
            QVERIFY(maxDiff(t.probs, d.probs.row(token)) < 1e-6f);
            // The chosen experts and gates, in rank order, are the decision's for this token.
            std::vector<Assignment> mine;
            for (const Assignment &a : d.assignments)
                if (a.token == token && a.kept)
                    mine.push_back(a);
            // Expert choice ranks a token among the expert's picks: alone it is first for
            // every expert, so the trace lists its experts in expert order.
            std::stable_sort(mine.begin(), mine.end(),
                             [expertChoice](const Assignment &a, const Assignment &c) {
                                 return expertChoice ? a.expert < c.expert : a.rank < c.rank;
                             });
            QCOMPARE(t.chosen.size(), mine.size());
            if (!expertChoice)
                QCOMPARE(t.chosen.size(), std::size_t(kind == RouterKind::Switch ? 1 : k));
            for (std::size_t c = 0; c < mine.size(); ++c) {
                QCOMPARE(t.chosen[c].expert, mine[c].expert);
                QVERIFY(std::abs(t.chosen[c].gate - mine[c].gate) < 1e-6f);
            }
            // weighted sum = sum_i g_i * expert_i(h); output = input + shared + weighted sum.
            RowVector sum = RowVector::Zero(t.input.size());
            for (const ExpertPath &p : t.chosen)
                sum += p.gate * p.output;
            QVERIFY(maxDiff(t.weightedSum, sum) < 1e-5f);
            RowVector rebuilt = t.input + t.weightedSum;
            QCOMPARE(int(t.shared.size()), shared);
            for (const RowVector &s : t.shared)
                rebuilt += s;
            QVERIFY(maxDiff(t.output, rebuilt) < 1e-5f);
            QVERIFY(maxDiff(t.update, t.output - t.input) < 1e-6f);
            if (b + 1 < trace.blocks.size())
                QCOMPARE(trace.blocks[b + 1].input, t.output);
        }
    }
}

void TestInputTrace::denseBlocksTraceTheirUpdate()
{
    ModelConfig dense = moeModel(RouterKind::TopK, 2, 0);
    dense.blockKind = BlockKind::Dense;
    dense.hidden = 24;
    auto trainer = trained(dense, 20);
    const RowVector x = trainer->trainSet().features.row(3);
    const InputTrace trace = traceInput(trainer->model(), x, true);
    Matrix one;
    trainer->predict(Matrix(x), one);
    QVERIFY(maxDiff(trace.output, one.row(0)) < 1e-6f);
    QCOMPARE(trace.blocks.size(), std::size_t(2));
    for (std::size_t b = 0; b < trace.blocks.size(); ++b) {
        const BlockTrace &t = trace.blocks[b];
        QVERIFY(!t.moe);
        QVERIFY(t.chosen.empty());
        QVERIFY(t.update.norm() > 0.0f); // a trained FFN changes the stream
        QVERIFY(maxDiff(t.input + t.update, t.output) < 1e-5f);
        // The hidden units (h = 24, ReLU: none negative, some on) give the update through the
        // block's second layer: update = hidden W2^T + b2.
        QCOMPARE(t.hidden.size(), Index(24));
        QVERIFY(t.hidden.minCoeff() >= 0.0f && t.hidden.maxCoeff() > 0.0f);
        const Matrix *w2 = nullptr, *b2 = nullptr;
        for (Parameter *p : trainer->model().blocks()[b]->parameters()) {
            if (p->name.ends_with(".down.weight"))
                w2 = &p->value;
            if (p->name.ends_with(".down.bias"))
                b2 = &p->value;
        }
        QVERIFY(w2 && b2);
        const RowVector fromHidden = t.hidden * w2->transpose() + b2->row(0);
        QVERIFY(maxDiff(fromHidden, t.update) < 1e-5f);
    }
}

void TestInputTrace::lastBatchReportsDroppedChoices()
{
    // Top-2 over 4 experts at capacity factor 0.5: C = 0.5 * 32 * 2 / 4 = 8 slots per expert for
    // 64 choices, so at least half of the choices are dropped in every batch.
    ModelConfig model = moeModel(RouterKind::TopK, 2, 0);
    model.moe.capacityFactor = 0.5;
    auto trainer = trained(model, 6); // 6 full batches of 32 out of 200 samples
    const LastBatch &last = trainer->lastBatch();
    QCOMPARE(last.step, Index(6));
    QCOMPARE(last.samples.size(), std::size_t(32));
    QCOMPARE(last.capacity, std::vector<Index>({8, 8}));
    QVERIFY(last.dropped.size() >= 64); // two blocks, each at least 32 of 64 dropped
    // The step's own decisions (no forward pass since) agree with the report, slot by slot.
    std::size_t listed = 0;
    for (std::size_t b = 0; b < trainer->moeBlocks().size(); ++b) {
        const RoutingDecision &d = trainer->moeBlocks()[b]->lastDecision();
        for (const Assignment &a : d.assignments) {
            if (a.kept)
                continue;
            const Index sample = last.samples[std::size_t(a.token)];
            const std::vector<DroppedChoice> mine = last.droppedFor(sample);
            const bool found = std::any_of(mine.begin(), mine.end(), [&](const DroppedChoice &c) {
                return c.block == int(b) && c.rank == a.rank && c.expert == a.expert;
            });
            QVERIFY(found);
            // Dropped because the expert was full: more were routed there than its C slots.
            QVERIFY(d.routed[std::size_t(a.expert)] > d.capacity);
            QCOMPARE(d.keptPerExpert()[std::size_t(a.expert)], d.capacity);
            ++listed;
        }
    }
    QCOMPARE(listed, last.dropped.size());
    // A sample outside the batch: not in it, nothing dropped.
    for (Index s = 0; s < trainer->trainSet().size(); ++s)
        if (!last.contains(s)) {
            QVERIFY(last.droppedFor(s).empty());
            break;
        }
    // Tracing (an evaluation-mode forward pass) leaves the report as it was.
    const std::size_t before = last.dropped.size();
    traceInput(trainer->model(), trainer->trainSet().features.row(0), true);
    QCOMPARE(trainer->lastBatch().dropped.size(), before);
}

void TestInputTrace::wrongWidthIsRejected()
{
    auto trainer = trained(moeModel(RouterKind::TopK, 2, 0), 1);
    QVERIFY_THROWS_EXCEPTION(std::exception,
                             traceInput(trainer->model(), RowVector::Zero(3), true));
}

QTEST_GUILESS_MAIN(TestInputTrace)
#include "tst_inputtrace.moc"
