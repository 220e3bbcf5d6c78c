#include "datasets/regression2d.h"

#include "core/base/rng.h"
#include "datasets/generatorutil.h"

#include <cmath>
#include <numbers>
#include <string>

namespace moe::datasets {

double sineRidgeTarget(double x1, double x2)
{
    return std::sin(std::numbers::pi * (0.8 * x1 + 0.6 * x2));
}

double piecewiseTarget(double x1, double x2)
{
    if (x1 >= 0.0 && x2 >= 0.0)
        return x1 - x2;
    if (x1 < 0.0 && x2 >= 0.0)
        return x2 - 0.5;
    if (x1 < 0.0)
        return x1 * x1 + x2 * x2 - 1.0;
    return 0.5 - x1;
}

namespace {
// Inputs uniform in [-1, 1)^2; the target normal is drawn even when noise is 0, so the inputs and
// the clean targets are the same for every noise level.
moe::Dataset makeFunctionSet(const std::string &name, moe::Index samples, double noise,
                             std::uint64_t seed, double (*target)(double, double))
{
    detail::checkSamples(name, samples, 1);
    detail::checkNoise(name, noise);
    moe::Dataset data = detail::makeRegressionFrame(name, samples);
    moe::Rng rng(seed);
    for (moe::Index i = 0; i < samples; ++i) {
        // The rule is applied to the stored (float) inputs, so target = rule(features) exactly.
        const auto x1 = static_cast<float>(rng.uniform(-1.0, 1.0));
        const auto x2 = static_cast<float>(rng.uniform(-1.0, 1.0));
        const double z = rng.normal();
        data.features(i, 0) = x1;
        data.features(i, 1) = x2;
        data.targets(i, 0) = static_cast<float>(target(x1, x2) + noise * z);
    }
    return data;
}
} // namespace

moe::Dataset makeSineRidge(moe::Index samples, double noise, std::uint64_t seed)
{
    return makeFunctionSet("sine_ridge", samples, noise, seed, &sineRidgeTarget);
}

moe::Dataset makePiecewise(moe::Index samples, double noise, std::uint64_t seed)
{
    return makeFunctionSet("piecewise", samples, noise, seed, &piecewiseTarget);
}

} // namespace moe::datasets
