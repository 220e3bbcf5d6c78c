#include "core/base/error.h"
#include "core/nn/loss.h"
#include "core/train/memoryestimate.h"
#include "core/train/model.h"
#include "gradcheck.h"

#include <QTest>

using namespace moe;

class TestModel : public QObject
{
    Q_OBJECT

private slots:
    void memoryEstimateCountsEveryParameter();
    void gradientsOfEveryParameter_data();
    void gradientsOfEveryParameter();
    void regressionGradient();
    void accountingIsExact();
    void parameterNamesAreUniqueAndOrdered();
    void invalidConfigIsRejected_data();
    void invalidConfigIsRejected();
};

void TestModel::gradientsOfEveryParameter_data()
{
    QTest::addColumn<int>("activation");
    QTest::addColumn<int>("blocks");
    QTest::newRow("gelu, 2 blocks") << int(Activation::Gelu) << 2;
    QTest::newRow("tanh, 1 block") << int(Activation::Tanh) << 1;
    QTest::newRow("silu, 3 blocks") << int(Activation::Silu) << 3;
    QTest::newRow("relu, 2 blocks") << int(Activation::Relu) << 2;
    QTest::newRow("no blocks (linear)") << int(Activation::Relu) << 0;
}

void TestModel::gradientsOfEveryParameter()
{
    QFETCH(int, activation);
    QFETCH(int, blocks);
    ModelConfig config;
    config.inputDim = 3;
    config.outputDim = 4;
    config.width = 5;
    config.hidden = 7;
    config.blocks = blocks;
    config.activation = Activation(activation);
    Rng rng(31);
    Model model(config, rng);
    const Matrix x = test::randomMatrix(6, 3, rng);
    const std::vector<int> labels {0, 1, 2, 3, 1, 2};
    Matrix out, dOut;
    model.zeroGrad();
    model.forward(x, out, {});
    softmaxCrossEntropy(out, labels, &dOut);
    model.backward(dOut);
    auto loss = [&] {
        model.forward(x, out, {});
        return softmaxCrossEntropy(out, labels, nullptr);
    };
    const float eps = config.activation == Activation::Relu ? 1e-3f : 1e-2f;
    for (Parameter *p : model.parameters()) {
        const auto result = test::checkGradient(p->value, p->grad, loss, eps);
        QVERIFY2(result.maxError < 3e-3,
                 qPrintable(QStringLiteral("%1: max error %2 (analytic %3, numeric %4)")
                                .arg(QString::fromStdString(p->name))
                                .arg(result.maxError)
                                .arg(result.analyticAtWorst)
                                .arg(result.numericAtWorst)));
    }
}

void TestModel::regressionGradient()
{
    ModelConfig config;
    config.inputDim = 2;
    config.outputDim = 1;
    config.width = 4;
    config.hidden = 6;
    config.activation = Activation::Tanh;
    Rng rng(5);
    Model model(config, rng);
    const Matrix x = test::randomMatrix(8, 2, rng);
    const Matrix target = test::randomMatrix(8, 1, rng);
    Matrix out, dOut;
    model.zeroGrad();
    model.forward(x, out, {});
    meanSquaredError(out, target, &dOut);
    model.backward(dOut);
    auto loss = [&] {
        model.forward(x, out, {});
        return meanSquaredError(out, target, nullptr);
    };
    for (Parameter *p : model.parameters()) {
        const auto result = test::checkGradient(p->value, p->grad, loss);
        MOE_VERIFY_GRADIENT(result, 2e-3);
    }
}

void TestModel::accountingIsExact()
{
    ModelConfig config;
    config.inputDim = 2;
    config.outputDim = 3;
    config.width = 16;
    config.hidden = 32;
    config.blocks = 2;
    Rng rng(1);
    Model model(config, rng);
    const ModelCost cost = model.cost();
    const Index projection = 2 * 16 + 16, block = 16 * 32 + 32 + 32 * 16 + 16, head = 16 * 3 + 3;
    QCOMPARE(cost.totalParams, projection + 2 * block + head); // 2243
    QCOMPARE(cost.totalParams, Index(2243));
    QCOMPARE(cost.activeParamsPerSample, cost.totalParams); // dense: every weight, every sample
    const double forward = 2.0 * 2 * 16 + 2 * (2.0 * (16 * 32 + 32 * 16)) + 2.0 * 16 * 3;
    QCOMPARE(cost.forwardFlopsPerSample, forward); // 4256
    QCOMPARE(cost.trainFlopsPerSample(), 3.0 * forward);
    Index counted = 0;
    for (Parameter *p : model.parameters())
        counted += p->size();
    QCOMPARE(counted, cost.totalParams);
}

void TestModel::parameterNamesAreUniqueAndOrdered()
{
    ModelConfig config;
    Rng rng(1);
    Model model(config, rng);
    QStringList names;
    for (Parameter *p : model.parameters())
        names << QString::fromStdString(p->name);
    QCOMPARE(names.first(), QStringLiteral("projection.weight"));
    QCOMPARE(names.last(), QStringLiteral("head.bias"));
    QVERIFY(names.contains(QStringLiteral("block2.down.weight")));
    QCOMPARE(names.removeDuplicates(), qsizetype(0));
    QCOMPARE(names.size(), qsizetype(4 + 4 * config.blocks));
}

void TestModel::invalidConfigIsRejected_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("hidden");
    QTest::addColumn<int>("blocks");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("zero width") << 0 << 8 << 1 << "width";
    QTest::newRow("zero hidden") << 8 << 0 << 1 << "hidden width";
    QTest::newRow("negative blocks") << 8 << 8 << -1 << "blocks";
}

void TestModel::invalidConfigIsRejected()
{
    QFETCH(int, width);
    QFETCH(int, hidden);
    QFETCH(int, blocks);
    QFETCH(QString, mentions);
    ModelConfig config;
    config.width = width;
    config.hidden = hidden;
    config.blocks = blocks;
    Rng rng(1);
    try {
        Model model(config, rng);
        QFAIL("expected ConfigError");
    } catch (const ConfigError &error) {
        QVERIFY2(QString::fromUtf8(error.what()).contains(mentions), error.what());
    }
}

// The estimate made before a model is built (core/train/memoryestimate.h) counts exactly the
// parameters the built model holds, for dense and MoE blocks, every router and shared experts.
void TestModel::memoryEstimateCountsEveryParameter()
{
    for (RouterKind router : {RouterKind::TopK, RouterKind::NoisyTopK, RouterKind::ExpertChoice})
        for (BlockKind kind : {BlockKind::Dense, BlockKind::Moe})
            for (int shared : {0, 2}) {
                ModelConfig c;
                c.inputDim = 3;
                c.outputDim = 5;
                c.width = 12;
                c.hidden = 20;
                c.blocks = 3;
                c.blockKind = kind;
                c.moe.router = router;
                c.moe.experts = 6;
                c.moe.topK = 2;
                c.moe.expertHidden = 7;
                c.moe.sharedExperts = shared;
                Rng rng(1);
                const Model model(c, rng);
                const MemoryEstimate e = estimateTrainingMemory(c, 64, 1000);
                QCOMPARE(Index(e.parameters), model.cost().totalParams);
                QVERIFY(e.bytes > 16.0 * e.parameters);
            }
}

QTEST_APPLESS_MAIN(TestModel)
#include "tst_model.moc"
