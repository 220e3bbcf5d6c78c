#pragma once

// The routing of the last N training steps, as the app's load view and the lesson checks read it
// (docs/app.md, "Tokens per expert"): a fixed window, so the headline does not swing with how
// many steps happened to pass between two refreshes, and a check made at step s reads exactly
// the steps the screen shows at step s.

#include "core/moe/routingstats.h"

#include <deque>

namespace moe {

class RoutingWindow
{
public:
    explicit RoutingWindow(Index steps)
        : m_capacity(steps)
    { }

    Index capacity() const { return m_capacity; } // N
    Index size() const { return Index(m_steps.size()); }
    // Appends one training step's tallies, forgetting the oldest beyond N.
    void add(RoutingCounts step);
    // The sum of the steps held (RoutingCounts::add over them, oldest first).
    RoutingCounts total() const;
    void clear() { m_steps.clear(); }

private:
    Index m_capacity;
    std::deque<RoutingCounts> m_steps;
};

} // namespace moe
