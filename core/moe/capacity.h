#pragma once

// Expert capacity and token dropping (docs/moe.md, "[4] Capacity and token dropping").
//   token-choice: C = ceil(cf * k * T / E)      expert choice: C = ceil(cf * T / E), at most T
//   no capacity factor (dropless): C = the largest load, so nothing is dropped.
// An over-full expert keeps its C highest-priority slots; the rest are dropped (kept = false).

#include "core/moe/moeconfig.h"
#include "core/moe/routing.h"

#include <optional>

namespace moe {

class Rng;

Index tokenChoiceCapacity(double capacityFactor, int topK, Index tokens, int experts);
Index expertChoiceCapacity(std::optional<double> capacityFactor, Index tokens, int experts);

// Fills decision.routed, .capacity (token-choice), every assignment's kept flag and slot, and the
// buckets. Position order is (rank, token): all first choices before any second choice. Score
// order is decision.probs(token, expert), highest first. Random order draws one key per assignment
// from rng; without a generator (evaluation) it falls back to position order.
void applyCapacity(RoutingDecision &decision, std::optional<double> capacityFactor,
                   DropPolicy policy, Rng *rng);

// Buckets and slots for a decision whose kept flags are already final (expert choice).
void fillBuckets(RoutingDecision &decision);

} // namespace moe
