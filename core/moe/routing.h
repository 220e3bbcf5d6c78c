#pragma once

// What a router decided for one batch of T tokens: which experts each token goes to, with which
// combine weight, and which of those token-slots survived the experts' capacity. Everything the
// app shows about routing is read from this struct (values only, safe to copy to the UI).

#include "core/base/tensor.h"

#include <vector>

namespace moe {

// One (token, expert) pairing.
struct Assignment
{
    Index token = 0;
    int expert = 0;
    int rank = 0;      // token-choice: 0 = the token's first choice; expert choice: pick order
    float gate = 0.0f; // combine weight g in y = x + sum g * Expert(x)
    bool kept = true;  // false when the expert was full (the slot adds nothing)
    Index slot = -1;   // row in the expert's bucket when kept
};

struct RoutingDecision
{
    Index tokens = 0;   // T
    int experts = 0;    // E
    int topK = 0;       // k for token-choice routers, 0 for expert choice
    Index capacity = 0; // C, slots per expert
    bool expertChoice = false;
    Matrix probs; // (T, E) router probabilities: softmax p (sigmoid scores s for aux-free)
    std::vector<Assignment>
        assignments; // token-choice: (token, rank) order; expert choice: (expert, pick)
    std::vector<std::vector<Index>> buckets; // per expert: indices of its kept assignments, by slot
    std::vector<Index> routed;               // per expert: assignments before capacity (the load)
    double balanceLoss = 0.0;                // weighted auxiliary balance loss of this batch
    double zLoss = 0.0;                      // weighted router z-loss of this batch

    // Back to an empty decision for `tokens` x `experts`, keeping the vectors' storage (a router
    // refills the same decision every step without allocating).
    void clear(Index tokenCount, int expertCount);
    Index keptSlots() const;
    Index droppedSlots() const { return Index(assignments.size()) - keptSlots(); }
    // Tokens that no expert processes (all their slots dropped, or never picked in expert choice).
    Index tokensWithoutExpert() const;
    // Per expert: kept assignments (the load after capacity).
    std::vector<Index> keptPerExpert() const;
};

// The k largest entries of a row, largest first; ties go to the lower expert index. k <= E.
void topKIndices(const Eigen::Ref<const RowVector> &row, int k, std::vector<int> &out);

} // namespace moe
