#pragma once

// What training a model will take of the machine's memory, estimated from its settings before
// anything is allocated, so that a model too large for the machine is refused with the numbers
// instead of growing until the system kills it (width 4096 with experts of 16384 is 8 GB and
// more). Counted in 4-byte floats:
//   parameters  P = projection (in d + d) + per block (dense 2 d h + h + d; MoE m E d for the
//               router, m = 2 for noisy-topk, + (E + shared)(2 d h_e + h_e + d)) + head (d out + out)
//   state       4 P: value, gradient and the optimiser's two moments (Adam; SGD keeps one)
//   activations rows x N (4 d + 4 (k + shared) h_e, or 4 h dense) for the largest pass, with
//               rows = max(batch, 512): what forward keeps for backward and its gradients
//   data        samples x (inputs + outputs)

#include "core/train/model.h"

#include <string>

namespace moe {

struct MemoryEstimate
{
    double parameters = 0.0;
    double bytes = 0.0;
};

MemoryEstimate estimateTrainingMemory(const ModelConfig &config, Index batch, Index samples);

// Memory the system can give now (MemAvailable of /proc/meminfo; the physical memory where that
// cannot be read).
double availableMemoryBytes();

// Throws ConfigError when `bytes` is more than 80% of availableMemoryBytes(), naming `what`
// ("the MoE model"), the estimate and what is available.
void checkFitsInMemory(double bytes, double parameters, const std::string &what);

} // namespace moe
