#pragma once

// Classification sets whose rule changes from one region of the plane to another: the cases where
// a Mixture-of-Experts router can hand each region to its own expert. Same conventions as
// classification2d.h: [-1, 1]^2, balanced classes, Gaussian jitter of standard deviation `noise`
// on the coordinates, labels from the clean point, moe::ConfigError for bad parameters.

#include "core/train/dataset.h"

#include <cstdint>
#include <vector>

namespace moe::datasets {

// A cells x cells board (2..10) over [-1, 1]^2; class = (row + column) mod 2. Clean points are
// uniform inside a cell of their class.
moe::Dataset makeCheckerboard(moe::Index samples, int cells, double noise, std::uint64_t seed);

// A random-label grid: [-1, 1]^2 cut into cells x cells (2..32) square cells, each holding one of
// `classes` (2..8, at most cells^2) classes at random. Clean points are uniform over the square
// and take their cell's class, so class counts are only roughly balanced (each class owns
// floor(K^2 / C) or ceil(K^2 / C) cells). Nothing links a cell's class to its neighbours': the
// difficulty is the number of independent local labels, K^2 (docs/datasets.md, "Why grid shows
// the payoff"). The labelling comes first from the seed's random stream, so it depends on the
// seed, cells and classes only, not on the sample count or the noise.
moe::Dataset makeGrid(moe::Index samples, int cells, int classes, double noise, std::uint64_t seed);

// The grid's labelling for a seed: the class of cell (row, column) is
// labelling[row * cells + column], row 0 at the bottom (x2 = -1), column 0 on the left (x1 = -1).
std::vector<int> gridLabelling(int cells, int classes, std::uint64_t seed);
// The row or column of the cell a coordinate in [-1, 1] falls in (clamped to 0..cells-1).
int gridCellOf(double coordinate, int cells);

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
