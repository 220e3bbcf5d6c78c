#pragma once

// When a training run has diverged. A loss that is no longer finite has; so has a finite loss
// that has exploded (Adam at a learning rate of 100 reaches 1e15 and stays finite). Both are
// measured against the loss the model had when training started:
//   diverged(L)  <=>  L is NaN or infinite, or L > kExplodedFactor * max(L0, 1)
//   healthy(L)   <=>  L is finite and L <= kHealthyFactor * max(L0, 1)
// where L0 is the loss of the untrained model: the first step's batch loss (computed before its
// update), or an evaluation made before any step. The floor of 1 keeps a start near 0 (a
// regression already close to its targets) from making ordinary noise look like an explosion;
// cross-entropy starts at ln C >= ln 2 and a standardised regression near 1. A "healthy" state
// is one a diverged run may be rolled back to: weights whose loss blew up but stayed finite
// would only diverge again.

#include <cmath>
#include <limits>

namespace moe {

class DivergenceGuard
{
public:
    static constexpr double kExplodedFactor = 100.0;
    static constexpr double kHealthyFactor = 10.0;

    // The loss at the start of training; the first finite one given counts.
    void setStart(double loss)
    {
        if (!hasStart() && std::isfinite(loss))
            m_start = loss;
    }
    bool hasStart() const { return std::isfinite(m_start); }
    double start() const { return m_start; }

    bool diverged(double loss) const
    {
        return !std::isfinite(loss) || (hasStart() && loss > kExplodedFactor * scale());
    }
    bool healthy(double loss) const
    {
        return std::isfinite(loss) && (!hasStart() || loss <= kHealthyFactor * scale());
    }
    // What diverged() compares a finite loss with (infinite before the start is known).
    double explodedAbove() const
    {
        return hasStart() ? kExplodedFactor * scale() : std::numeric_limits<double>::infinity();
    }

private:
    double scale() const { return std::fmax(m_start, 1.0); }
    double m_start = std::numeric_limits<double>::quiet_NaN();
};

} // namespace moe
