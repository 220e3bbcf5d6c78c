#pragma once

// Thread control and the one parallel loop of the dense path. Work is cut into chunks whose
// boundaries depend only on the problem size (never on the thread count), and every chunk is
// computed the same way whichever thread runs it: results are bitwise identical for 1 or N threads.
// Without OpenMP everything runs serially and gives the same numbers.

#include "tensor.h"

#include <functional>

namespace moe {

// Number of threads parallel regions use from now on (clamped to >= 1).
void setThreadCount(int threads);
int threadCount();
// Hardware threads available (1 without OpenMP).
int availableThreads();
bool openMpEnabled();

// Calls body(begin, end) for consecutive ranges of at most `chunk` items covering [0, count).
// Ranges run in parallel when `parallel` is true and more than one thread is set.
void forEachChunk(Index count, Index chunk, bool parallel,
                  const std::function<void(Index begin, Index end)> &body);

} // namespace moe
