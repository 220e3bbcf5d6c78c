#pragma once

// Limits shared by the 2-D generators, and the checks that enforce them. A generator validates
// every parameter before it draws a single random number, so a bad value fails with a ConfigError
// naming the dataset, the parameter, the allowed range and the value given.

#include "core/base/rng.h"
#include "core/train/dataset.h"
#include "datasets/datasetsettings.h"

#include <cstdint>
#include <string>

namespace moe::datasets {

inline constexpr moe::Index kMaxSamples = moe::Index(settings::kSamples.max);
inline constexpr double kMaxNoise = settings::kNoise.max;
inline constexpr int kMinArms = int(settings::kArms.min);
inline constexpr int kMaxArms = int(settings::kArms.max);
inline constexpr int kMinClusters = int(settings::kClusters.min);
inline constexpr int kMaxClusters = int(settings::kClusters.max);
inline constexpr int kMinCells = int(settings::kCells.min);
inline constexpr int kMaxCells = int(settings::kCells.max);
inline constexpr int kMinGridCells = int(settings::kGridCells.min);
inline constexpr int kMaxGridCells = int(settings::kGridCells.max);
inline constexpr int kMinGridClasses = int(settings::kGridClasses.min);
inline constexpr int kMaxGridClasses = int(settings::kGridClasses.max);

namespace detail {

// samples in [minimum, kMaxSamples]; classification sets pass minimum = classes (one per class).
void checkSamples(const std::string &dataset, moe::Index samples, moe::Index minimum);
// noise finite and in [0, kMaxNoise].
void checkNoise(const std::string &dataset, double noise);
void checkRange(const std::string &dataset, const std::string &parameter, int value, int lo,
                int hi);

// An empty (samples, 2) classification set with features named x1, x2.
moe::Dataset makeClassificationFrame(const std::string &name, moe::Index samples, int classes);
// An empty (samples, 2) -> (samples, 1) regression set.
moe::Dataset makeRegressionFrame(const std::string &name, moe::Index samples);

// Writes sample i as (x + noise * z1, y + noise * z2). The two normals are drawn even when
// noise is 0, so the random stream (and every clean position) is the same for every noise level.
void placeJittered(moe::Dataset &data, moe::Index i, double x, double y, double noise,
                   moe::Rng &rng);

// Balanced labels: sample i belongs to class i mod classes, so class counts differ by at most one
// and classes are interleaved in row order.
inline int balancedClass(moe::Index i, int classes)
{
    return static_cast<int>(i % classes);
}

} // namespace detail
} // namespace moe::datasets
