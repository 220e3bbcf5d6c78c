#pragma once

// The stream of records a training run emits. The CLI prints or logs them; the GUI turns them into
// snapshots. Both see exactly the same numbers.

#include "core/base/tensor.h"
#include "core/moe/routingstats.h"

#include <optional>

namespace moe {

// One optimiser step on one mini-batch.
struct StepStats
{
    Index step = 0;       // 1-based count of steps done
    Index epoch = 0;      // 0-based pass over the training set this batch belongs to
    Index samples = 0;    // batch size of this step
    double loss = 0.0;    // task loss of the batch (cross-entropy or MSE), before the update
    double auxLoss = 0.0; // auxiliary (balance, z) losses of the batch, reported separately
    std::optional<double> accuracy;    // batch accuracy; empty for regression
    double seconds = 0.0;              // wall time of forward + backward + update
    double optimizerSeconds = 0.0;     // of which the optimiser update (follows total parameters)
    std::vector<RoutingStats> routing; // one per MoE block, of this batch; empty for dense models
};

// Loss and accuracy of the current parameters on a whole dataset.
struct Metrics
{
    double loss = 0.0;
    std::optional<double> accuracy; // empty for regression
    Index samples = 0;
};

// Periodic evaluation: the whole training set, and the test set when there is one.
struct EvalStats
{
    Index step = 0;
    Metrics train;
    std::optional<Metrics> test;
    // One per MoE block: the training batches since the previous evaluation, summarised together.
    std::vector<RoutingStats> routing;
};

class TrainingObserver
{
public:
    virtual ~TrainingObserver() = default;
    virtual void onStep(const StepStats &) { }
    virtual void onEvaluation(const EvalStats &) { }
};

} // namespace moe
