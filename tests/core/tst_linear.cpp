#include "core/base/parallel.h"
#include "core/nn/linear.h"
#include "gradcheck.h"

#include <QTest>

using namespace moe;

class TestLinear : public QObject
{
    Q_OBJECT

private slots:
    void forwardMatchesPerSampleReference_data();
    void forwardMatchesPerSampleReference();
    void gradientsMatchFiniteDifference_data();
    void gradientsMatchFiniteDifference();
    void backwardAccumulates();
    void initialisationScale_data();
    void initialisationScale();
    void sameResultForAnyThreadCount();
    void accounting();
};

void TestLinear::forwardMatchesPerSampleReference_data()
{
    QTest::addColumn<int>("rows");
    QTest::newRow("few rows (row by row)") << 3;
    QTest::newRow("blocked product") << 7;
}

void TestLinear::forwardMatchesPerSampleReference()
{
    QFETCH(int, rows);
    Rng rng(1);
    Linear layer("l", 5, 3, InitScheme::Xavier, rng);
    layer.bias().value = test::randomMatrix(1, 3, rng);
    const Matrix x = test::randomMatrix(rows, 5, rng);
    Matrix y;
    layer.forward(x, y);
    QCOMPARE(y.rows(), Index(rows));
    QCOMPARE(y.cols(), Index(3));
    // Plain reference: y_to = b_o + sum_i x_ti W_oi
    for (Index t = 0; t < rows; ++t)
        for (Index o = 0; o < 3; ++o) {
            double sum = layer.bias().value(0, o);
            for (Index i = 0; i < 5; ++i)
                sum += double(x(t, i)) * double(layer.weight().value(o, i));
            QVERIFY(std::abs(sum - y(t, o)) < 1e-5);
        }
}

void TestLinear::gradientsMatchFiniteDifference_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("in");
    QTest::addColumn<int>("out");
    QTest::newRow("single sample") << 1 << 3 << 2;
    QTest::newRow("few rows") << 4 << 5 << 3;
    QTest::newRow("small batch") << 8 << 4 << 6;
    QTest::newRow("parallel path") << 130 << 40 << 33; // > one row chunk, > the parallel threshold
}

void TestLinear::gradientsMatchFiniteDifference()
{
    QFETCH(int, rows);
    QFETCH(int, in);
    QFETCH(int, out);
    Rng rng(11);
    Linear layer("l", in, out, InitScheme::He, rng);
    layer.bias().value = test::randomMatrix(1, out, rng, 0.1);
    Matrix x = test::randomMatrix(rows, in, rng);
    const Matrix r = test::randomMatrix(rows, out, rng, 0.3);
    Matrix y, dx;
    layer.forward(x, y);
    layer.backward(x, r, &dx); // probe L = <y, r>: dL/dy = r
    auto loss = [&] {
        layer.forward(x, y);
        return test::probe(y, r);
    };
    const double tolerance = 2e-3;
    auto w = test::checkGradient(layer.weight().value, layer.weight().grad, loss);
    MOE_VERIFY_GRADIENT(w, tolerance);
    auto b = test::checkGradient(layer.bias().value, layer.bias().grad, loss);
    MOE_VERIFY_GRADIENT(b, tolerance);
    auto dxCheck = test::checkGradient(x, dx, loss);
    MOE_VERIFY_GRADIENT(dxCheck, tolerance);
}

void TestLinear::backwardAccumulates()
{
    Rng rng(3);
    Linear layer("l", 4, 2, InitScheme::Xavier, rng);
    const Matrix x = test::randomMatrix(5, 4, rng);
    const Matrix dy = test::randomMatrix(5, 2, rng);
    layer.backward(x, dy, nullptr);
    const Matrix once = layer.weight().grad;
    layer.backward(x, dy, nullptr);
    QVERIFY((layer.weight().grad - 2.0f * once).cwiseAbs().maxCoeff() < 1e-6f);
    QVERIFY(once.cwiseAbs().maxCoeff() > 0.0f);
}

void TestLinear::initialisationScale_data()
{
    QTest::addColumn<int>("scheme");
    QTest::addColumn<double>("expectedVariance");
    QTest::newRow("he") << int(InitScheme::He) << 2.0 / 200.0;
    QTest::newRow("xavier") << int(InitScheme::Xavier) << 2.0 / (200.0 + 100.0);
}

void TestLinear::initialisationScale()
{
    QFETCH(int, scheme);
    QFETCH(double, expectedVariance);
    Rng rng(5);
    Linear layer("l", 200, 100, InitScheme(scheme), rng);
    const auto w = layer.weight().value.cast<double>();
    const double mean = w.mean();
    const double variance = (w.array() - mean).square().mean();
    QVERIFY(std::abs(mean) < 0.01);
    QVERIFY2(std::abs(variance / expectedVariance - 1.0) < 0.05,
             qPrintable(QString::number(variance)));
    QCOMPARE(layer.bias().value.cwiseAbs().maxCoeff(), 0.0f);
    QVERIFY(!layer.bias().decay);
    QVERIFY(layer.weight().decay);
}

void TestLinear::sameResultForAnyThreadCount()
{
    const int before = threadCount();
    Rng rng(9);
    Linear layer("l", 64, 96, InitScheme::He, rng);
    const Matrix x = test::randomMatrix(300, 64, rng);
    const Matrix dy = test::randomMatrix(300, 96, rng);
    Matrix y[2], dx[2], dw[2];
    for (int threads : {1, 2}) {
        setThreadCount(threads);
        layer.weight().zeroGrad();
        layer.forward(x, y[threads - 1]);
        layer.backward(x, dy, &dx[threads - 1]);
        dw[threads - 1] = layer.weight().grad;
    }
    setThreadCount(before);
    QVERIFY(y[0] == y[1]);
    QVERIFY(dx[0] == dx[1]);
    QVERIFY(dw[0] == dw[1]);
}

void TestLinear::accounting()
{
    Rng rng(1);
    Linear layer("l", 16, 32, InitScheme::He, rng);
    QCOMPARE(layer.parameterCount(), Index(16 * 32 + 32));
    QCOMPARE(layer.forwardFlopsPerSample(), 2.0 * 16 * 32);
    QCOMPARE(QString::fromStdString(layer.weight().name), QStringLiteral("l.weight"));
}

QTEST_APPLESS_MAIN(TestLinear)
#include "tst_linear.moc"
