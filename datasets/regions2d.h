#pragma once

// Classification sets whose rule changes from one region of the plane to another: the cases where
// a Mixture-of-Experts router can hand each region to its own expert. Same conventions as
// classification2d.h: [-1, 1]^2, balanced classes, Gaussian jitter of standard deviation `noise`
// on the coordinates, labels from the clean point, moe::ConfigError for bad parameters.

#include "core/train/dataset.h"

#include <cstdint>

namespace moe::datasets {

// A cells x cells board (2..10) over [-1, 1]^2; class = (row + column) mod 2. Clean points are
// uniform inside a cell of their class.
moe::Dataset makeCheckerboard(moe::Index samples, int cells, double noise, std::uint64_t seed);

// Four quadrants, each split in half by its own straight boundary through the quadrant centre
// (+-0.5, +-0.5), in four different orientations:
//   x >= 0, y >= 0:  class 1 iff x > 0.5              (vertical line)
//   x <  0, y >= 0:  class 1 iff y < 0.5              (horizontal line)
//   x <  0, y <  0:  class 1 iff x + y < -1           (diagonal "\")
//   x >= 0, y <  0:  class 1 iff y - x > -1           (diagonal "/")
// One linear boundary per quadrant is exact, one linear boundary for the whole plane is poor:
// each expert of a 4-expert MoE can learn one quadrant with a linear rule.
moe::Dataset makeRegions(moe::Index samples, double noise, std::uint64_t seed);

// The clean rule of makeRegions (also the true decision boundary to draw).
int regionsLabel(double x, double y);

} // namespace moe::datasets
