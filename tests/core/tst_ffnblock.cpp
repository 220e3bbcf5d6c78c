#include "core/nn/ffnblock.h"
#include "gradcheck.h"

#include <QTest>

using namespace moe;

class TestFfnBlock : public QObject
{
    Q_OBJECT

private slots:
    void forwardIsResidualPlusFfn();
    void gradientsMatchFiniteDifference_data();
    void gradientsMatchFiniteDifference();
    void accounting();
};

void TestFfnBlock::forwardIsResidualPlusFfn()
{
    Rng rng(2);
    FfnBlock block("b", 3, 5, Activation::Relu, rng);
    const Matrix x = test::randomMatrix(4, 3, rng);
    Matrix y;
    block.forward(x, y, {});
    auto params = block.parameters();
    const Matrix &w1 = params[0]->value, &b1 = params[1]->value;
    const Matrix &w2 = params[2]->value, &b2 = params[3]->value;
    // Plain reference, one sample at a time: y = x + W2 relu(W1 x + b1) + b2
    for (Index t = 0; t < 4; ++t) {
        RowVector hidden = (x.row(t) * w1.transpose() + b1).cwiseMax(0.0f);
        RowVector expected = x.row(t) + hidden * w2.transpose() + b2;
        QVERIFY((expected - y.row(t)).cwiseAbs().maxCoeff() < 1e-5f);
    }
}

void TestFfnBlock::gradientsMatchFiniteDifference_data()
{
    QTest::addColumn<int>("activation");
    QTest::newRow("relu") << int(Activation::Relu);
    QTest::newRow("gelu") << int(Activation::Gelu);
    QTest::newRow("tanh") << int(Activation::Tanh);
    QTest::newRow("silu") << int(Activation::Silu);
}

void TestFfnBlock::gradientsMatchFiniteDifference()
{
    QFETCH(int, activation);
    Rng rng(21);
    FfnBlock block("b", 4, 6, Activation(activation), rng);
    Matrix x = test::randomMatrix(5, 4, rng);
    const Matrix r = test::randomMatrix(5, 4, rng, 0.5);
    Matrix y, dx;
    block.forward(x, y, {});
    block.backward(x, r, dx);
    auto loss = [&] {
        block.forward(x, y, {});
        return test::probe(y, r);
    };
    // ReLU is not differentiable at 0: a step of 1e-3 moves few pre-activations across the kink.
    const float eps = activation == int(Activation::Relu) ? 1e-3f : 1e-2f;
    for (Parameter *p : block.parameters()) {
        const auto result = test::checkGradient(p->value, p->grad, loss, eps);
        MOE_VERIFY_GRADIENT(result, 3e-3);
    }
    const auto dxResult = test::checkGradient(x, dx, loss, eps);
    MOE_VERIFY_GRADIENT(dxResult, 3e-3);
}

void TestFfnBlock::accounting()
{
    Rng rng(1);
    FfnBlock block("b", 16, 32, Activation::Gelu, rng);
    const BlockCost cost = block.cost();
    QCOMPARE(cost.totalParams, Index(16 * 32 + 32 + 32 * 16 + 16));
    QCOMPARE(cost.activeParams, cost.totalParams);
    QCOMPARE(cost.forwardFlops, 2.0 * (16 * 32 + 32 * 16));
    QCOMPARE(QString::fromStdString(block.describe()), QStringLiteral("FFN 16 -> 32 -> 16 (gelu)"));
}

QTEST_APPLESS_MAIN(TestFfnBlock)
#include "tst_ffnblock.moc"
