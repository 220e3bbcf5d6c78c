#include "datasets/regions2d.h"

#include "core/base/error.h"
#include "core/base/rng.h"
#include "datasets/generatorutil.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace moe::datasets {

using detail::balancedClass;
using detail::placeJittered;

moe::Dataset makeCheckerboard(moe::Index samples, int cells, double noise, std::uint64_t seed)
{
    detail::checkRange("checkerboard", "cells", cells, kMinCells, kMaxCells);
    detail::checkSamples("checkerboard", samples, 2);
    detail::checkNoise("checkerboard", noise);

    // The cells of each parity, as (row, column) pairs, so a class picks only among its own cells.
    std::vector<std::pair<int, int>> cellsOfClass[2];
    for (int row = 0; row < cells; ++row)
        for (int column = 0; column < cells; ++column)
            cellsOfClass[(row + column) % 2].emplace_back(row, column);

    const double width = 2.0 / cells;
    moe::Dataset data = detail::makeClassificationFrame("checkerboard", samples, 2);
    moe::Rng rng(seed);
    for (moe::Index i = 0; i < samples; ++i) {
        const int label = balancedClass(i, 2);
        const auto &own = cellsOfClass[label];
        const auto [row, column] = own[static_cast<std::size_t>(rng.below(own.size()))];
        const double x = -1.0 + width * (column + rng.uniform());
        const double y = -1.0 + width * (row + rng.uniform());
        placeJittered(data, i, x, y, noise, rng);
        data.labels[static_cast<std::size_t>(i)] = label;
    }
    return data;
}

namespace {
void checkGrid(int cells, int classes)
{
    detail::checkRange("grid", "cells per side", cells, kMinGridCells, kMaxGridCells);
    detail::checkRange("grid", "classes", classes, kMinGridClasses, kMaxGridClasses);
    if (classes > cells * cells)
        throw moe::ConfigError("grid: " + std::to_string(classes) + " classes need at least "
                               + std::to_string(classes) + " cells, and " + std::to_string(cells)
                               + " x " + std::to_string(cells) + " = "
                               + std::to_string(cells * cells)
                               + " were given; use more cells per side or fewer classes");
}

// Each class owns floor(K^2 / C) or ceil(K^2 / C) cells, shuffled (Fisher-Yates) over the board.
std::vector<int> drawLabelling(int cells, int classes, moe::Rng &rng)
{
    std::vector<int> labelling(std::size_t(cells) * std::size_t(cells));
    for (std::size_t i = 0; i < labelling.size(); ++i)
        labelling[i] = balancedClass(moe::Index(i), classes);
    rng.shuffle(labelling);
    return labelling;
}
} // namespace

int gridCellOf(double coordinate, int cells)
{
    const double position = std::floor((coordinate + 1.0) * 0.5 * cells);
    return int(std::clamp(position, 0.0, double(cells - 1)));
}

std::vector<int> gridLabelling(int cells, int classes, std::uint64_t seed)
{
    checkGrid(cells, classes);
    moe::Rng rng(seed);
    return drawLabelling(cells, classes, rng);
}

moe::Dataset makeGrid(moe::Index samples, int cells, int classes, double noise, std::uint64_t seed)
{
    checkGrid(cells, classes);
    detail::checkSamples("grid", samples, classes);
    detail::checkNoise("grid", noise);
    moe::Rng rng(seed);
    const std::vector<int> labelling = drawLabelling(cells, classes, rng);
    moe::Dataset data = detail::makeClassificationFrame("grid", samples, classes);
    for (moe::Index i = 0; i < samples; ++i) {
        const double x = rng.uniform(-1.0, 1.0);
        const double y = rng.uniform(-1.0, 1.0);
        placeJittered(data, i, x, y, noise, rng);
        // The cell of the clean point as it is stored (float), so that at noise 0 the features
        // give back the label even within rounding distance of a cell's edge.
        const int row = gridCellOf(static_cast<float>(y), cells);
        const int column = gridCellOf(static_cast<float>(x), cells);
        data.labels[static_cast<std::size_t>(i)]
            = labelling[std::size_t(row) * std::size_t(cells) + std::size_t(column)];
    }
    return data;
}

namespace {
// Signed distance-like score of (x, y) against its quadrant's boundary; class 1 iff > 0.
double regionsScore(double x, double y)
{
    if (x >= 0.0 && y >= 0.0)
        return x - 0.5;
    if (x < 0.0 && y >= 0.0)
        return 0.5 - y;
    if (x < 0.0)
        return -1.0 - (x + y);
    return (y - x) + 1.0;
}
} // namespace

int regionsLabel(double x, double y)
{
    return regionsScore(x, y) > 0.0 ? 1 : 0;
}

moe::Dataset makeRegions(moe::Index samples, double noise, std::uint64_t seed)
{
    detail::checkSamples("regions", samples, 2);
    detail::checkNoise("regions", noise);
    moe::Dataset data = detail::makeClassificationFrame("regions", samples, 2);
    moe::Rng rng(seed);
    for (moe::Index i = 0; i < samples; ++i) {
        const int wanted = balancedClass(i, 2);
        // Quadrants cycle every two samples, so each quadrant gets both classes equally often.
        const int quadrant = static_cast<int>((i / 2) % 4);
        const double signX = (quadrant == 0 || quadrant == 3) ? 1.0 : -1.0;
        const double signY = quadrant < 2 ? 1.0 : -1.0;
        // Uniform in the open-at-the-axes quadrant square (0, 1]^2, mirrored into place.
        double x = signX * (1.0 - rng.uniform());
        double y = signY * (1.0 - rng.uniform());
        // Each boundary passes through the quadrant centre c, so the point reflection p -> 2c - p
        // maps the square onto itself and swaps the two sides: it turns a point of the wrong class
        // into a uniformly distributed point of the wanted class without rejection.
        if (regionsLabel(x, y) != wanted) {
            x = signX - x;
            y = signY - y;
        }
        placeJittered(data, i, x, y, noise, rng);
        // Label the clean point as it is stored (float), so regionsLabel(features) == label at
        // noise 0 even for a point within rounding distance of a boundary.
        data.labels[static_cast<std::size_t>(i)]
            = regionsLabel(static_cast<float>(x), static_cast<float>(y));
    }
    return data;
}

} // namespace moe::datasets
