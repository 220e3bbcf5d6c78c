#include "core/base/parallel.h"

#include <algorithm>

#ifdef _OPENMP
#include <omp.h>
#endif
#if defined(__SSE__) || defined(_M_X64)
#include <xmmintrin.h>
#endif

namespace moe {

namespace {
constexpr unsigned kFlushToZero = 0x8000;      // MXCSR.FTZ: subnormal results become 0
constexpr unsigned kDenormalsAreZero = 0x0040; // MXCSR.DAZ: subnormal inputs read as 0
} // namespace

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

#if defined(__SSE__) || defined(_M_X64)
FlushDenormals::FlushDenormals()
    : m_saved(_mm_getcsr())
{
    _mm_setcsr(m_saved | kFlushToZero | kDenormalsAreZero);
}

FlushDenormals::~FlushDenormals()
{
    _mm_setcsr(m_saved);
}
#else
FlushDenormals::FlushDenormals() = default;
FlushDenormals::~FlushDenormals() = default;
#endif

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
    const auto run = [&](Index c) {
        const Index begin = c * chunk;
        body(begin, std::min(count, begin + chunk));
    };
    if (!canFork(parallel, chunks)) { // the common, small case: no wrapper on the way
        for (Index c = 0; c < chunks; ++c)
            run(c);
        return;
    }
    // Equal chunks share forEachItem's team and dynamic schedule: one atomic per chunk is nothing
    // beside a chunk's product, and which thread takes a chunk never changes the bits.
    forEachItem(chunks, parallel, run);
}

void forEachItem(Index count, bool parallel, const std::function<void(Index i)> &body)
{
    // Serial work never enters an OpenMP construct: even an `if (false)` region costs a team
    // set-up (microseconds), which for a classroom-sized step is as much as the maths.
    if (!canFork(parallel, count)) {
        for (Index i = 0; i < count; ++i)
            body(i);
        return;
    }
#ifdef _OPENMP
#pragma omp parallel
#endif
    {
        const FlushDenormals flush; // each thread of the team computes alike
#ifdef _OPENMP
#pragma omp for schedule(dynamic, 1)
#endif
        for (Index i = 0; i < count; ++i)
            body(i);
    }
}

} // namespace moe
