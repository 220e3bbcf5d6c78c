#pragma once

// Train/test split and feature standardisation. Statistics come from the training part only, so
// nothing about the test samples leaks into training.

#include "core/train/dataset.h"
#include "datasets/datasetsettings.h"

#include <cstdint>

namespace moe::datasets {

inline constexpr double kMaxTestFraction = settings::kTestFraction.max;

struct TrainTestSplit
{
    moe::Dataset train;
    moe::Dataset test;
};

// testFraction in [0, kMaxTestFraction], else moe::ConfigError; 0 gives an empty test set.
// Classification is stratified: each class sends round(testFraction * n_c) of its n_c samples to
// the test set, capped so that at least one stays in training. Regression shuffles all rows and
// sends round(testFraction * N) to the test set (again keeping at least one for training).
// Both parts are shuffled; the same seed gives the same split.
TrainTestSplit splitTrainTest(const moe::Dataset &data, double testFraction, std::uint64_t seed);

// Per-feature z-score: x' = (x - mean) / scale, with scale the population standard deviation.
// A constant feature gets scale 1 (it becomes 0, never NaN).
class Standardizer
{
public:
    // x (N, d), N >= 1.
    void fit(const moe::Matrix &x);
    // x (M, d) in place, with the d of fit; throws moe::ConfigError before fit or on a width
    // mismatch.
    void apply(moe::Matrix &x) const;

    bool isFitted() const { return m_mean.size() > 0; }
    // Restores saved statistics (model files): same width, finite means, positive finite scales;
    // moe::ConfigError otherwise.
    void setStatistics(const moe::RowVector &mean, const moe::RowVector &scale);
    const moe::RowVector &mean() const { return m_mean; }
    const moe::RowVector &scale() const { return m_scale; }

private:
    moe::RowVector m_mean;
    moe::RowVector m_scale;
};

// splitTrainTest, then (if standardize) a Standardizer fitted on the train features and applied
// to both parts. `fitted`, when given, receives that standardizer (e.g. to map plot-grid points
// into the model's input space); without standardisation it is left unfitted.
TrainTestSplit prepareData(const moe::Dataset &data, double testFraction, std::uint64_t seed,
                           bool standardize, Standardizer *fitted = nullptr);

} // namespace moe::datasets
