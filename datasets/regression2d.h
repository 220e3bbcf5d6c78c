#pragma once

// Two-feature regression sets: inputs uniform in [-1, 1]^2, one target column, observation noise
// N(0, noise^2) added to the target (the inputs are exact). Deterministic for a seed; bad
// parameters throw moe::ConfigError.

#include "core/train/dataset.h"

#include <cstdint>

namespace moe::datasets {

// A smooth ridge: y = sin(pi (0.8 x1 + 0.6 x2)), one crest and one trough across the square.
moe::Dataset makeSineRidge(moe::Index samples, double noise, std::uint64_t seed);
double sineRidgeTarget(double x1, double x2);

// A different simple rule in each quadrant (discontinuous on the axes):
//   x1 >= 0, x2 >= 0:  y = x1 - x2
//   x1 <  0, x2 >= 0:  y = x2 - 0.5
//   x1 <  0, x2 <  0:  y = x1^2 + x2^2 - 1
//   x1 >= 0, x2 <  0:  y = 0.5 - x1
moe::Dataset makePiecewise(moe::Index samples, double noise, std::uint64_t seed);
double piecewiseTarget(double x1, double x2);

} // namespace moe::datasets
