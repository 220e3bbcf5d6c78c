// Properties every 2-D generator shares: shape, balance, determinism, bounds, the meaning of
// `noise` and parameter checks. The rules of individual sets are in tst_generatorrules.cpp.

#include "core/base/error.h"
#include "datasets/classification2d.h"
#include "datasets/regions2d.h"
#include "datasets/regression2d.h"
#include "testhelpers.h"

#include <Eigen/Dense>
#include <QTest>
#include <cmath>
#include <cstring>
#include <limits>

using moe::Dataset;
using moe::Index;
using moe::testing::thrownMessage;
namespace ds = moe::datasets;

namespace {

// `param` is arms (spiral), clusters (blobs) or cells per side (checkerboard, grid with 4
// classes); ignored elsewhere. The grid's own rules are in tst_grid.cpp.
Dataset generate(const QString &name, Index samples, int param, double noise, std::uint64_t seed)
{
    if (name == "spiral")
        return ds::makeSpiral(samples, param, noise, seed);
    if (name == "circles")
        return ds::makeCircles(samples, noise, seed);
    if (name == "xor")
        return ds::makeXor(samples, noise, seed);
    if (name == "moons")
        return ds::makeMoons(samples, noise, seed);
    if (name == "blobs")
        return ds::makeBlobs(samples, param, noise, seed);
    if (name == "checkerboard")
        return ds::makeCheckerboard(samples, param, noise, seed);
    if (name == "regions")
        return ds::makeRegions(samples, noise, seed);
    if (name == "grid")
        return ds::makeGrid(samples, param, 4, noise, seed);
    if (name == "sine_ridge")
        return ds::makeSineRidge(samples, noise, seed);
    if (name == "piecewise")
        return ds::makePiecewise(samples, noise, seed);
    qFatal("unknown generator %s", qPrintable(name));
}

bool isRegression(const QString &name)
{
    return name == "sine_ridge" || name == "piecewise";
}

// One row per generator at typical settings: name, param.
void addEveryGenerator()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("param");
    QTest::newRow("spiral") << "spiral" << 3;
    QTest::newRow("circles") << "circles" << 0;
    QTest::newRow("xor") << "xor" << 0;
    QTest::newRow("moons") << "moons" << 0;
    QTest::newRow("blobs") << "blobs" << 4;
    QTest::newRow("checkerboard") << "checkerboard" << 4;
    QTest::newRow("regions") << "regions" << 0;
    QTest::newRow("grid") << "grid" << 16;
    QTest::newRow("sine_ridge") << "sine_ridge" << 0;
    QTest::newRow("piecewise") << "piecewise" << 0;
}

} // namespace

class TestGenerators : public QObject
{
    Q_OBJECT

private slots:
    void shapeAndBalance_data();
    void shapeAndBalance();
    void deterministicForSeed_data() { addEveryGenerator(); }
    void deterministicForSeed();
    void boundingBox_data();
    void boundingBox();
    void noiseIsJitterStd_data();
    void noiseIsJitterStd();
    void badParameters_data();
    void badParameters();
};

void TestGenerators::shapeAndBalance_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("param");
    QTest::addColumn<Index>("samples");
    QTest::addColumn<int>("classes"); // 0 for regression
    QTest::newRow("spiral 2 arms, odd count") << "spiral" << 2 << Index(101) << 2;
    QTest::newRow("spiral 3 arms") << "spiral" << 3 << Index(900) << 3;
    QTest::newRow("spiral 6 arms") << "spiral" << 6 << Index(605) << 6;
    QTest::newRow("spiral one per arm") << "spiral" << 6 << Index(6) << 6;
    QTest::newRow("circles") << "circles" << 0 << Index(801) << 2;
    QTest::newRow("xor") << "xor" << 0 << Index(800) << 2;
    QTest::newRow("moons") << "moons" << 0 << Index(7) << 2;
    QTest::newRow("blobs 2") << "blobs" << 2 << Index(500) << 2;
    QTest::newRow("blobs 8") << "blobs" << 8 << Index(803) << 8;
    QTest::newRow("checkerboard 2") << "checkerboard" << 2 << Index(400) << 2;
    QTest::newRow("checkerboard 9 (odd)") << "checkerboard" << 9 << Index(333) << 2;
    QTest::newRow("regions") << "regions" << 0 << Index(1600) << 2;
    QTest::newRow("sine_ridge") << "sine_ridge" << 0 << Index(50) << 0;
    QTest::newRow("piecewise single sample") << "piecewise" << 0 << Index(1) << 0;
}

void TestGenerators::shapeAndBalance()
{
    QFETCH(QString, name);
    QFETCH(int, param);
    QFETCH(Index, samples);
    QFETCH(int, classes);
    const Dataset data = generate(name, samples, param, 0.05, 7);
    QCOMPARE(data.size(), samples);
    QCOMPARE(data.inputDim(), 2);
    QCOMPARE(data.featureNames.size(), std::size_t(2));
    QCOMPARE(QString::fromStdString(data.name), name);
    if (classes == 0) {
        QVERIFY(!data.isClassification());
        QCOMPARE(data.targets.rows(), samples);
        QCOMPARE(data.outputDim(), 1);
        QVERIFY(data.labels.empty());
        return;
    }
    QVERIFY(data.isClassification());
    QCOMPARE(data.numClasses, classes);
    QCOMPARE(data.labels.size(), static_cast<std::size_t>(samples));
    const std::vector<Index> counts = data.classCounts();
    Index total = 0;
    for (Index count : counts)
        total += count;
    QCOMPARE(total, samples); // every label is within 0..classes-1
    const auto [least, most] = std::minmax_element(counts.begin(), counts.end());
    QVERIFY2(*most - *least <= 1, "classes must be balanced to within one sample");
    QCOMPARE(*least, samples / classes);
}

void TestGenerators::deterministicForSeed()
{
    QFETCH(QString, name);
    QFETCH(int, param);
    const Dataset a = generate(name, 500, param, 0.1, 42);
    const Dataset b = generate(name, 500, param, 0.1, 42);
    const Dataset c = generate(name, 500, param, 0.1, 43);
    // Bitwise equal for the same seed.
    QVERIFY(std::memcmp(a.features.data(), b.features.data(),
                        sizeof(float) * static_cast<std::size_t>(a.features.size()))
            == 0);
    QVERIFY(a.labels == b.labels);
    QVERIFY(a.targets == b.targets);
    // A different seed moves (almost) every point.
    Index moved = 0;
    for (Index i = 0; i < a.size(); ++i)
        moved += a.features.row(i) != c.features.row(i) ? 1 : 0;
    QVERIFY2(moved > 490, qPrintable(QString("only %1 of 500 points differ").arg(moved)));
}

void TestGenerators::boundingBox_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("param");
    QTest::addColumn<double>("lo"); // clean points have max |coordinate| in [lo, hi]
    QTest::addColumn<double>("hi");
    QTest::newRow("spiral") << "spiral" << 3 << 0.85 << 0.95;
    QTest::newRow("circles") << "circles" << 0 << 0.84 << 0.85 + 1e-6;
    QTest::newRow("xor") << "xor" << 0 << 0.9 << 0.95;
    QTest::newRow("moons") << "moons" << 0 << 0.97 << 0.975 + 1e-6;
    QTest::newRow("blobs") << "blobs" << 4 << 0.42 << 0.43;
    QTest::newRow("checkerboard") << "checkerboard" << 4 << 0.99 << 1.0;
    QTest::newRow("regions") << "regions" << 0 << 0.99 << 1.0;
    QTest::newRow("grid") << "grid" << 16 << 0.99 << 1.0;
    QTest::newRow("sine_ridge") << "sine_ridge" << 0 << 0.99 << 1.0;
    QTest::newRow("piecewise") << "piecewise" << 0 << 0.99 << 1.0;
}

void TestGenerators::boundingBox()
{
    QFETCH(QString, name);
    QFETCH(int, param);
    QFETCH(double, lo);
    QFETCH(double, hi);
    const Dataset clean = generate(name, 2000, param, 0.0, 3);
    QVERIFY(clean.features.allFinite());
    const double extent = clean.features.cwiseAbs().maxCoeff();
    QVERIFY2(extent >= lo && extent <= hi, qPrintable(QString("extent %1").arg(extent)));

    // With jitter sigma, nothing strays beyond 6 sigma of the clean box.
    const double sigma = 0.1;
    const Dataset noisy = generate(name, 2000, param, sigma, 3);
    QVERIFY(noisy.features.allFinite());
    const double bound = isRegression(name) ? hi : hi + 6 * sigma;
    QVERIFY(noisy.features.cwiseAbs().maxCoeff() <= bound);
    if (isRegression(name)) {
        QVERIFY(noisy.targets.allFinite());
        QVERIFY(noisy.targets.cwiseAbs().maxCoeff() <= 1.0 + 6 * sigma);
    }
}

void TestGenerators::noiseIsJitterStd_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("param");
    QTest::addColumn<double>("sigma");
    for (double sigma : {0.03, 0.3}) {
        for (const char *name : {"spiral", "circles", "xor", "moons", "blobs", "checkerboard",
                                 "regions", "grid", "sine_ridge", "piecewise"}) {
            const int param = QString(name) == "spiral" ? 3 : QString(name) == "blobs" ? 5 : 4;
            QTest::addRow("%s sigma %g", name, sigma) << QString(name) << param << sigma;
        }
    }
}

void TestGenerators::noiseIsJitterStd()
{
    QFETCH(QString, name);
    QFETCH(int, param);
    QFETCH(double, sigma);
    const Index n = 4000;
    const Dataset clean = generate(name, n, param, 0.0, 11);
    const Dataset noisy = generate(name, n, param, sigma, 11);
    // Same seed, same clean positions: the difference is exactly the jitter.
    const Eigen::MatrixXd jitter = isRegression(name)
        ? (noisy.targets - clean.targets).cast<double>().eval()
        : (noisy.features - clean.features).cast<double>().eval();
    if (isRegression(name))
        QVERIFY(noisy.features == clean.features); // inputs are exact
    else
        QVERIFY(noisy.labels == clean.labels);
    const double mean = jitter.mean();
    const double std = std::sqrt((jitter.array() - mean).square().mean());
    QVERIFY2(std::abs(std - sigma) < 0.05 * sigma,
             qPrintable(QString("jitter std %1, expected %2").arg(std).arg(sigma)));
    QVERIFY(std::abs(mean) < 0.05 * sigma);
}

void TestGenerators::badParameters_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("param");
    QTest::addColumn<Index>("samples");
    QTest::addColumn<double>("noise");
    QTest::addColumn<QStringList>("expected"); // all must appear in the message
    const double nan = std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("spiral 7 arms")
        << "spiral" << 7 << Index(100) << 0.1 << QStringList {"spiral", "arms", "[2, 6]", "got 7"};
    QTest::newRow("spiral 1 arm") << "spiral" << 1 << Index(100) << 0.1
                                  << QStringList {"arms", "[2, 6]", "got 1"};
    QTest::newRow("blobs 9 clusters") << "blobs" << 9 << Index(100) << 0.1
                                      << QStringList {"blobs", "clusters", "[2, 8]", "got 9"};
    QTest::newRow("blobs 1 cluster")
        << "blobs" << 1 << Index(100) << 0.1 << QStringList {"clusters", "got 1"};
    QTest::newRow("checkerboard 1 cell")
        << "checkerboard" << 1 << Index(100) << 0.1 << QStringList {"cells", "[2, 10]", "got 1"};
    QTest::newRow("checkerboard 11 cells")
        << "checkerboard" << 11 << Index(100) << 0.1 << QStringList {"cells", "got 11"};
    QTest::newRow("grid 1 cell per side")
        << "grid" << 1 << Index(100) << 0.1
        << QStringList {"grid", "cells per side", "[2, 32]", "got 1"};
    QTest::newRow("grid 33 cells per side")
        << "grid" << 33 << Index(100) << 0.1 << QStringList {"cells per side", "got 33"};
    QTest::newRow("zero samples") << "circles" << 0 << Index(0) << 0.1
                                  << QStringList {"circles", "samples", "got 0"};
    QTest::newRow("negative samples") << "sine_ridge" << 0 << Index(-5) << 0.1
                                      << QStringList {"sine_ridge", "samples", "[1, ", "got -5"};
    QTest::newRow("fewer samples than arms")
        << "spiral" << 4 << Index(3) << 0.1
        << QStringList {"samples", "[4, ", "one per class", "got 3"};
    QTest::newRow("too many samples") << "xor" << 0 << Index(2'000'000) << 0.1
                                      << QStringList {"samples", "1000000", "got 2000000"};
    QTest::newRow("negative noise") << "moons" << 0 << Index(100) << -0.1
                                    << QStringList {"moons", "noise", "[0, 1]", "got -0.1"};
    QTest::newRow("noise too large")
        << "regions" << 0 << Index(100) << 1.5 << QStringList {"noise", "got 1.5"};
    QTest::newRow("noise NaN") << "piecewise" << 0 << Index(100) << nan
                               << QStringList {"noise", "got nan"};
}

void TestGenerators::badParameters()
{
    QFETCH(QString, name);
    QFETCH(int, param);
    QFETCH(Index, samples);
    QFETCH(double, noise);
    QFETCH(QStringList, expected);
    const QString message
        = thrownMessage<moe::ConfigError>([&] { generate(name, samples, param, noise, 1); });
    for (const QString &part : expected)
        QVERIFY2(message.contains(part), qPrintable(message + " lacks " + part));
}

QTEST_APPLESS_MAIN(TestGenerators)
#include "tst_generators.moc"
