#pragma once

// The engine's only source of randomness: an explicit, seeded generator passed to whoever needs it.
// std::mt19937_64's output sequence is fixed by the C++ standard, but the standard distributions
// are not (libstdc++, libc++ and MSVC differ), so the distributions below are written out here: the
// same seed gives the same random numbers on every platform and for every thread count. (What the
// engine computes from them is the same on every machine in the portable build; the native
// preset's fused multiply-adds round differently: docs/benchmarks.md, "Portable against native".)

#include <cstdint>
#include <random>
#include <vector>

namespace moe {

class Rng
{
public:
    explicit Rng(std::uint64_t seed = 0);

    std::uint64_t nextU64() { return m_engine(); }
    // Uniform in [0, 1), 53 random bits.
    double uniform();
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // Standard normal N(0, 1) by Box-Muller (both values of a pair are used).
    double normal();
    // Uniform integer in [0, n), unbiased (rejection sampling); n >= 1.
    std::uint64_t below(std::uint64_t n);
    // Fisher-Yates shuffle.
    template<typename T> void shuffle(std::vector<T> &items)
    {
        for (std::size_t i = items.size(); i > 1; --i) {
            std::size_t j = static_cast<std::size_t>(below(i));
            std::swap(items[i - 1], items[j]);
        }
    }
    // An independent generator derived from this one (for a sub-task such as initialisation).
    Rng split();

private:
    std::mt19937_64 m_engine;
    double m_spareNormal = 0.0;
    bool m_hasSpare = false;
};

} // namespace moe
