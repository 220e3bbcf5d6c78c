#pragma once

// The settings of generated data and of the train/test split, each described once
// (core/base/setting.h). The generators' own limits (generatorutil.h, split.h) are these.

#include "core/base/setting.h"

namespace moe::settings {

// At least 10: every generator has a sample per class (at most 8 classes) and a test part.
inline constexpr Setting kSamples {
    .key = "samples",
    .option = "samples",
    .label = "samples",
    .min = 10,
    .max = 1'000'000,
    .defaultValue = 900,
    .unit = "samples",
    .help = "How many points are generated (files: 0 = the dataset's own default)."};
// Noise is a standard deviation in the units of the [-1, 1]^2 plane; beyond 1 nothing is left of
// the pattern.
inline constexpr Setting kNoise {.key = "noise",
                                 .option = "noise",
                                 .label = "noise",
                                 .min = 0,
                                 .max = 1,
                                 .defaultValue = 0.04,
                                 .integer = false,
                                 .help = "How much the generated points are jittered (default: "
                                         "the dataset's own).",
                                 .step = 0.01,
                                 .decimals = 2};
inline constexpr Setting kArms {.key = "arms",
                                .option = "arms",
                                .label = "arms",
                                .min = 2,
                                .max = 6,
                                .defaultValue = 3,
                                .help = "Spiral: how many arms (and classes)."};
inline constexpr Setting kClusters {.key = "clusters",
                                    .option = "clusters",
                                    .label = "clusters",
                                    .min = 2,
                                    .max = 8,
                                    .defaultValue = 4,
                                    .help = "Gaussian blobs: how many clusters (and classes)."};
inline constexpr Setting kCells {.key = "cells",
                                 .option = "cells",
                                 .label = "cells",
                                 .min = 2,
                                 .max = 10,
                                 .defaultValue = 4,
                                 .help = "Checkerboard: cells per side."};
// The grid's K x K cells each hold one of C classes at random: K^2 independent local labels, a
// task bound by capacity (docs/datasets.md, "Why grid shows the payoff"). The default, 16 x 16
// cells of 4 classes, is where an MoE at the dense network's compute pulls ahead.
inline constexpr Setting kGridCells {.key = "gridCells",
                                     .option = "grid-cells",
                                     .label = "grid cells",
                                     .min = 2,
                                     .max = 32,
                                     .defaultValue = 16,
                                     .help = "Grid: cells per side K; each of the K x K cells "
                                             "gets a random class."};
inline constexpr Setting kGridClasses {.key = "gridClasses",
                                       .option = "grid-classes",
                                       .label = "grid classes",
                                       .min = 2,
                                       .max = 8,
                                       .defaultValue = 4,
                                       .help = "Grid: how many classes C the cells' random "
                                               "labels are drawn from (at most K x K)."};
inline constexpr Setting kTestFraction {.key = "testFraction",
                                        .option = "test-fraction",
                                        .label = "test fraction",
                                        .min = 0,
                                        .max = 0.9,
                                        .defaultValue = 0.2,
                                        .integer = false,
                                        .help
                                        = "The share of samples held out to test generalisation.",
                                        .step = 0.05,
                                        .decimals = 2};

// Every data setting, for code that goes through all of them.
inline constexpr const Setting *kDatasetSettings[]
    = {&kSamples, &kNoise, &kArms, &kClusters, &kCells, &kGridCells, &kGridClasses, &kTestFraction};

} // namespace moe::settings
