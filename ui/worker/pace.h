#pragma once

// A worker's pace at a chosen speed: step n (from 0) is due n / rate seconds after the clock
// started, so after t ms at most floor(t * rate / 1000) + 1 steps are trained however late the
// timer wakes; a worker held up for more than kMostLagMs (and two steps) skips the steps it owes
// instead of training them in a burst. Used by both arenas' workers.

#include <QElapsedTimer>

namespace moe::ui {

class Pace
{
public:
    static constexpr double kMostLagMs = 50.0;

    void restart(); // the next step is due now
    bool due(int stepsPerSecond);
    // Milliseconds until the next step is due (negative: overdue).
    double msToNext() const { return m_nextStepMs - double(m_clock.elapsed()); }

private:
    QElapsedTimer m_clock;
    double m_nextStepMs = 0.0;
};

} // namespace moe::ui
