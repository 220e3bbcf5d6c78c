#include "datasets/classification2d.h"

#include "core/base/rng.h"
#include "datasets/generatorutil.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace moe::datasets {

using detail::balancedClass;
using detail::placeJittered;

namespace {
constexpr double kPi = std::numbers::pi;

constexpr double kSpiralInnerRadius = 0.1;
constexpr double kSpiralRadialSpan = 0.85;
// Radians swept by each arm from centre to rim: 2.5 pi for up to 3 arms, less for more arms so
// that the gap between neighbouring arms, kSpiralRadialSpan * (2 pi / arms) / sweep, stays wide.
double spiralSweep(int arms)
{
    return std::min(2.5 * kPi, 7.5 * kPi / arms);
}

constexpr double kCirclesOuterRadius = 0.85;
constexpr double kCirclesInnerRadius = 0.4;

constexpr double kXorMargin = 0.1; // clean points keep this distance from the axes
constexpr double kXorExtent = 0.95;

constexpr double kMoonsScale = 0.65;

constexpr double kBlobsRingRadius = 0.6;
} // namespace

moe::Dataset makeSpiral(moe::Index samples, int arms, double noise, std::uint64_t seed)
{
    detail::checkRange("spiral", "arms", arms, kMinArms, kMaxArms);
    detail::checkSamples("spiral", samples, arms);
    detail::checkNoise("spiral", noise);
    moe::Dataset data = detail::makeClassificationFrame("spiral", samples, arms);
    moe::Rng rng(seed);
    for (moe::Index i = 0; i < samples; ++i) {
        const int arm = balancedClass(i, arms);
        const double t = rng.uniform();
        const double r = kSpiralInnerRadius + kSpiralRadialSpan * t;
        const double theta = 2.0 * kPi * arm / arms + spiralSweep(arms) * t;
        placeJittered(data, i, r * std::cos(theta), r * std::sin(theta), noise, rng);
        data.labels[static_cast<std::size_t>(i)] = arm;
    }
    return data;
}

moe::Dataset makeCircles(moe::Index samples, double noise, std::uint64_t seed)
{
    detail::checkSamples("circles", samples, 2);
    detail::checkNoise("circles", noise);
    moe::Dataset data = detail::makeClassificationFrame("circles", samples, 2);
    moe::Rng rng(seed);
    for (moe::Index i = 0; i < samples; ++i) {
        const int label = balancedClass(i, 2);
        const double r = label == 0 ? kCirclesOuterRadius : kCirclesInnerRadius;
        const double theta = rng.uniform(0.0, 2.0 * kPi);
        placeJittered(data, i, r * std::cos(theta), r * std::sin(theta), noise, rng);
        data.labels[static_cast<std::size_t>(i)] = label;
    }
    return data;
}

moe::Dataset makeXor(moe::Index samples, double noise, std::uint64_t seed)
{
    detail::checkSamples("xor", samples, 2);
    detail::checkNoise("xor", noise);
    moe::Dataset data = detail::makeClassificationFrame("xor", samples, 2);
    moe::Rng rng(seed);
    for (moe::Index i = 0; i < samples; ++i) {
        const int label = balancedClass(i, 2);
        // Class 0 lives where x and y share a sign, class 1 where they differ.
        const double signX = rng.below(2) == 0 ? 1.0 : -1.0;
        const double signY = label == 0 ? signX : -signX;
        const double ax = rng.uniform(kXorMargin, kXorExtent);
        const double ay = rng.uniform(kXorMargin, kXorExtent);
        placeJittered(data, i, signX * ax, signY * ay, noise, rng);
        data.labels[static_cast<std::size_t>(i)] = label;
    }
    return data;
}

moe::Dataset makeMoons(moe::Index samples, double noise, std::uint64_t seed)
{
    detail::checkSamples("moons", samples, 2);
    detail::checkNoise("moons", noise);
    moe::Dataset data = detail::makeClassificationFrame("moons", samples, 2);
    moe::Rng rng(seed);
    for (moe::Index i = 0; i < samples; ++i) {
        const int label = balancedClass(i, 2);
        const double t = rng.uniform(0.0, kPi);
        // Upper moon (cos t, sin t), lower moon (1 - cos t, 0.5 - sin t); the pair spans
        // x in [-1, 2], y in [-0.5, 1], so centre on (0.5, 0.25) before scaling.
        const double mx = label == 0 ? std::cos(t) : 1.0 - std::cos(t);
        const double my = label == 0 ? std::sin(t) : 0.5 - std::sin(t);
        placeJittered(data, i, kMoonsScale * (mx - 0.5), kMoonsScale * (my - 0.25), noise, rng);
        data.labels[static_cast<std::size_t>(i)] = label;
    }
    return data;
}

moe::Dataset makeBlobs(moe::Index samples, int clusters, double noise, std::uint64_t seed)
{
    detail::checkRange("blobs", "clusters", clusters, kMinClusters, kMaxClusters);
    detail::checkSamples("blobs", samples, clusters);
    detail::checkNoise("blobs", noise);
    moe::Dataset data = detail::makeClassificationFrame("blobs", samples, clusters);
    moe::Rng rng(seed);
    for (moe::Index i = 0; i < samples; ++i) {
        const int label = balancedClass(i, clusters);
        const double angle = kPi / 4.0 + 2.0 * kPi * label / clusters;
        placeJittered(data, i, kBlobsRingRadius * std::cos(angle),
                      kBlobsRingRadius * std::sin(angle), noise, rng);
        data.labels[static_cast<std::size_t>(i)] = label;
    }
    return data;
}

} // namespace moe::datasets
