#pragma once

// Two-feature classification sets in roughly [-1, 1]^2, the classic playground shapes. Each
// generator is deterministic for a seed (it draws only from moe::Rng), balances its classes
// (sample i belongs to class i mod classes) and adds isotropic Gaussian jitter of standard
// deviation `noise` to both coordinates; the label is the class the clean point was drawn from,
// so large noise also means overlapping classes. Out-of-range parameters throw moe::ConfigError.
// Defaults for classroom use are in builtinDatasets() (builtins.h).

#include "core/train/dataset.h"

#include <cstdint>

namespace moe::datasets {

// `arms` interleaved spiral arms (2..6), one class per arm. Arm k at position t in [0, 1]:
//   r = 0.1 + 0.85 t,  theta = 2 pi k / arms + 2.5 pi t   (one and a quarter turns).
moe::Dataset makeSpiral(moe::Index samples, int arms, double noise, std::uint64_t seed);

// Two concentric rings: class 0 the outer ring (r = 0.85), class 1 the inner one (r = 0.4).
moe::Dataset makeCircles(moe::Index samples, double noise, std::uint64_t seed);

// Points in the four quadrants, kept 0.1 away from the axes; class = [x * y < 0].
moe::Dataset makeXor(moe::Index samples, double noise, std::uint64_t seed);

// Two interleaved half-circles (scikit-learn's make_moons, scaled by 0.65 and centred).
moe::Dataset makeMoons(moe::Index samples, double noise, std::uint64_t seed);

// `clusters` Gaussian blobs (2..8) with standard deviation `noise`, centred on a ring of radius
// 0.6 at angles pi/4 + 2 pi k / clusters; one class per blob.
moe::Dataset makeBlobs(moe::Index samples, int clusters, double noise, std::uint64_t seed);

} // namespace moe::datasets
