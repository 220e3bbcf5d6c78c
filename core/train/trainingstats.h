#pragma once

// The stream of records a training run emits. The CLI prints or logs them; the GUI turns them into
// snapshots. Both see exactly the same numbers.

#include "core/base/tensor.h"
#include "core/moe/routingstats.h"

#include <optional>

namespace moe {

// Where the time of training steps went, in seconds (or ms, scaled), summed over forward and
// backward. The four parts are disjoint spans of the step:
//   routing   - the routers: logits GEMM, scores, top-k selection, gates, capacity, balance and
//               z-losses, and their backward;
//   experts   - dispatch into buckets, the experts' (and shared experts') forward and backward,
//               the gated combine and its backward (dL/dg);
//   rest      - the rest of the model: projection, dense blocks, head, task loss, their backward;
//   optimizer - the update of every parameter (it follows total parameters, not active ones).
// total is the whole step; what it holds beyond the parts (gathering the batch, the routing
// statistics reported per step) is total - parts(). A dense model has zero routing and experts.
struct StepTime
{
    double routing = 0.0;
    double experts = 0.0;
    double rest = 0.0;
    double optimizer = 0.0;
    double total = 0.0;

    double parts() const { return routing + experts + rest + optimizer; }
    StepTime &operator+=(const StepTime &o)
    {
        routing += o.routing;
        experts += o.experts;
        rest += o.rest;
        optimizer += o.optimizer;
        total += o.total;
        return *this;
    }
    // Every figure times `factor`: e.g. 1000 / steps for the mean ms per step of a run.
    StepTime scaled(double factor) const
    {
        return {routing * factor, experts * factor, rest * factor, optimizer * factor,
                total * factor};
    }
};

// One optimiser step on one mini-batch.
struct StepStats
{
    Index step = 0;       // 1-based count of steps done
    Index epoch = 0;      // 0-based pass over the training set this batch belongs to
    Index samples = 0;    // batch size of this step
    double loss = 0.0;    // task loss of the batch (cross-entropy or MSE), before the update
    double auxLoss = 0.0; // auxiliary (balance, z) losses of the batch, reported separately
    std::optional<double> accuracy;    // batch accuracy; empty for regression
    StepTime time;                     // wall time of the step (seconds), broken down
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
    // Asked after every step: true ends Trainer::train there, without a final evaluation (e.g.
    // the run diverged, core/train/divergence.h, and its numbers mean nothing).
    virtual bool stopRequested() const { return false; }
};

} // namespace moe
