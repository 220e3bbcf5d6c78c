#include "parallel.h"

#include <algorithm>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace moe {

void setThreadCount(int threads)
{
#ifdef _OPENMP
    omp_set_num_threads(std::max(1, threads));
#else
    (void)threads;
#endif
}

int threadCount()
{
#ifdef _OPENMP
    return std::max(1, omp_get_max_threads());
#else
    return 1;
#endif
}

int availableThreads()
{
#ifdef _OPENMP
    return std::max(1, omp_get_num_procs());
#else
    return 1;
#endif
}

bool openMpEnabled()
{
#ifdef _OPENMP
    return true;
#else
    return false;
#endif
}

namespace {
bool canFork(bool parallel, Index pieces)
{
#ifdef _OPENMP
    return parallel && pieces > 1 && threadCount() > 1 && !omp_in_parallel();
#else
    (void)parallel;
    (void)pieces;
    return false;
#endif
}
} // namespace

void forEachChunk(Index count, Index chunk, bool parallel,
                  const std::function<void(Index begin, Index end)> &body)
{
    if (count <= 0)
        return;
    chunk = std::max<Index>(1, chunk);
    const Index chunks = (count + chunk - 1) / chunk;
    const bool fork = canFork(parallel, chunks);
#ifdef _OPENMP
#pragma omp parallel for schedule(static) if (fork)
#endif
    for (Index c = 0; c < chunks; ++c) {
        const Index begin = c * chunk;
        body(begin, std::min(count, begin + chunk));
    }
    (void)fork;
}

void forEachItem(Index count, bool parallel, const std::function<void(Index i)> &body)
{
    const bool fork = canFork(parallel, count);
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) if (fork)
#endif
    for (Index i = 0; i < count; ++i)
        body(i);
    (void)fork;
}

} // namespace moe
