#include "core/base/rng.h"

#include <cmath>
#include <numbers>

namespace moe {

namespace {
// SplitMix64 finaliser: spreads nearby seeds (0, 1, 2, ...) over the whole state space.
std::uint64_t mix(std::uint64_t z)
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
} // namespace

Rng::Rng(std::uint64_t seed)
    : m_engine(mix(seed))
{ }

double Rng::uniform()
{
    return static_cast<double>(m_engine() >> 11) * 0x1.0p-53;
}

double Rng::normal()
{
    if (m_hasSpare) {
        m_hasSpare = false;
        return m_spareNormal;
    }
    // u1 in (0, 1] so that log(u1) is finite.
    const double u1 = 1.0 - uniform();
    const double u2 = uniform();
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle = 2.0 * std::numbers::pi * u2;
    m_spareNormal = radius * std::sin(angle);
    m_hasSpare = true;
    return radius * std::cos(angle);
}

std::uint64_t Rng::below(std::uint64_t n)
{
    if (n <= 1)
        return 0;
    // Reject the top partial block of the 64-bit range so every residue is equally likely.
    const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % n);
    std::uint64_t r = m_engine();
    while (r >= limit)
        r = m_engine();
    return r % n;
}

Rng Rng::split()
{
    return Rng(m_engine());
}

} // namespace moe
