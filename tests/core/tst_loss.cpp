#include "core/base/rng.h"
#include "core/nn/loss.h"
#include "gradcheck.h"

#include <QTest>
#include <cmath>

using namespace moe;

class TestLoss : public QObject
{
    Q_OBJECT

private slots:
    void crossEntropyKnownValues();
    void crossEntropyGradient();
    void crossEntropyIsStableForHugeLogits();
    void meanSquaredErrorValueAndGradient();
    void accuracyCountsArgmax();
};

void TestLoss::crossEntropyKnownValues()
{
    Matrix logits = Matrix::Zero(2, 4); // uniform: L = log 4
    const std::vector<int> labels {0, 3};
    QVERIFY(std::abs(softmaxCrossEntropy(logits, labels, nullptr) - std::log(4.0)) < 1e-9);
    logits << 2, 1, 0, -1, 0.5f, 0.5f, 3, 0;
    // -log softmax: row 0 label 0, row 1 label 3
    const double l0 = std::log(std::exp(2.0) + std::exp(1.0) + 1.0 + std::exp(-1.0)) - 2.0;
    const double l1 = std::log(2 * std::exp(0.5) + std::exp(3.0) + 1.0) - 0.0;
    QVERIFY(std::abs(softmaxCrossEntropy(logits, labels, nullptr) - (l0 + l1) / 2) < 1e-6);
}

void TestLoss::crossEntropyGradient()
{
    Rng rng(4);
    Matrix logits = test::randomMatrix(6, 5, rng, 2.0);
    const std::vector<int> labels {0, 4, 2, 2, 1, 3};
    Matrix grad;
    softmaxCrossEntropy(logits, labels, &grad);
    // Each row of (softmax - onehot) / T sums to zero.
    QVERIFY(grad.rowwise().sum().cwiseAbs().maxCoeff() < 1e-6f);
    auto loss = [&] { return softmaxCrossEntropy(logits, labels, nullptr); };
    const auto result = test::checkGradient(logits, grad, loss, 1e-2f);
    MOE_VERIFY_GRADIENT(result, 1e-3);
}

void TestLoss::crossEntropyIsStableForHugeLogits()
{
    Matrix logits(1, 3);
    logits << 1e4f, -1e4f, 0.0f;
    Matrix grad;
    const double wrong = softmaxCrossEntropy(logits, std::vector<int> {1}, &grad);
    QVERIFY(std::isfinite(wrong));
    QVERIFY(std::abs(wrong - 2e4) < 1e-2);
    QVERIFY(grad.allFinite());
    QVERIFY(std::abs(grad(0, 0) - 1.0f) < 1e-6f && std::abs(grad(0, 1) + 1.0f) < 1e-6f);
    QVERIFY(softmaxCrossEntropy(logits, std::vector<int> {0}, nullptr) < 1e-9);
    const Matrix probs = softmaxRows(logits);
    QVERIFY(probs.allFinite());
    QCOMPARE(probs(0, 0), 1.0f);
}

void TestLoss::meanSquaredErrorValueAndGradient()
{
    Matrix pred(2, 2), target(2, 2);
    pred << 1, 2, 3, 4;
    target << 0, 2, 5, 4;
    Matrix grad;
    QCOMPARE(meanSquaredError(pred, target, &grad), (1.0 + 0.0 + 4.0 + 0.0) / 4.0);
    Matrix expected(2, 2);
    expected << 0.5f, 0, -1.0f, 0; // 2 (p - t) / 4
    QVERIFY((grad - expected).cwiseAbs().maxCoeff() < 1e-7f);
    Rng rng(8);
    Matrix p = test::randomMatrix(5, 3, rng);
    const Matrix t = test::randomMatrix(5, 3, rng);
    meanSquaredError(p, t, &grad);
    auto loss = [&] { return meanSquaredError(p, t, nullptr); };
    const auto result = test::checkGradient(p, grad, loss);
    MOE_VERIFY_GRADIENT(result, 1e-3);
}

void TestLoss::accuracyCountsArgmax()
{
    Matrix logits(3, 3);
    logits << 0, 1, 0, 5, 1, 2, 0, 0, -1;
    QCOMPARE(countCorrect(logits, std::vector<int> {1, 0, 0}), Index(3));
    QCOMPARE(countCorrect(logits, std::vector<int> {2, 0, 1}), Index(1));
}

QTEST_APPLESS_MAIN(TestLoss)
#include "tst_loss.moc"
