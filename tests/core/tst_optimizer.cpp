#include "core/base/error.h"
#include "core/base/parallel.h"
#include "core/train/optimizer.h"

#include <QTest>
#include <cmath>

using namespace moe;

namespace {
Parameter scalarParameter(float value, float grad, bool decay = true)
{
    Parameter p;
    p.name = std::string("p"); // not a literal: GCC 12 warns falsely (-Wrestrict) on that
    p.value = Matrix::Constant(1, 1, value);
    p.grad = Matrix::Constant(1, 1, grad);
    p.decay = decay;
    return p;
}
} // namespace

class TestOptimizer : public QObject
{
    Q_OBJECT

private slots:
    void sgdStep();
    void momentumAccumulatesVelocity();
    void adamFirstStepsMatchFormula();
    void weightDecaySkipsBiases();
    void idleMomentsFlushToZero();
    void clearingGradientsChangesNothingElse_data();
    void clearingGradientsChangesNothingElse();
    void everyOptimizerMinimisesAQuadratic_data();
    void everyOptimizerMinimisesAQuadratic();
    void invalidSettingsAreRejected();
    void namesRoundTrip();
};

void TestOptimizer::sgdStep()
{
    OptimizerConfig config;
    config.kind = OptimizerKind::Sgd;
    config.learningRate = 0.1f;
    auto opt = makeOptimizer(config);
    Parameter p = scalarParameter(1.0f, 2.0f);
    opt->step({&p});
    QCOMPARE(p.value(0, 0), 1.0f - 0.1f * 2.0f);
}

void TestOptimizer::momentumAccumulatesVelocity()
{
    OptimizerConfig config;
    config.kind = OptimizerKind::Momentum;
    config.learningRate = 0.1f;
    config.momentum = 0.5f;
    auto opt = makeOptimizer(config);
    Parameter p = scalarParameter(0.0f, 1.0f);
    opt->step({&p}); // v = 1, w = -0.1
    opt->step({&p}); // v = 1.5, w = -0.25
    QVERIFY(std::abs(p.value(0, 0) + 0.25f) < 1e-7f);
    opt->reset();
    opt->step({&p}); // velocity forgotten: v = 1
    QVERIFY(std::abs(p.value(0, 0) + 0.35f) < 1e-7f);
}

void TestOptimizer::adamFirstStepsMatchFormula()
{
    OptimizerConfig config;
    config.learningRate = 0.01f;
    auto opt = makeOptimizer(config);
    Parameter p = scalarParameter(1.0f, 0.5f);
    opt->step({&p});
    // Step 1: m_hat = g, v_hat = g^2, so the update is lr * g / (|g| + eps) ~ lr.
    QVERIFY(std::abs(p.value(0, 0) - (1.0f - 0.01f)) < 1e-6f);
    p.grad(0, 0) = -1.0f;
    opt->step({&p});
    // Step 2 by hand, in double.
    const double m = 0.9 * (0.1 * 0.5) + 0.1 * -1.0;
    const double v = 0.999 * (0.001 * 0.25) + 0.001 * 1.0;
    const double mHat = m / (1 - 0.81), vHat = v / (1 - 0.999 * 0.999);
    const double expected = (1.0 - 0.01) - 0.01 * mHat / (std::sqrt(vHat) + 1e-8);
    QVERIFY2(std::abs(p.value(0, 0) - expected) < 1e-6, qPrintable(QString::number(p.value(0, 0))));
}

void TestOptimizer::idleMomentsFlushToZero()
{
    // An expert that gets no tokens has g = 0: Adam's first moment decays by beta1 per step and
    // would crawl through the subnormal floats (slow on every x86). Inside the engine's scope
    // (the trainer's) a subnormal result is 0 instead; outside, the thread's mode is untouched.
    volatile float tiny = 1e-38f, factor = 0.01f;
    {
        const FlushDenormals flush;
        volatile float product = tiny * factor;
        QCOMPARE(float(product), 0.0f);
    }
    volatile float product = tiny * factor;
#if defined(__SSE__)
    QVERIFY(product > 0.0f); // subnormal again: the previous mode is back
#endif
}

void TestOptimizer::clearingGradientsChangesNothingElse_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("sgd") << int(OptimizerKind::Sgd);
    QTest::newRow("momentum") << int(OptimizerKind::Momentum);
    QTest::newRow("adam") << int(OptimizerKind::Adam);
}

void TestOptimizer::clearingGradientsChangesNothingElse()
{
    // A tensor longer than Adam's sweep chunk (512), with a ragged end: the optimiser that clears
    // the gradients in its sweep (as the trainer asks) updates exactly like one that does not.
    QFETCH(int, kind);
    OptimizerConfig config;
    config.kind = OptimizerKind(kind);
    config.weightDecay = 0.01f;
    auto plain = makeOptimizer(config), clearing = makeOptimizer(config);
    clearing->setClearsGradients(true);
    Parameter a;
    a.name = std::string("a");
    a.value = Matrix::Random(37, 29); // 1,073 values: two whole chunks and a part
    Parameter b = a;
    for (int step = 0; step < 3; ++step) {
        a.grad = Matrix::Random(37, 29);
        b.grad = a.grad;
        plain->step({&a});
        clearing->step({&b});
        QVERIFY(a.value == b.value); // bit for bit
        QVERIFY(b.grad.isZero(0.0f));
        QVERIFY(!a.grad.isZero(0.0f));
    }
}

void TestOptimizer::weightDecaySkipsBiases()
{
    for (OptimizerKind kind : {OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Adam}) {
        OptimizerConfig config;
        config.kind = kind;
        config.learningRate = 0.1f;
        config.weightDecay = 0.5f;
        auto opt = makeOptimizer(config);
        Parameter weight = scalarParameter(2.0f, 0.0f, true);
        Parameter bias = scalarParameter(2.0f, 0.0f, false);
        opt->step({&weight, &bias});
        QCOMPARE(bias.value(0, 0), 2.0f);
        // SGD and momentum (first step, v = g + wd w): w -= lr * wd * w; AdamW: the same
        // decoupled term (a zero gradient adds nothing).
        QVERIFY(std::abs(weight.value(0, 0) - (2.0f - 0.1f * 0.5f * 2.0f)) < 1e-6f);
    }
}

void TestOptimizer::everyOptimizerMinimisesAQuadratic_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<float>("learningRate");
    QTest::newRow("sgd") << int(OptimizerKind::Sgd) << 0.1f;
    QTest::newRow("momentum") << int(OptimizerKind::Momentum) << 0.05f;
    QTest::newRow("adam") << int(OptimizerKind::Adam) << 0.05f;
}

void TestOptimizer::everyOptimizerMinimisesAQuadratic()
{
    QFETCH(int, kind);
    QFETCH(float, learningRate);
    OptimizerConfig config;
    config.kind = OptimizerKind(kind);
    config.learningRate = learningRate;
    auto opt = makeOptimizer(config);
    // f(w) = sum (w - c)^2 / 2, gradient w - c, minimum at c.
    Parameter p;
    p.value = Matrix::Zero(2, 3);
    Matrix c(2, 3);
    c << 1, -2, 3, 0.5f, -0.5f, 2;
    for (int i = 0; i < 2000; ++i) {
        p.grad = p.value - c;
        opt->step({&p});
    }
    QVERIFY2((p.value - c).cwiseAbs().maxCoeff() < 1e-3f,
             qPrintable(QString::number((p.value - c).cwiseAbs().maxCoeff())));
}

void TestOptimizer::invalidSettingsAreRejected()
{
    OptimizerConfig config;
    config.learningRate = 0.0f;
    QVERIFY_THROWS_EXCEPTION(ConfigError, makeOptimizer(config));
    config.learningRate = std::nanf("");
    QVERIFY_THROWS_EXCEPTION(ConfigError, makeOptimizer(config));
    config.learningRate = 0.1f;
    config.weightDecay = -1.0f;
    QVERIFY_THROWS_EXCEPTION(ConfigError, makeOptimizer(config));
}

void TestOptimizer::namesRoundTrip()
{
    for (OptimizerKind k : {OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Adam})
        QCOMPARE(int(*parseOptimizer(optimizerName(k))), int(k));
    QVERIFY(!parseOptimizer("rmsprop"));
}

QTEST_APPLESS_MAIN(TestOptimizer)
#include "tst_optimizer.moc"
