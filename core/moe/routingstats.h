#pragma once

// What the app and the CLI show about routing (docs/moe.md, "Metrics"). Counts are
// additive, so a window of steps is summarised exactly like one step: add the counts, then derive.
// Load statistics use the routing before capacity dropping, as real training stacks do.

#include "core/moe/routing.h"

#include <span>
#include <vector>

namespace moe {

class MoeBlock;

// Additive tallies of one or more routing decisions of one MoE block.
struct RoutingCounts
{
    int experts = 0;
    Index steps = 0;
    Index tokens = 0;
    Index assignedSlots = 0;     // assignments (k T per step for token-choice)
    Index allocatedSlots = 0;    // E * C per step (what padded systems allocate)
    std::vector<Index> routed;   // per expert, before capacity
    std::vector<Index> kept;     // per expert, after capacity
    std::vector<double> gateSum; // per expert, sum of gate weights of routed slots
    Index tokensWithoutExpert = 0;
    double entropySum = 0.0;                     // sum over tokens of -sum_e p log p
    double balanceLossSum = 0.0, zLossSum = 0.0; // sums over steps
    Matrix classByExpert; // (classes, E) routed slots per class; empty without labels

    // Tallies a decision; labels (one per token) fill the class-by-expert table.
    void add(const RoutingDecision &decision, std::span<const int> labels = {}, int classes = 0);
    void add(const RoutingCounts &other);
};

struct ExpertStats
{
    Index routed = 0, kept = 0, dropped = 0;
    double meanGate = 0.0;   // over routed slots
    double idealShare = 0.0; // routed / (slots / E): 1 = exactly its fair share
    int stepsSinceUsed = 0;
    bool dead = false; // no tokens for deadAfterSteps training steps
};

struct RoutingStats
{
    int experts = 0;
    Index steps = 0, tokens = 0;
    double capacity = 0.0; // C, mean over the steps
    std::vector<ExpertStats> perExpert;
    double loadCv = 0.0;       // std / mean of the routed load (population std)
    double maxViolation = 0.0; // max_e load_e / mean_load - 1
    double jainIndex = 1.0; // (sum load)^2 / (E sum load^2): 1 = perfectly fair, 1/E = one expert
    int idleExperts = 0;    // no tokens in this window
    int deadExperts = 0;    // no tokens for deadAfterSteps training steps
    double droppedFraction = 0.0;  // dropped slots / slots
    Index tokensWithoutExpert = 0; // processed by no expert (dropped everywhere / never picked)
    double routerEntropy = 0.0;    // mean over tokens of -sum p log p
    double maxEntropy = 0.0;       // log E
    double balanceLoss = 0.0, zLoss = 0.0; // mean per step, weighted as in training
    std::vector<float> selectionBias;      // aux-free b (empty for other routers)
    double executedFlopsPerSample = 0.0;   // router + shared + slots actually filled
    double allocatedFlopsPerSample = 0.0;  // router + shared + E * C slots (padding included)
    Matrix classAffinity; // (classes, E): fraction of each class's slots sent to each expert
};

// Derives the statistics of `counts` for `block` (its dead-expert state, bias and costs).
RoutingStats summarizeRouting(const RoutingCounts &counts, const MoeBlock &block);

} // namespace moe
