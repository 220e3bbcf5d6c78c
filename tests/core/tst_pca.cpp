#include "core/base/pca.h"
#include "core/base/rng.h"

#include <Eigen/Eigenvalues>
#include <QTest>
#include <cmath>

using namespace moe;

class TestPca : public QObject
{
    Q_OBJECT

private slots:
    void findsTheStretchedDirections();
    void matchesTheCovarianceEigenvectors_data();
    void matchesTheCovarianceEigenvectors();
    void twoSamplesOfThousandsOfFeatures();
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

void TestPca::matchesTheCovarianceEigenvectors_data()
{
    QTest::addColumn<int>("samples");
    QTest::newRow("fewer samples than features") << 6; // the SVD finds at most 6 directions
    QTest::newRow("more samples than features") << 50;
}

void TestPca::matchesTheCovarianceEigenvectors()
{
    // Samples of 10 features; the plain reference is the (10, 10) covariance's eigenvectors,
    // with the same sign convention.
    QFETCH(int, samples);
    Rng rng(9);
    Matrix x(samples, 10);
    for (Index i = 0; i < x.size(); ++i)
        x.data()[i] = float(rng.normal() * (1.0 + double(i % 10)));
    const Matrix basis = principalComponents(x, 3);
    const Eigen::MatrixXd c = x.cast<double>().rowwise() - x.cast<double>().colwise().mean();
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> reference(c.transpose() * c
                                                                   / double(samples));
    for (int k = 0; k < 3; ++k) {
        Eigen::VectorXd v = reference.eigenvectors().col(9 - k);
        Index top = 0;
        v.cwiseAbs().maxCoeff(&top);
        if (v[top] < 0)
            v = -v;
        QVERIFY2((basis.col(k).cast<double>() - v).cwiseAbs().maxCoeff() < 1e-4,
                 qPrintable(QStringLiteral("component %1").arg(k)));
    }
}

void TestPca::twoSamplesOfThousandsOfFeatures()
{
    // A CSV of 2 rows and 3,000 columns: the first direction joins the two samples; the second
    // has no variance, so any unit vector orthogonal to it (not NaN, not zero).
    Rng rng(2);
    Matrix x(2, 3000);
    for (Index i = 0; i < x.size(); ++i)
        x.data()[i] = float(rng.normal());
    const Matrix basis = principalComponents(x, 2);
    QVERIFY(basis.allFinite());
    const Eigen::VectorXf joining = (x.row(1) - x.row(0)).transpose().normalized();
    QVERIFY(std::abs(std::abs(basis.col(0).dot(joining)) - 1.0f) < 1e-4f);
    QVERIFY(std::abs(basis.col(1).norm() - 1.0f) < 1e-4f);
    QVERIFY(std::abs(basis.col(0).dot(basis.col(1))) < 1e-4f);
}

QTEST_APPLESS_MAIN(TestPca)
#include "tst_pca.moc"
