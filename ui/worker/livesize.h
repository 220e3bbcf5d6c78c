#pragma once

// What the live arena can hold. The app runs the largest forward pass of a run many times a
// second: a training batch, the routing of every sample at once (the class-by-expert view), or
// the maps' grid. Each row passes through the hidden units of every block, and the engine keeps a
// few copies of those activations (pre-activation, activation, their gradients). A setting whose
// pass would need gigabytes (every slider at its end: E = 64 experts of 512 with a dense baseline
// matching their parameters, a batch of 4,096, 100,000 samples) is refused before anything is
// built, with the numbers and what to lower, instead of stalling the app for minutes or running
// the machine out of memory.

#include "ui/worker/arenaconfig.h"

namespace moe::ui {

// rows x hidden units per row, summed over blocks; ~16 bytes each at the peak of a step.
inline constexpr double kMaxLiveActivations = double(1 << 27); // about 2 GB at the peak

// Throws ConfigError naming the model, the rows and the limit when `config` with `samples`
// samples (training + test) is over kMaxLiveActivations.
void checkLiveSize(const ArenaConfig &config, Index samples);

} // namespace moe::ui
