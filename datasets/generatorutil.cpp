#include "datasets/generatorutil.h"

#include "core/base/error.h"

#include <cmath>
#include <sstream>

namespace moe::datasets::detail {

void checkSamples(const std::string &dataset, moe::Index samples, moe::Index minimum)
{
    if (samples >= minimum && samples <= kMaxSamples)
        return;
    std::ostringstream message;
    message << dataset << ": samples must be in [" << minimum << ", " << kMaxSamples << "]";
    if (minimum > 1)
        message << " (at least one per class)";
    message << ", got " << samples;
    throw moe::ConfigError(message.str());
}

void checkNoise(const std::string &dataset, double noise)
{
    if (std::isfinite(noise) && noise >= 0.0 && noise <= kMaxNoise)
        return;
    std::ostringstream message;
    message << dataset << ": noise (standard deviation of the Gaussian jitter) must be in [0, "
            << kMaxNoise << "], got " << noise;
    throw moe::ConfigError(message.str());
}

void checkRange(const std::string &dataset, const std::string &parameter, int value, int lo, int hi)
{
    if (value >= lo && value <= hi)
        return;
    std::ostringstream message;
    message << dataset << ": " << parameter << " must be in [" << lo << ", " << hi << "], got "
            << value;
    throw moe::ConfigError(message.str());
}

moe::Dataset makeClassificationFrame(const std::string &name, moe::Index samples, int classes)
{
    moe::Dataset data;
    data.name = name;
    data.task = moe::Task::Classification;
    data.features.resize(samples, 2);
    data.labels.resize(static_cast<std::size_t>(samples));
    data.numClasses = classes;
    data.featureNames = {"x1", "x2"};
    // std::string(...) rather than a bare literal: GCC 12 reports a false -Wrestrict (PR 105329)
    // for operator=(const char *) here.
    data.targetName = std::string("class");
    return data;
}

moe::Dataset makeRegressionFrame(const std::string &name, moe::Index samples)
{
    moe::Dataset data;
    data.name = name;
    data.task = moe::Task::Regression;
    data.features.resize(samples, 2);
    data.targets.resize(samples, 1);
    data.featureNames = {"x1", "x2"};
    data.targetName = std::string("y");
    return data;
}

void placeJittered(moe::Dataset &data, moe::Index i, double x, double y, double noise,
                   moe::Rng &rng)
{
    const double z1 = rng.normal();
    const double z2 = rng.normal();
    data.features(i, 0) = static_cast<float>(x + noise * z1);
    data.features(i, 1) = static_cast<float>(y + noise * z2);
}

} // namespace moe::datasets::detail
