#include "datasets/split.h"

#include "core/base/error.h"
#include "core/base/rng.h"

#include <cmath>
#include <sstream>
#include <string>

namespace moe::datasets {

namespace {

// round(fraction * n), kept in [0, n - 1] so the training side is never empty.
moe::Index testCount(moe::Index n, double fraction)
{
    if (n <= 1)
        return 0;
    const auto wanted = static_cast<moe::Index>(std::llround(fraction * static_cast<double>(n)));
    return std::min(wanted, n - 1);
}

void appendSplit(std::vector<moe::Index> rows, double fraction, moe::Rng &rng,
                 std::vector<moe::Index> &train, std::vector<moe::Index> &test)
{
    rng.shuffle(rows);
    const auto nTest
        = static_cast<std::size_t>(testCount(static_cast<moe::Index>(rows.size()), fraction));
    test.insert(test.end(), rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(nTest));
    train.insert(train.end(), rows.begin() + static_cast<std::ptrdiff_t>(nTest), rows.end());
}

} // namespace

TrainTestSplit splitTrainTest(const moe::Dataset &data, double testFraction, std::uint64_t seed)
{
    if (!(testFraction >= 0.0 && testFraction <= kMaxTestFraction)) {
        std::ostringstream message;
        message << "test fraction must be in [0, " << kMaxTestFraction << "], got " << testFraction;
        throw moe::ConfigError(message.str());
    }
    if (data.size() < 1)
        throw moe::ConfigError("cannot split dataset \"" + data.name + "\": it has no samples");

    moe::Rng rng(seed);
    std::vector<moe::Index> train;
    std::vector<moe::Index> test;
    if (data.isClassification()) {
        std::vector<std::vector<moe::Index>> byClass(static_cast<std::size_t>(data.numClasses));
        for (moe::Index i = 0; i < data.size(); ++i) {
            const int label = data.labels[static_cast<std::size_t>(i)];
            if (label < 0 || label >= data.numClasses)
                throw moe::ConfigError("cannot split dataset \"" + data.name + "\": sample "
                                       + std::to_string(i) + " has label " + std::to_string(label)
                                       + ", outside 0.." + std::to_string(data.numClasses - 1));
            byClass[static_cast<std::size_t>(label)].push_back(i);
        }
        for (auto &rows : byClass)
            appendSplit(std::move(rows), testFraction, rng, train, test);
    } else {
        std::vector<moe::Index> rows(static_cast<std::size_t>(data.size()));
        for (moe::Index i = 0; i < data.size(); ++i)
            rows[static_cast<std::size_t>(i)] = i;
        appendSplit(std::move(rows), testFraction, rng, train, test);
    }
    // Mix the classes so that consecutive training rows are not all of one class.
    rng.shuffle(train);
    rng.shuffle(test);
    return {data.subset(train), data.subset(test)};
}

void Standardizer::fit(const moe::Matrix &x)
{
    if (x.rows() < 1)
        throw moe::ConfigError("Standardizer::fit needs at least one sample");
    const moe::Index d = x.cols();
    m_mean.resize(d);
    m_scale.resize(d);
    const auto n = static_cast<double>(x.rows());
    for (moe::Index j = 0; j < d; ++j) {
        // Two passes in double: mean, then the population variance about it.
        const auto column = x.col(j).cast<double>();
        const double mean = column.sum() / n;
        const double variance = (column.array() - mean).square().sum() / n;
        const auto scale = static_cast<float>(std::sqrt(variance));
        const bool constant = x.col(j).maxCoeff() == x.col(j).minCoeff() || !(scale > 0.0f);
        m_mean(j) = static_cast<float>(mean);
        m_scale(j) = constant ? 1.0f : scale;
    }
}

void Standardizer::setStatistics(const moe::RowVector &mean, const moe::RowVector &scale)
{
    if (mean.size() != scale.size() || mean.size() == 0 || !mean.allFinite() || !scale.allFinite()
        || (scale.array() <= 0.0f).any())
        throw moe::ConfigError("standardizer: need as many means as scales (at least one), all "
                               "finite, scales positive");
    m_mean = mean;
    m_scale = scale;
}

void Standardizer::apply(moe::Matrix &x) const
{
    if (!isFitted())
        throw moe::ConfigError("Standardizer::apply called before fit");
    if (x.cols() != m_mean.size())
        throw moe::ConfigError("Standardizer was fitted on " + std::to_string(m_mean.size())
                               + " features but applied to " + std::to_string(x.cols()));
    // In double: (x - mean) of values near the float limits would overflow in float.
    const Eigen::RowVectorXd mean = m_mean.cast<double>(), scale = m_scale.cast<double>();
    x = ((x.cast<double>().rowwise() - mean).array().rowwise() / scale.array())
            .cast<float>()
            .matrix();
}

TrainTestSplit prepareData(const moe::Dataset &data, double testFraction, std::uint64_t seed,
                           bool standardize, Standardizer *fitted)
{
    TrainTestSplit split = splitTrainTest(data, testFraction, seed);
    if (!standardize)
        return split;
    Standardizer standardizer;
    standardizer.fit(split.train.features);
    standardizer.apply(split.train.features);
    if (split.test.size() > 0)
        standardizer.apply(split.test.features);
    if (fitted)
        *fitted = standardizer;
    return split;
}

} // namespace moe::datasets
