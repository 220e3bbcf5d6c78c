#include "pca.h"
#include "rng.h"

#include <QTest>
#include <cmath>

using namespace moe;

class TestPca : public QObject
{
    Q_OBJECT

private slots:
    void findsTheStretchedDirections();
};

void TestPca::findsTheStretchedDirections()
{
    // Points stretched 5x along (1, 1, 0)/sqrt 2 and 2x along (0, 0, 1), little elsewhere.
    Rng rng(4);
    Matrix x(2000, 3);
    for (Index i = 0; i < x.rows(); ++i) {
        const double a = 5.0 * rng.normal(), b = 2.0 * rng.normal(), c = 0.3 * rng.normal();
        x(i, 0)
            = float(a / std::sqrt(2.0) + c / std::sqrt(2.0) + 7.0); // an offset: centring matters
        x(i, 1) = float(a / std::sqrt(2.0) - c / std::sqrt(2.0));
        x(i, 2) = float(b);
    }
    const Matrix basis = principalComponents(x, 2);
    QCOMPARE(basis.rows(), Index(3));
    QCOMPARE(basis.cols(), Index(2));
    QVERIFY(std::abs(basis(0, 0) - 0.7071f) < 0.01f && std::abs(basis(1, 0) - 0.7071f) < 0.01f);
    QVERIFY(std::abs(basis(2, 0)) < 0.01f);
    QVERIFY(std::abs(std::abs(basis(2, 1)) - 1.0f) < 0.01f);
    QVERIFY(basis(2, 1) > 0); // the sign convention: largest entry positive
    QVERIFY(std::abs(basis.col(0).dot(basis.col(1))) < 1e-5f);
    QCOMPARE(principalComponents(x.leftCols(1), 2).cols(), Index(1)); // fewer features than asked
}

QTEST_APPLESS_MAIN(TestPca)
#include "tst_pca.moc"
