// Train/test split (sizes, stratification, determinism, coverage) and the Standardizer (fitted on
// the training part only).

#include "core/base/error.h"
#include "datasets/split.h"
#include "testhelpers.h"

#include <QTest>
#include <cmath>
#include <limits>
#include <set>

using moe::Dataset;
using moe::Index;
using moe::testing::thrownMessage;
namespace ds = moe::datasets;

Q_DECLARE_METATYPE(std::vector<Index>)

namespace {

// Class k has counts[k] samples; feature 0 is the row id (to check coverage), feature 1 = label.
Dataset classificationSet(const std::vector<Index> &counts)
{
    Index n = 0;
    for (Index c : counts)
        n += c;
    Dataset data;
    data.name = "toy";
    data.numClasses = static_cast<int>(counts.size());
    data.features.resize(n, 2);
    data.featureNames = {"id", "label copy"};
    Index row = 0;
    for (std::size_t k = 0; k < counts.size(); ++k) {
        for (Index i = 0; i < counts[k]; ++i, ++row) {
            data.features(row, 0) = static_cast<float>(row);
            data.features(row, 1) = static_cast<float>(k);
            data.labels.push_back(static_cast<int>(k));
        }
    }
    return data;
}

Dataset regressionSet(Index n)
{
    Dataset data;
    data.name = "line";
    data.task = moe::Task::Regression;
    data.features.resize(n, 1);
    data.targets.resize(n, 1);
    for (Index i = 0; i < n; ++i) {
        data.features(i, 0) = static_cast<float>(i);
        data.targets(i, 0) = 2.0f * static_cast<float>(i);
    }
    return data;
}

// Row ids (feature 0) of a part.
std::vector<Index> ids(const Dataset &part)
{
    std::vector<Index> out;
    for (Index i = 0; i < part.size(); ++i)
        out.push_back(static_cast<Index>(part.features(i, 0)));
    return out;
}

} // namespace

class TestSplit : public QObject
{
    Q_OBJECT

private slots:
    void stratified_data();
    void stratified();
    void regressionFraction_data();
    void regressionFraction();
    void deterministicForSeed();
    void classesAreMixed();
    void badFraction_data();
    void badFraction();
    void standardizerOnTrainOnly();
    void standardizerConstantFeature();
    void standardizerHugeValues();
    void standardizerMisuse();
    void prepareDataUsesTrainStatistics();
};

void TestSplit::stratified_data()
{
    QTest::addColumn<std::vector<Index>>("counts");
    QTest::addColumn<double>("fraction");
    QTest::addColumn<std::vector<Index>>("testCounts");
    QTest::newRow("20%") << std::vector<Index> {500, 300, 200} << 0.2
                         << std::vector<Index> {100, 60, 40};
    QTest::newRow("0% gives empty test")
        << std::vector<Index> {50, 50} << 0.0 << std::vector<Index> {0, 0};
    QTest::newRow("90%") << std::vector<Index> {500, 300, 200} << 0.9
                         << std::vector<Index> {450, 270, 180};
    QTest::newRow("rounds per class")
        << std::vector<Index> {7, 13} << 0.25 << std::vector<Index> {2, 3}; // 1.75 -> 2, 3.25 -> 3
    QTest::newRow("single-sample class stays in train")
        << std::vector<Index> {40, 1} << 0.5 << std::vector<Index> {20, 0};
    QTest::newRow("keeps one per class for training")
        << std::vector<Index> {3, 10} << 0.9 << std::vector<Index> {2, 9};
}

void TestSplit::stratified()
{
    QFETCH(std::vector<Index>, counts);
    QFETCH(double, fraction);
    QFETCH(std::vector<Index>, testCounts);
    const Dataset data = classificationSet(counts);
    const ds::TrainTestSplit split = ds::splitTrainTest(data, fraction, 3);
    QCOMPARE(split.test.classCounts(), testCounts);
    std::vector<Index> trainCounts = split.train.classCounts();
    for (std::size_t k = 0; k < counts.size(); ++k) {
        QCOMPARE(trainCounts[k], counts[k] - testCounts[k]);
        QVERIFY(trainCounts[k] >= 1);
    }
    // Every row lands in exactly one part, with its own label.
    std::vector<Index> all = ids(split.train);
    const std::vector<Index> testIds = ids(split.test);
    all.insert(all.end(), testIds.begin(), testIds.end());
    QCOMPARE(std::set<Index>(all.begin(), all.end()).size(), static_cast<std::size_t>(data.size()));
    QCOMPARE(all.size(), static_cast<std::size_t>(data.size()));
    for (Index i = 0; i < split.test.size(); ++i)
        QCOMPARE(split.test.features(i, 1), float(split.test.labels[static_cast<std::size_t>(i)]));
    QCOMPARE(split.train.numClasses, data.numClasses);
    QCOMPARE(split.test.numClasses, data.numClasses);
}

void TestSplit::regressionFraction_data()
{
    QTest::addColumn<Index>("samples");
    QTest::addColumn<double>("fraction");
    QTest::addColumn<Index>("testSize");
    QTest::newRow("25% of 101") << Index(101) << 0.25 << Index(25);
    QTest::newRow("50% of 3") << Index(3) << 0.5 << Index(2); // round(1.5) = 2
    QTest::newRow("0%") << Index(10) << 0.0 << Index(0);
    QTest::newRow("90% of 1 keeps it") << Index(1) << 0.9 << Index(0);
}

void TestSplit::regressionFraction()
{
    QFETCH(Index, samples);
    QFETCH(double, fraction);
    QFETCH(Index, testSize);
    const ds::TrainTestSplit split = ds::splitTrainTest(regressionSet(samples), fraction, 8);
    QCOMPARE(split.test.size(), testSize);
    QCOMPARE(split.train.size(), samples - testSize);
    QCOMPARE(split.test.targets.rows(), testSize);
    // Targets travel with their rows.
    for (Index i = 0; i < split.train.size(); ++i)
        QCOMPARE(split.train.targets(i, 0), 2.0f * split.train.features(i, 0));
}

void TestSplit::deterministicForSeed()
{
    const Dataset data = classificationSet({300, 200});
    const auto a = ds::splitTrainTest(data, 0.3, 21);
    const auto b = ds::splitTrainTest(data, 0.3, 21);
    const auto c = ds::splitTrainTest(data, 0.3, 22);
    QCOMPARE(ids(a.train), ids(b.train));
    QCOMPARE(ids(a.test), ids(b.test));
    QVERIFY(ids(a.test) != ids(c.test));
    const auto r1 = ds::splitTrainTest(regressionSet(100), 0.3, 5);
    const auto r2 = ds::splitTrainTest(regressionSet(100), 0.3, 5);
    QCOMPARE(ids(r1.test), ids(r2.test));
}

void TestSplit::classesAreMixed()
{
    // The input is sorted by class; the training order must not be.
    const ds::TrainTestSplit split = ds::splitTrainTest(classificationSet({500, 500}), 0.2, 4);
    int changes = 0;
    for (std::size_t i = 1; i < split.train.labels.size(); ++i)
        changes += split.train.labels[i] != split.train.labels[i - 1] ? 1 : 0;
    QVERIFY2(changes > 300, qPrintable(QString("%1 label changes in 800 rows").arg(changes)));
}

void TestSplit::badFraction_data()
{
    QTest::addColumn<double>("fraction");
    QTest::newRow("negative") << -0.1;
    QTest::newRow("above 0.9") << 0.95;
    QTest::newRow("one") << 1.0;
    QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN();
}

void TestSplit::badFraction()
{
    QFETCH(double, fraction);
    const QString message = thrownMessage<moe::ConfigError>([&] {
        ds::splitTrainTest(classificationSet({10, 10}), fraction, 1);
    });
    QVERIFY2(message.contains("test fraction must be in [0, 0.9]"), qPrintable(message));
}

void TestSplit::standardizerOnTrainOnly()
{
    moe::Matrix train(4, 2);
    train << 1, 10, //
        2, 20,      //
        3, 30,      //
        4, 40;
    ds::Standardizer standardizer;
    QVERIFY(!standardizer.isFitted());
    standardizer.fit(train);
    QCOMPARE(standardizer.mean()(0), 2.5f);
    QCOMPARE(standardizer.mean()(1), 25.0f);
    // Population standard deviation: sqrt(1.25) and sqrt(125).
    QVERIFY(std::abs(standardizer.scale()(0) - std::sqrt(1.25f)) < 1e-6f);
    QVERIFY(std::abs(standardizer.scale()(1) - std::sqrt(125.0f)) < 1e-5f);

    moe::Matrix scaled = train;
    standardizer.apply(scaled);
    for (Index j = 0; j < 2; ++j) {
        QVERIFY(std::abs(scaled.col(j).mean()) < 1e-6f);
        QVERIFY(std::abs(std::sqrt(scaled.col(j).squaredNorm() / 4.0f) - 1.0f) < 1e-6f);
    }
    // Other data is mapped with the train statistics, not its own.
    moe::Matrix test(1, 2);
    test << 6, 25;
    standardizer.apply(test);
    QVERIFY(std::abs(test(0, 0) - 3.5f / std::sqrt(1.25f)) < 1e-5f);
    QCOMPARE(test(0, 1), 0.0f);
}

void TestSplit::standardizerConstantFeature()
{
    moe::Matrix x(3, 2);
    x << 7, 1, //
        7, 2,  //
        7, 3;
    ds::Standardizer standardizer;
    standardizer.fit(x);
    QCOMPARE(standardizer.scale()(0), 1.0f);
    standardizer.apply(x);
    QVERIFY(x.allFinite());
    QCOMPARE(x(0, 0), 0.0f);
    QCOMPARE(x(2, 0), 0.0f);
    moe::Matrix single(1, 2);
    single << 3, 4;
    standardizer.fit(single); // one sample: every feature is constant
    QVERIFY(standardizer.scale() == moe::RowVector::Ones(2));
}

void TestSplit::standardizerHugeValues()
{
    // Values near the float limit: x - mean would overflow in float; the result must be finite.
    moe::Matrix x(4, 1);
    x << -3.4e38f, 3.4e38f, 3.4e38f, 3.4e38f;
    ds::Standardizer standardizer;
    standardizer.fit(x);
    standardizer.apply(x);
    QVERIFY(x.allFinite());
    QVERIFY(std::abs(x(0, 0) + std::sqrt(3.0f))
            < 1e-4f); // z-scores of {-1, 1, 1, 1}: -sqrt 3, 1/sqrt 3
    QVERIFY(std::abs(x(1, 0) - 1.0f / std::sqrt(3.0f)) < 1e-4f);
}

void TestSplit::standardizerMisuse()
{
    ds::Standardizer standardizer;
    moe::Matrix x = moe::Matrix::Ones(2, 3);
    QString message = thrownMessage<moe::ConfigError>([&] { standardizer.apply(x); });
    QVERIFY2(message.contains("before fit"), qPrintable(message));
    standardizer.fit(x);
    moe::Matrix narrow = moe::Matrix::Ones(2, 2);
    message = thrownMessage<moe::ConfigError>([&] { standardizer.apply(narrow); });
    QVERIFY2(message.contains("fitted on 3 features but applied to 2"), qPrintable(message));
    message = thrownMessage<moe::ConfigError>([&] { standardizer.fit(moe::Matrix(0, 3)); });
    QVERIFY2(message.contains("at least one sample"), qPrintable(message));
}

void TestSplit::prepareDataUsesTrainStatistics()
{
    const Dataset data = classificationSet({400, 600});
    const ds::TrainTestSplit raw = ds::prepareData(data, 0.25, 13, false);
    ds::Standardizer fitted;
    const ds::TrainTestSplit scaled = ds::prepareData(data, 0.25, 13, true, &fitted);
    QVERIFY(fitted.isFitted());
    // Same seed, same rows; the statistics are those of the raw training part only.
    const moe::RowVector trainMean = raw.train.features.colwise().mean();
    QVERIFY((fitted.mean() - trainMean).cwiseAbs().maxCoeff() < 1e-3f);
    const moe::RowVector testMean = raw.test.features.colwise().mean();
    QVERIFY((testMean - trainMean).cwiseAbs().maxCoeff() > 1e-3f); // they do differ
    for (Index j = 0; j < 2; ++j) {
        QVERIFY(std::abs(scaled.train.features.col(j).mean()) < 1e-4f);
        const float trainStd
            = std::sqrt(scaled.train.features.col(j).squaredNorm() / float(scaled.train.size()));
        QVERIFY(std::abs(trainStd - 1.0f) < 1e-4f);
    }
    // The test part is (raw - train mean) / train scale, element by element.
    const moe::Matrix expected
        = ((raw.test.features.rowwise() - fitted.mean()).array().rowwise() / fitted.scale().array())
              .matrix();
    QVERIFY((scaled.test.features - expected).cwiseAbs().maxCoeff() < 1e-5f);
    QCOMPARE(scaled.test.labels, raw.test.labels);
    // Without standardisation nothing is fitted and features are untouched.
    ds::Standardizer untouched;
    ds::prepareData(data, 0.25, 13, false, &untouched);
    QVERIFY(!untouched.isFitted());
}

QTEST_APPLESS_MAIN(TestSplit)
#include "tst_split.moc"
