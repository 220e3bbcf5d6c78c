#include "parallel.h"

#include <algorithm>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace moe {

namespace {
int g_threads = 0; // 0 = not set yet: use every hardware thread
}

void setThreadCount(int threads)
{
    g_threads = std::max(1, threads);
#ifdef _OPENMP
    omp_set_num_threads(g_threads);
#endif
}

int threadCount()
{
    return g_threads > 0 ? g_threads : availableThreads();
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

void forEachChunk(Index count, Index chunk, bool parallel,
                  const std::function<void(Index begin, Index end)> &body)
{
    if (count <= 0)
        return;
    chunk = std::max<Index>(1, chunk);
    const Index chunks = (count + chunk - 1) / chunk;
    const bool useThreads = parallel && chunks > 1 && threadCount() > 1;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(threadCount()) if (useThreads)
#endif
    for (Index c = 0; c < chunks; ++c) {
        const Index begin = c * chunk;
        body(begin, std::min(count, begin + chunk));
    }
    (void)useThreads;
}

} // namespace moe
