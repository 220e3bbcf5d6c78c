#pragma once

// Thread control and the parallel loops of the engine. Work is cut into pieces whose boundaries
// depend only on the problem (never on the thread count), and every piece is computed the same way
// whichever thread runs it: results are bitwise identical for 1 or N threads. Without OpenMP
// everything runs serially and gives the same numbers.

#include "core/base/tensor.h"

#include <functional>

namespace moe {

// Threads that parallel regions started from the calling thread use (>= 1). Like
// omp_set_num_threads, this is a setting of the calling thread: a sweep can run one
// single-threaded trainer per worker thread while the GUI's worker uses every core.
void setThreadCount(int threads);
int threadCount();
// Hardware threads available (1 without OpenMP).
int availableThreads();
bool openMpEnabled();

// Subnormal floats (below 1.2e-38) read and written as zero on this thread while in scope, the
// previous mode restored after. Adam's moments of an unused expert decay geometrically into that
// range, where every operation on them costs ~100 cycles: at E = 64 that made the optimiser 5x
// slower. The engine's entry points (Trainer) and its worker threads all use it, so results stay
// identical for any thread count. No effect off x86.
class FlushDenormals
{
public:
    FlushDenormals();
    ~FlushDenormals();
    FlushDenormals(const FlushDenormals &) = delete;
    FlushDenormals &operator=(const FlushDenormals &) = delete;

private:
    unsigned m_saved = 0;
};

// Calls body(begin, end) for consecutive ranges of at most `chunk` items covering [0, count).
// Ranges run in parallel when `parallel` is true, more than one thread is set, and we are not
// already inside a parallel region (nested regions run serially, with identical results).
void forEachChunk(Index count, Index chunk, bool parallel,
                  const std::function<void(Index begin, Index end)> &body);

// Calls body(i) for i in [0, count), dynamically scheduled over threads: for uneven items such as
// experts with different numbers of tokens. Each body must write only its own outputs.
void forEachItem(Index count, bool parallel, const std::function<void(Index i)> &body);

} // namespace moe
