// The text model's layers and the whole model: analytic gradients against finite differences
// (LayerNorm, attention with its causal mask, embeddings, head, dense and MoE FFNs with every
// router), fast paths against their plain references, the K/V cache against a batch, causality,
// thread-count invariance and the parameter count against the cost formula.

#include "core/base/error.h"
#include "core/base/gemm.h"
#include "core/base/parallel.h"
#include "core/text/textinit.h"
#include "core/text/textmodel.h"
#include "gradcheck.h"

#include <QTest>

using namespace moe;
using namespace moe::test;

namespace {

TextModelConfig smallConfig(int moeEvery, RouterKind router)
{
    TextModelConfig config;
    config.vocab = 7;
    config.context = 5;
    config.width = 8;
    config.heads = 2;
    config.blocks = 2;
    config.denseHidden = 12;
    config.moeEvery = moeEvery;
    config.moe.experts = 4;
    config.moe.topK = 2;
    config.moe.expertHidden = 6;
    config.moe.router = router;
    config.moe.capacityFactor = std::nullopt;
    config.moe.balanceLoss = 0.05;
    config.moe.zLoss = 0.01;
    config.moe.jitter = 0.0;
    return config;
}

// Weights large enough that every gradient is well above float noise (the default N(0, 0.02)
// makes most of them tiny).
void scaleUp(TextModel &model, Rng &rng)
{
    for (Parameter *p : model.parameters())
        if (!p->name.starts_with("block1.ln") && !p->name.starts_with("ln_f"))
            fillNormal(*p, p->name.ends_with("_emb.weight") ? 1.0f : 0.25f, rng);
}

std::vector<int> randomIds(Index count, int vocab, Rng &rng)
{
    std::vector<int> ids(static_cast<std::size_t>(count));
    for (int &id : ids)
        id = int(rng.below(std::uint64_t(vocab)));
    return ids;
}

// Every routing choice of the last forward pass, for the piecewise gradient check.
std::vector<int> routingState(TextModel &model)
{
    std::vector<int> state;
    for (const MoeBlock *layer : model.moeLayers())
        for (const Assignment &a : layer->lastDecision().assignments)
            state.insert(state.end(), {int(a.token), a.expert, a.kept ? 1 : 0});
    return state;
}

} // namespace

class TstTextModel : public QObject
{
    Q_OBJECT

private slots:
    void gemmMatchesItsReference();
    void layerNormGradients();
    void attentionGradients();
    void gradientsMatchFiniteDifferences_data();
    void gradientsMatchFiniteDifferences();
    void fastPathsMatchTheirReferences_data();
    void fastPathsMatchTheirReferences();
    void cachedGenerationMatchesTheBatch();
    void laterTokensDoNotChangeEarlierLogits();
    void sameResultForAnyThreadCount();
    void parameterCountMatchesTheCostFormula_data();
    void parameterCountMatchesTheCostFormula();
    void expertChoiceRefusesToGenerate();
};

void TstTextModel::gemmMatchesItsReference()
{
    // Every op pair, blocks with outer strides, beta 0 and 1, in pieces or whole.
    Rng rng(12);
    const Matrix big = randomMatrix(300, 200, rng);
    for (Op opA : {Op::N, Op::T})
        for (Op opB : {Op::N, Op::T})
            for (float beta : {0.0f, 1.0f}) {
                const Index m = 130, n = 70, k = 45;
                const auto a = opA == Op::N ? big.block(3, 5, m, k) : big.block(3, 5, k, m);
                const auto b = opB == Op::N ? big.block(150, 60, k, n) : big.block(150, 60, n, k);
                Matrix fast = randomMatrix(m, n, rng), reference = fast, pieces = fast;
                gemm(opA, opB, 0.5f, a, b, beta, fast);
                gemmReference(opA, opB, 0.5f, a, b, beta, reference);
                gemmRows(opA, opB, 0.5f, a, b, beta, pieces, true);
                QVERIFY((fast - reference).cwiseAbs().maxCoeff() < 1e-4f);
                QVERIFY((pieces - reference).cwiseAbs().maxCoeff() < 1e-4f);
            }
    QCOMPARE(gemmRowPiece(10), Index(64));   // small: one piece
    QCOMPARE(gemmRowPiece(768), Index(384)); // two pieces of a 768-token batch
}

void TstTextModel::layerNormGradients()
{
    Rng rng(4);
    LayerNorm norm("ln", 16);
    for (Parameter *p : norm.parameters())
        *p = Parameter {p->name, randomMatrix(1, 16, rng), Matrix::Zero(1, 16), false};
    Matrix x = randomMatrix(6, 16, rng, 2.0), y, dx;
    const Matrix r = randomMatrix(6, 16, rng);
    const auto loss = [&] {
        norm.forward(x, y);
        return probe(y, r);
    };
    loss();
    norm.backward(r, dx);
    MOE_VERIFY_GRADIENT(checkGradient(x, dx, loss), 1e-3);
    for (Parameter *p : norm.parameters()) {
        const Matrix analytic = p->grad;
        MOE_VERIFY_GRADIENT(checkGradient(p->value, analytic, loss), 1e-3);
    }
    Matrix reference;
    norm.forwardReference(x, reference);
    loss();
    QVERIFY((reference - y).cwiseAbs().maxCoeff() < 1e-5f);
}

void TstTextModel::attentionGradients()
{
    Rng rng(6);
    CausalSelfAttention attention("attn", 8, 2, 0.3f, 0.3f, rng);
    const Index sequences = 2, length = 5;
    Matrix x = randomMatrix(sequences * length, 8, rng), y, dx;
    const Matrix r = randomMatrix(sequences * length, 8, rng);
    const auto loss = [&] {
        attention.forward(x, sequences, length, y);
        return probe(y, r);
    };
    loss();
    attention.backward(x, r, dx);
    MOE_VERIFY_GRADIENT(checkGradient(x, dx, loss), 1e-3);
    for (Parameter *p : attention.parameters()) {
        const Matrix analytic = p->grad;
        MOE_VERIFY_GRADIENT(checkGradient(p->value, analytic, loss), 1e-3);
    }
    Matrix reference;
    attention.forwardReference(x, sequences, length, reference);
    loss();
    QVERIFY((reference - y).cwiseAbs().maxCoeff() < 1e-5f);
}

void TstTextModel::gradientsMatchFiniteDifferences_data()
{
    QTest::addColumn<int>("moeEvery");
    QTest::addColumn<int>("router");
    QTest::newRow("dense") << 0 << int(RouterKind::TopK);
    QTest::newRow("moe topk, every block") << 1 << int(RouterKind::TopK);
    QTest::newRow("moe switch, every other block") << 2 << int(RouterKind::Switch);
    QTest::newRow("moe noisy-topk") << 1 << int(RouterKind::NoisyTopK);
    QTest::newRow("moe expert-choice") << 1 << int(RouterKind::ExpertChoice);
    QTest::newRow("moe aux-free") << 1 << int(RouterKind::AuxFree);
}

void TstTextModel::gradientsMatchFiniteDifferences()
{
    QFETCH(int, moeEvery);
    QFETCH(int, router);
    TextModelConfig config = smallConfig(moeEvery, RouterKind(router));
    if (config.moe.router == RouterKind::ExpertChoice)
        config.moe.capacityFactor = 1.0;
    Rng rng(7);
    TextModel model(config, rng);
    scaleUp(model, rng);
    const Index length = 5, sequences = 2;
    const std::vector<int> ids = randomIds(sequences * length, config.vocab, rng);
    const std::vector<int> targets = randomIds(sequences * length, config.vocab, rng);
    // Noise and jitter drawn afresh would move the routing between evaluations: the same
    // generator state for every pass.
    const Rng start = rng;
    const auto loss = [&] {
        Rng passRng = start;
        model.forward(ids, length, {.training = true, .rng = &passRng});
        return 100.0 * (model.crossEntropy(targets, false) + model.auxiliaryLoss());
    };
    for (Parameter *p : model.parameters())
        p->zeroGrad();
    {
        Rng passRng = start;
        model.forward(ids, length, {.training = true, .rng = &passRng});
        model.crossEntropy(targets, true);
    }
    for (Parameter *p : model.parameters()) {
        const Matrix analytic = 100.0f * p->grad;
        const PiecewiseResult result = checkGradientPiecewise(
            p->value, analytic, loss, [&] { return routingState(model); }, 1e-2f);
        QVERIFY2(result.unstable * 4 <= result.checked + result.unstable,
                 qPrintable(QString::fromStdString(p->name)));
        if (result.checked == 0)
            continue;
        QVERIFY2(result.maxError < 1e-2,
                 qPrintable(QString::fromStdString(p->name)
                            + QStringLiteral(": max error %1, analytic %2, numeric %3")
                                  .arg(result.maxError)
                                  .arg(result.analyticAtWorst)
                                  .arg(result.numericAtWorst)));
    }
}

void TstTextModel::fastPathsMatchTheirReferences_data()
{
    gradientsMatchFiniteDifferences_data();
}

void TstTextModel::fastPathsMatchTheirReferences()
{
    QFETCH(int, moeEvery);
    QFETCH(int, router);
    TextModelConfig config = smallConfig(moeEvery, RouterKind(router));
    config.width = 16;
    config.heads = 4;
    config.context = 24;
    Rng rng(11);
    TextModel model(config, rng);
    scaleUp(model, rng);
    const std::vector<int> ids = randomIds(3 * 24, config.vocab, rng);
    const ForwardContext evaluation {.training = false, .rng = nullptr};
    const Matrix fast = model.forward(ids, 24, evaluation);
    const Matrix reference = model.forwardReference(ids, 24, evaluation);
    QCOMPARE(fast.rows(), 72);
    const float scale = std::max(1.0f, reference.cwiseAbs().maxCoeff());
    QVERIFY2((fast - reference).cwiseAbs().maxCoeff() < 2e-5f * scale,
             qPrintable(QString::number((fast - reference).cwiseAbs().maxCoeff())));
}

void TstTextModel::cachedGenerationMatchesTheBatch()
{
    for (int moeEvery : {0, 1}) {
        TextModelConfig config = smallConfig(moeEvery, RouterKind::TopK);
        config.context = 9;
        Rng rng(3);
        TextModel model(config, rng);
        scaleUp(model, rng);
        const std::vector<int> ids = randomIds(9, config.vocab, rng);
        const Matrix batch = model.forward(ids, 9, {.training = false, .rng = nullptr});
        TextModel::Cache cache = model.newCache();
        for (Index t = 0; t < 9; ++t) {
            const Matrix one = model.step(ids[std::size_t(t)], cache);
            QVERIFY2((one.row(0) - batch.row(t)).cwiseAbs().maxCoeff() < 1e-5f,
                     qPrintable(QStringLiteral("position %1").arg(t)));
        }
        QCOMPARE(cache.length, Index(9));
        QVERIFY_THROWS_EXCEPTION(ConfigError, model.step(0, cache)); // the cache is full
    }
}

void TstTextModel::laterTokensDoNotChangeEarlierLogits()
{
    TextModelConfig config = smallConfig(1, RouterKind::TopK);
    config.context = 8;
    Rng rng(5);
    TextModel model(config, rng);
    scaleUp(model, rng);
    std::vector<int> ids = randomIds(8, config.vocab, rng);
    const Matrix before = model.forward(ids, 8, {.training = false, .rng = nullptr});
    ids[5] = (ids[5] + 3) % config.vocab;
    const Matrix after = model.forward(ids, 8, {.training = false, .rng = nullptr});
    // Equal up to rounding: an expert's bucket holds other rows, and a product's rounding can
    // depend on how many rows it has.
    QVERIFY((after.topRows(5) - before.topRows(5)).cwiseAbs().maxCoeff() < 1e-6f);
    QVERIFY((after.row(5) - before.row(5)).cwiseAbs().maxCoeff() > 1e-3f);
}

void TstTextModel::sameResultForAnyThreadCount()
{
    TextModelConfig config = smallConfig(1, RouterKind::TopK);
    config.width = 64;
    config.heads = 4;
    config.context = 64;
    config.vocab = 65;
    config.denseHidden = 256;
    config.moe.expertHidden = 64;
    config.moe.capacityFactor = 1.25;
    const int before = threadCount();
    std::vector<Matrix> grads[2];
    Matrix logits[2];
    for (int threads : {1, 2}) {
        setThreadCount(threads);
        Rng rng(9);
        TextModel model(config, rng);
        const std::vector<int> ids = randomIds(8 * 64, config.vocab, rng);
        const std::vector<int> targets = randomIds(8 * 64, config.vocab, rng);
        for (Parameter *p : model.parameters())
            p->zeroGrad();
        logits[threads - 1] = model.forward(ids, 64, {.training = true, .rng = &rng});
        model.crossEntropy(targets, true);
        for (Parameter *p : model.parameters())
            grads[threads - 1].push_back(p->grad);
    }
    setThreadCount(before);
    QCOMPARE(logits[0], logits[1]);
    QCOMPARE(grads[0].size(), grads[1].size());
    for (std::size_t i = 0; i < grads[0].size(); ++i)
        QCOMPARE(grads[0][i], grads[1][i]);
}

void TstTextModel::parameterCountMatchesTheCostFormula_data()
{
    gradientsMatchFiniteDifferences_data();
}

void TstTextModel::parameterCountMatchesTheCostFormula()
{
    QFETCH(int, moeEvery);
    QFETCH(int, router);
    TextModelConfig config = smallConfig(moeEvery, RouterKind(router));
    config.blocks = 3;
    config.moe.sharedExperts = 1;
    Rng rng(1);
    TextModel model(config, rng);
    Index total = 0;
    for (Parameter *p : model.parameters())
        total += p->size();
    const TextModelCost cost = model.cost();
    QCOMPARE(cost.totalParams, total);
    QVERIFY(cost.activeParams <= cost.totalParams);
    // Dense FLOPs: 8 d^2 + 4 (L+1)/2 d + 4 d hD per block, 2 d V for the head.
    if (moeEvery == 0) {
        const double d = 8, L = 5, hD = 12, V = 7;
        QCOMPARE(cost.forwardFlopsPerToken,
                 3 * (8 * d * d + 4 * (L + 1) / 2 * d + 4 * d * hD) + 2 * d * V);
        QCOMPARE(cost.activeParams, cost.totalParams);
    }
}

void TstTextModel::expertChoiceRefusesToGenerate()
{
    Rng rng(2);
    TextModel model(smallConfig(1, RouterKind::ExpertChoice), rng);
    TextModel::Cache cache = model.newCache();
    try {
        model.step(0, cache);
        QFAIL("expert choice generated a token");
    } catch (const ConfigError &error) {
        QVERIFY(QString::fromUtf8(error.what()).contains("depend on the tokens after it"));
    }
}

QTEST_APPLESS_MAIN(TstTextModel)
#include "tst_textmodel.moc"
