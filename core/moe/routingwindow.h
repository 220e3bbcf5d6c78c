#pragma once

// The routing of the last N training steps, as the app's load view and the lesson checks read it
// (docs/app.md, "Tokens per expert"): a fixed window, so the headline does not swing with how
// many steps happened to pass between two refreshes, and a check made at step s reads exactly
// the steps the screen shows at step s.

#include "core/moe/routingstats.h"

#include <deque>

namespace moe {

// The load of one full-size training step, per expert, over the window's full-size steps (the
// load chart, docs/app.md). A training set that does not divide into batches ends each epoch on a
// smaller batch with a smaller C (the spiral's 720 samples: every 12th batch holds 16, C = 5
// instead of 20); averaging it in would pull the bars and C below what any full batch sees.
struct BatchLoad
{
    Index batches = 0;                 // full-size steps in the window
    Index tokens = 0;                  // tokens in one of them (the batch size)
    Index capacity = 0;                // C of one of them: slots per expert
    std::vector<double> kept, dropped; // per expert: mean per full-size step
    std::vector<Index> least, most;    // per expert: routed slots in one step, fewest and most
};

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
    // The steps with the most tokens only (see BatchLoad); empty when the window is.
    BatchLoad fullBatchLoad() const;
    void clear() { m_steps.clear(); }

private:
    Index m_capacity;
    std::deque<RoutingCounts> m_steps;
};

} // namespace moe
