#include "ui/worker/pace.h"

#include <algorithm>

namespace moe::ui {

void Pace::restart()
{
    m_clock.start();
    m_nextStepMs = 0.0;
}

bool Pace::due(int stepsPerSecond)
{
    const double interval = 1000.0 / stepsPerSecond;
    const double now = double(m_clock.elapsed());
    if (now < m_nextStepMs)
        return false;
    if (now - m_nextStepMs > std::max(kMostLagMs, 2.0 * interval))
        m_nextStepMs = now; // held up: the missed steps are skipped, not trained in a burst
    m_nextStepMs += interval;
    return true;
}

} // namespace moe::ui
