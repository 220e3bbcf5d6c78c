#include "core/base/rng.h"
#include "core/nn/activation.h"
#include "gradcheck.h"

#include <QTest>

using namespace moe;

class TestActivation : public QObject
{
    Q_OBJECT

private slots:
    void knownValues_data();
    void knownValues();
    void derivativeMatchesFiniteDifference_data();
    void derivativeMatchesFiniteDifference();
    void geluFromItsOutputAtTheEnds();
    void parseRoundTrip();
};

void TestActivation::knownValues_data()
{
    QTest::addColumn<int>("activation");
    QTest::addColumn<float>("z");
    QTest::addColumn<float>("expected");
    QTest::newRow("relu(-1)") << int(Activation::Relu) << -1.0f << 0.0f;
    QTest::newRow("relu(2)") << int(Activation::Relu) << 2.0f << 2.0f;
    QTest::newRow("gelu(1)") << int(Activation::Gelu) << 1.0f << 0.8413447f;
    QTest::newRow("gelu(-2)") << int(Activation::Gelu) << -2.0f << -0.0455003f;
    QTest::newRow("tanh(0.5)") << int(Activation::Tanh) << 0.5f << 0.4621172f;
    QTest::newRow("silu(1)") << int(Activation::Silu) << 1.0f << 0.7310586f;
    QTest::newRow("silu(-3)") << int(Activation::Silu) << -3.0f << -0.1422776f;
}

void TestActivation::knownValues()
{
    QFETCH(int, activation);
    QFETCH(float, z);
    QFETCH(float, expected);
    Matrix pre(1, 1), out;
    pre(0, 0) = z;
    activate(Activation(activation), pre, out);
    QVERIFY2(std::abs(out(0, 0) - expected) < 1e-6f, qPrintable(QString::number(out(0, 0))));
}

void TestActivation::derivativeMatchesFiniteDifference_data()
{
    QTest::addColumn<int>("activation");
    QTest::newRow("relu") << int(Activation::Relu);
    QTest::newRow("gelu") << int(Activation::Gelu);
    QTest::newRow("tanh") << int(Activation::Tanh);
    QTest::newRow("silu") << int(Activation::Silu);
}

void TestActivation::derivativeMatchesFiniteDifference()
{
    QFETCH(int, activation);
    const auto act = Activation(activation);
    Rng rng(7);
    // Magnitudes in [0.05, 2.5]: away from relu's kink by more than the step.
    Matrix pre(6, 9);
    for (Index i = 0; i < pre.size(); ++i)
        pre.data()[i] = static_cast<float>((rng.uniform() < 0.5 ? -1 : 1) * rng.uniform(0.05, 2.5));
    const Matrix r = test::randomMatrix(6, 9, rng);
    Matrix out, dPre;
    activateBackward(act, pre, r, dPre);
    auto loss = [&] {
        activate(act, pre, out);
        return test::probe(out, r);
    };
    const auto result = test::checkGradient(pre, dPre, loss, 1e-2f);
    MOE_VERIFY_GRADIENT(result, 2e-3);
    // The backward pass that reads the forward's output gives the same derivative.
    activate(act, pre, out);
    Matrix fromOutput;
    activateBackward(act, pre, out, r, fromOutput);
    QVERIFY((fromOutput - dPre).cwiseAbs().maxCoeff() < 1e-6f);
}

void TestActivation::geluFromItsOutputAtTheEnds()
{
    // 0 (Phi = 1/2), tiny, large and underflowing inputs.
    Matrix pre(1, 8);
    pre << 0.0f, 1e-30f, -1e-20f, 3e-3f, 8.0f, -8.0f, -20.0f, 40.0f;
    const Matrix ones = Matrix::Ones(1, 8);
    Matrix out, plain, fromOutput;
    activate(Activation::Gelu, pre, out);
    activateBackward(Activation::Gelu, pre, ones, plain);
    activateBackward(Activation::Gelu, pre, out, ones, fromOutput);
    QVERIFY(fromOutput.allFinite());
    QVERIFY2((fromOutput - plain).cwiseAbs().maxCoeff() < 1e-6f,
             qPrintable(QString::number((fromOutput - plain).cwiseAbs().maxCoeff())));
}

void TestActivation::parseRoundTrip()
{
    for (Activation a : {Activation::Relu, Activation::Gelu, Activation::Tanh, Activation::Silu})
        QCOMPARE(int(*parseActivation(activationName(a))), int(a));
    QVERIFY(!parseActivation("sigmoid").has_value());
    QVERIFY(!parseActivation("").has_value());
}

QTEST_APPLESS_MAIN(TestActivation)
#include "tst_activation.moc"
