// The random-label grid (datasets/regions2d.h, docs/datasets.md "Why grid shows the payoff"): its
// shape, a labelling fixed by the seed alone, one class per cell, roughly balanced classes, the
// default sample count growing with the cells, and the checks of its two settings. The properties
// every generator shares (bounds, jitter, determinism of the points) are in tst_generators.cpp.

#include "core/base/error.h"
#include "datasets/builtins.h"
#include "datasets/regions2d.h"
#include "testhelpers.h"

#include <QTest>
#include <algorithm>
#include <cstring>
#include <set>

using moe::Dataset;
using moe::Index;
using moe::testing::thrownMessage;
namespace ds = moe::datasets;

namespace {
// The class of the cell a point falls in, by the grid's own labelling.
int cellClass(const std::vector<int> &labelling, int cells, float x, float y)
{
    return labelling[std::size_t(ds::gridCellOf(y, cells)) * std::size_t(cells)
                     + std::size_t(ds::gridCellOf(x, cells))];
}
} // namespace

class TestGrid : public QObject
{
    Q_OBJECT

private slots:
    void shape_data();
    void shape();
    void labellingFixedBySeed();
    void oneClassPerCell_data();
    void oneClassPerCell();
    void classesRoughlyBalanced();
    void pointsCoverThePlane();
    void defaultSamplesGrowWithCells();
    void badSettings_data();
    void badSettings();
};

void TestGrid::shape_data()
{
    QTest::addColumn<int>("cells");
    QTest::addColumn<int>("classes");
    QTest::addColumn<Index>("samples");
    QTest::newRow("2 x 2, 2 classes") << 2 << 2 << Index(10);
    QTest::newRow("2 x 2, 4 classes (one cell each)") << 2 << 4 << Index(400);
    QTest::newRow("16 x 16, 4 classes") << 16 << 4 << Index(20480);
    QTest::newRow("32 x 32, 8 classes") << 32 << 8 << Index(1001);
}

void TestGrid::shape()
{
    QFETCH(int, cells);
    QFETCH(int, classes);
    QFETCH(Index, samples);
    const Dataset data = ds::makeGrid(samples, cells, classes, 0.002, 5);
    QCOMPARE(QString::fromStdString(data.name), QStringLiteral("grid"));
    QVERIFY(data.isClassification());
    QCOMPARE(data.size(), samples);
    QCOMPARE(data.inputDim(), 2);
    QCOMPARE(data.numClasses, classes);
    QCOMPARE(data.labels.size(), std::size_t(samples));
    for (int label : data.labels)
        QVERIFY(label >= 0 && label < classes);
    QVERIFY(data.features.allFinite());
    const std::vector<int> labelling = ds::gridLabelling(cells, classes, 5);
    QCOMPARE(labelling.size(), std::size_t(cells) * std::size_t(cells));
    // Each class owns floor(K^2 / C) or ceil(K^2 / C) cells.
    std::vector<int> owned(std::size_t(classes), 0);
    for (int c : labelling)
        ++owned[std::size_t(c)];
    const auto [least, most] = std::minmax_element(owned.begin(), owned.end());
    QVERIFY(*most - *least <= 1);
    QCOMPARE(*least, cells * cells / classes);
}

void TestGrid::labellingFixedBySeed()
{
    // The same seed, the same board, whatever the sample count or the noise; the points and labels
    // bitwise equal at equal settings.
    const std::vector<int> board = ds::gridLabelling(16, 4, 42);
    QVERIFY(board == ds::gridLabelling(16, 4, 42));
    const Dataset a = ds::makeGrid(3000, 16, 4, 0.0, 42);
    const Dataset b = ds::makeGrid(3000, 16, 4, 0.0, 42);
    QVERIFY(std::memcmp(a.features.data(), b.features.data(),
                        sizeof(float) * std::size_t(a.features.size()))
            == 0);
    QVERIFY(a.labels == b.labels);
    for (Index i = 0; i < a.size(); ++i)
        QCOMPARE(a.labels[std::size_t(i)],
                 cellClass(board, 16, a.features(i, 0), a.features(i, 1)));
    // Fewer samples: the same board labels them. Noise: the same clean points, so the same labels.
    const Dataset fewer = ds::makeGrid(500, 16, 4, 0.0, 42);
    for (Index i = 0; i < fewer.size(); ++i)
        QCOMPARE(fewer.labels[std::size_t(i)],
                 cellClass(board, 16, fewer.features(i, 0), fewer.features(i, 1)));
    QVERIFY(ds::makeGrid(3000, 16, 4, 0.3, 42).labels == a.labels);
    // Another seed, another board: most cells change class (3 in 4 by chance with 4 classes).
    const std::vector<int> other = ds::gridLabelling(16, 4, 43);
    int changed = 0;
    for (std::size_t c = 0; c < board.size(); ++c)
        changed += board[c] != other[c] ? 1 : 0;
    QVERIFY2(changed > 150, qPrintable(QStringLiteral("%1 of 256 cells changed").arg(changed)));
}

void TestGrid::oneClassPerCell_data()
{
    QTest::addColumn<int>("cells");
    QTest::addColumn<int>("classes");
    QTest::newRow("4 x 4, 2 classes") << 4 << 2;
    QTest::newRow("16 x 16, 4 classes") << 16 << 4;
    QTest::newRow("32 x 32, 8 classes") << 32 << 8;
}

void TestGrid::oneClassPerCell()
{
    // At noise 0 every point carries its cell's class: the labels are constant per cell, and each
    // cell's label is the labelling's.
    QFETCH(int, cells);
    QFETCH(int, classes);
    const Dataset data = ds::makeGrid(40 * cells * cells, cells, classes, 0.0, 9);
    const std::vector<int> labelling = ds::gridLabelling(cells, classes, 9);
    std::vector<std::set<int>> seen(labelling.size());
    for (Index i = 0; i < data.size(); ++i) {
        const int row = ds::gridCellOf(data.features(i, 1), cells);
        const int column = ds::gridCellOf(data.features(i, 0), cells);
        seen[std::size_t(row) * std::size_t(cells) + std::size_t(column)].insert(
            data.labels[std::size_t(i)]);
    }
    int visited = 0;
    for (std::size_t c = 0; c < seen.size(); ++c) {
        if (seen[c].empty())
            continue;
        ++visited;
        QCOMPARE(seen[c].size(), std::size_t(1));
        QCOMPARE(*seen[c].begin(), labelling[c]);
    }
    QVERIFY(visited > int(seen.size()) * 9 / 10); // 40 points a cell leave hardly any empty
}

void TestGrid::classesRoughlyBalanced()
{
    // Uniform points over cells shared out evenly: each class near 1/C of the samples.
    for (const int classes : {2, 4, 8}) {
        const Index n = 40000;
        const Dataset data = ds::makeGrid(n, 16, classes, 0.002, 3);
        for (Index count : data.classCounts()) {
            const double share = double(count) / double(n);
            QVERIFY2(
                std::abs(share - 1.0 / classes) < 0.25 / classes,
                qPrintable(QStringLiteral("%1 classes: a share of %2").arg(classes).arg(share)));
        }
    }
}

void TestGrid::pointsCoverThePlane()
{
    // Clean points are uniform over [-1, 1]^2: each quadrant holds about a quarter.
    const Dataset data = ds::makeGrid(20000, 16, 4, 0.0, 1);
    QVERIFY(data.features.cwiseAbs().maxCoeff() <= 1.0f);
    int quadrants[4] = {0, 0, 0, 0};
    for (Index i = 0; i < data.size(); ++i)
        ++quadrants[(data.features(i, 0) >= 0 ? 1 : 0) + (data.features(i, 1) >= 0 ? 2 : 0)];
    for (int q : quadrants)
        QVERIFY2(std::abs(q - 5000) < 300, qPrintable(QString::number(q)));
}

void TestGrid::defaultSamplesGrowWithCells()
{
    // 80 samples a cell by default, as makeDataset builds it (20,480 at the default 16 x 16).
    ds::DatasetSpec spec;
    spec.name = "grid";
    const ds::DatasetInfo *info = ds::findBuiltinDataset("grid");
    QVERIFY(info);
    QCOMPARE(info->outputs, spec.gridClasses);
    QCOMPARE(ds::defaultSampleCount(spec), info->defaultSamples);
    QCOMPARE(ds::defaultSampleCount(spec), Index(80 * 16 * 16));
    spec.gridCells = 32;
    spec.gridClasses = 8;
    QCOMPARE(ds::defaultSampleCount(spec), Index(80 * 32 * 32));
    const Dataset data = ds::makeDataset(spec, {});
    QCOMPARE(data.size(), Index(80 * 32 * 32));
    QCOMPARE(data.numClasses, 8);
    spec.name = "digits"; // a real set has no generated default
    QCOMPARE(ds::defaultSampleCount(spec), Index(0));
}

void TestGrid::badSettings_data()
{
    QTest::addColumn<int>("cells");
    QTest::addColumn<int>("classes");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("1 class") << 16 << 1 << QStringList {"grid", "classes", "[2, 8]", "got 1"};
    QTest::newRow("9 classes") << 16 << 9 << QStringList {"classes", "got 9"};
    QTest::newRow("33 cells") << 33 << 4 << QStringList {"cells per side", "[2, 32]", "got 33"};
    QTest::newRow("more classes than cells")
        << 2 << 5 << QStringList {"grid", "5 classes need at least 5 cells", "2 x 2 = 4"};
}

void TestGrid::badSettings()
{
    QFETCH(int, cells);
    QFETCH(int, classes);
    QFETCH(QStringList, expected);
    const QString message
        = thrownMessage<moe::ConfigError>([&] { ds::makeGrid(100, cells, classes, 0.0, 1); });
    for (const QString &part : expected)
        QVERIFY2(message.contains(part), qPrintable(message + " lacks " + part));
    ds::DatasetSpec spec;
    spec.name = "grid";
    spec.gridCells = cells;
    spec.gridClasses = classes;
    QCOMPARE(thrownMessage<moe::ConfigError>([&] { ds::makeDataset(spec, {}); }), message);
}

QTEST_APPLESS_MAIN(TestGrid)
#include "tst_grid.moc"
