// The rules that define the region-dependent sets: which label or target a point gets, and the
// properties that make them Mixture-of-Experts demos (one simple rule per region).

#include "datasets/regions2d.h"
#include "datasets/regression2d.h"

#include <Eigen/Dense>
#include <QTest>
#include <array>
#include <cmath>
#include <numbers>

using moe::Dataset;
using moe::Index;
namespace ds = moe::datasets;

namespace {

constexpr double kPi = std::numbers::pi;

// Least-squares linear classifier on (x1, x2, 1) with targets +-1; its training accuracy.
double linearFitAccuracy(const Eigen::MatrixXd &x, const Eigen::VectorXd &sign)
{
    Eigen::MatrixXd design(x.rows(), 3);
    design << x, Eigen::VectorXd::Ones(x.rows());
    const Eigen::VectorXd w = design.colPivHouseholderQr().solve(sign);
    const Eigen::VectorXd score = design * w;
    Index correct = 0;
    for (Index i = 0; i < x.rows(); ++i)
        correct += (score(i) > 0.0) == (sign(i) > 0.0) ? 1 : 0;
    return static_cast<double>(correct) / static_cast<double>(x.rows());
}

} // namespace

class TestGeneratorRules : public QObject
{
    Q_OBJECT

private slots:
    void regionsLabelRule_data();
    void regionsLabelRule();
    void regionsNeedsOneRulePerQuadrant();
    void checkerboardParity_data();
    void checkerboardParity();
    void regressionRule_data();
    void regressionRule();
    void regressionTargetsFollowRule_data();
    void regressionTargetsFollowRule();
};

void TestGeneratorRules::regionsLabelRule_data()
{
    QTest::addColumn<double>("x");
    QTest::addColumn<double>("y");
    QTest::addColumn<int>("label");
    // Quadrant I: class 1 iff x > 0.5 (vertical boundary).
    QTest::newRow("I right") << 0.7 << 0.2 << 1;
    QTest::newRow("I left") << 0.3 << 0.9 << 0;
    // Quadrant II: class 1 iff y < 0.5 (horizontal boundary).
    QTest::newRow("II low") << -0.9 << 0.3 << 1;
    QTest::newRow("II high") << -0.1 << 0.7 << 0;
    // Quadrant III: class 1 iff x + y < -1.
    QTest::newRow("III corner") << -0.6 << -0.6 << 1;
    QTest::newRow("III near origin") << -0.3 << -0.3 << 0;
    // Quadrant IV: class 1 iff y - x > -1.
    QTest::newRow("IV near origin") << 0.3 << -0.3 << 1;
    QTest::newRow("IV corner") << 0.8 << -0.8 << 0;
}

void TestGeneratorRules::regionsLabelRule()
{
    QFETCH(double, x);
    QFETCH(double, y);
    QFETCH(int, label);
    QCOMPARE(ds::regionsLabel(x, y), label);
}

void TestGeneratorRules::regionsNeedsOneRulePerQuadrant()
{
    const Dataset data = ds::makeRegions(1600, 0.0, 5);
    Eigen::MatrixXd x = data.features.cast<double>();
    Eigen::VectorXd sign(data.size());
    std::vector<std::vector<Index>> quadrantRows(4);
    std::vector<std::array<int, 2>> quadrantCounts(4, {0, 0});
    for (Index i = 0; i < data.size(); ++i) {
        const int label = data.labels[static_cast<std::size_t>(i)];
        QCOMPARE(ds::regionsLabel(x(i, 0), x(i, 1)), label);
        sign(i) = label == 1 ? 1.0 : -1.0;
        const int q = x(i, 0) >= 0 ? (x(i, 1) >= 0 ? 0 : 3) : (x(i, 1) >= 0 ? 1 : 2);
        quadrantRows[static_cast<std::size_t>(q)].push_back(i);
        ++quadrantCounts[static_cast<std::size_t>(q)][static_cast<std::size_t>(label)];
    }
    // Both classes in every quadrant, 200 each.
    for (const auto &counts : quadrantCounts) {
        QCOMPARE(counts[0], 200);
        QCOMPARE(counts[1], 200);
    }
    // One straight line per quadrant is (almost) exact; one for the whole plane is poor.
    for (const auto &rows : quadrantRows) {
        Eigen::MatrixXd xq(rows.size(), 2);
        Eigen::VectorXd sq(rows.size());
        for (std::size_t r = 0; r < rows.size(); ++r) {
            xq.row(static_cast<Index>(r)) = x.row(rows[r]);
            sq(static_cast<Index>(r)) = sign(rows[r]);
        }
        QVERIFY(linearFitAccuracy(xq, sq) >= 0.95);
    }
    const double global = linearFitAccuracy(x, sign);
    QVERIFY2(global <= 0.75, qPrintable(QString("global linear accuracy %1").arg(global)));
}

void TestGeneratorRules::checkerboardParity_data()
{
    QTest::addColumn<int>("cells");
    for (int cells : {2, 3, 4, 7, 10})
        QTest::addRow("%d cells", cells) << cells;
}

void TestGeneratorRules::checkerboardParity()
{
    QFETCH(int, cells);
    const Dataset data = ds::makeCheckerboard(1000, cells, 0.0, 9);
    std::vector<int> perCell(static_cast<std::size_t>(cells * cells), 0);
    for (Index i = 0; i < data.size(); ++i) {
        const double width = 2.0 / cells;
        const int column = std::min(cells - 1, int((data.features(i, 0) + 1.0) / width));
        const int row = std::min(cells - 1, int((data.features(i, 1) + 1.0) / width));
        QCOMPARE(data.labels[static_cast<std::size_t>(i)], (row + column) % 2);
        ++perCell[static_cast<std::size_t>(row * cells + column)];
    }
    // Every cell is populated.
    QVERIFY(*std::min_element(perCell.begin(), perCell.end()) > 0);
}

void TestGeneratorRules::regressionRule_data()
{
    QTest::addColumn<double>("x1");
    QTest::addColumn<double>("x2");
    QTest::addColumn<double>("piecewise");
    QTest::addColumn<double>("ridge");
    // ridge = sin(pi (0.8 x1 + 0.6 x2))
    QTest::newRow("I") << 0.75 << 0.25 << 0.5 << std::sin(kPi * 0.75);
    QTest::newRow("II") << -0.5 << 0.25 << -0.25 << std::sin(kPi * -0.25);
    QTest::newRow("III") << -0.6 << -0.8 << 0.0 << std::sin(kPi * -0.96);
    QTest::newRow("IV") << 0.2 << -0.5 << 0.3 << std::sin(kPi * -0.14);
    QTest::newRow("origin") << 0.0 << 0.0 << 0.0 << 0.0;
    QTest::newRow("crest") << 0.4 << 0.3 << 0.1 << 1.0;
}

void TestGeneratorRules::regressionRule()
{
    QFETCH(double, x1);
    QFETCH(double, x2);
    QFETCH(double, piecewise);
    QFETCH(double, ridge);
    QVERIFY(std::abs(ds::piecewiseTarget(x1, x2) - piecewise) < 1e-12);
    QVERIFY(std::abs(ds::sineRidgeTarget(x1, x2) - ridge) < 1e-12);
}

void TestGeneratorRules::regressionTargetsFollowRule_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("sine_ridge") << "sine_ridge";
    QTest::newRow("piecewise") << "piecewise";
}

void TestGeneratorRules::regressionTargetsFollowRule()
{
    QFETCH(QString, name);
    const Dataset data
        = name == "piecewise" ? ds::makePiecewise(1000, 0.0, 2) : ds::makeSineRidge(1000, 0.0, 2);
    auto rule = name == "piecewise" ? &ds::piecewiseTarget : &ds::sineRidgeTarget;
    double lo = 1e9, hi = -1e9;
    for (Index i = 0; i < data.size(); ++i) {
        const auto expected = static_cast<float>(rule(data.features(i, 0), data.features(i, 1)));
        QCOMPARE(data.targets(i, 0), expected);
        lo = std::min(lo, double(expected));
        hi = std::max(hi, double(expected));
    }
    // The targets span most of [-1, 1].
    QVERIFY2(lo < -0.9 && hi > 0.8, qPrintable(QString("range [%1, %2]").arg(lo).arg(hi)));
}

QTEST_APPLESS_MAIN(TestGeneratorRules)
#include "tst_generatorrules.moc"
