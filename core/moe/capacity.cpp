#include "core/moe/capacity.h"

#include "core/base/rng.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace moe {

Index tokenChoiceCapacity(double capacityFactor, int topK, Index tokens, int experts)
{
    const double ideal = double(topK) * double(tokens) / double(experts);
    return std::max<Index>(1, Index(std::ceil(capacityFactor * ideal - 1e-9)));
}

Index expertChoiceCapacity(std::optional<double> capacityFactor, Index tokens, int experts)
{
    if (!capacityFactor)
        return tokens;
    const auto c = Index(std::ceil(*capacityFactor * double(tokens) / double(experts) - 1e-9));
    return std::clamp<Index>(c, 1, tokens);
}

void fillBuckets(RoutingDecision &decision)
{
    decision.buckets.resize(static_cast<std::size_t>(decision.experts));
    for (auto &bucket : decision.buckets)
        bucket.clear(); // keeps its storage for the next step
    for (std::size_t i = 0; i < decision.assignments.size(); ++i) {
        Assignment &a = decision.assignments[i];
        if (!a.kept) {
            a.slot = -1;
            continue;
        }
        auto &bucket = decision.buckets[static_cast<std::size_t>(a.expert)];
        a.slot = Index(bucket.size());
        bucket.push_back(Index(i));
    }
}

void applyCapacity(RoutingDecision &decision, std::optional<double> capacityFactor,
                   DropPolicy policy, Rng *rng)
{
    const auto E = static_cast<std::size_t>(decision.experts);
    // Every assignment of each expert, in assignment order. The buckets' storage serves (they are
    // refilled with the kept ones at the end), so a step allocates nothing here.
    auto &byExpert = decision.buckets;
    byExpert.resize(E);
    for (auto &list : byExpert)
        list.clear();
    for (std::size_t i = 0; i < decision.assignments.size(); ++i)
        byExpert[static_cast<std::size_t>(decision.assignments[i].expert)].push_back(Index(i));
    decision.routed.assign(E, 0);
    Index largest = 0;
    for (std::size_t e = 0; e < E; ++e) {
        decision.routed[e] = Index(byExpert[e].size());
        largest = std::max(largest, decision.routed[e]);
    }
    decision.capacity = capacityFactor
        ? tokenChoiceCapacity(*capacityFactor, decision.topK, decision.tokens, decision.experts)
        : std::max<Index>(largest, 1);

    // Priority keys: lower sorts first. Random keys are drawn in assignment order, so they depend
    // on the seed only, not on the thread count.
    const auto &as = decision.assignments;
    std::vector<double> randomKey;
    if (policy == DropPolicy::Random && rng) {
        randomKey.resize(as.size());
        for (double &key : randomKey)
            key = rng->uniform();
    }
    auto positionLess = [&](Index a, Index b) {
        const Assignment &x = as[std::size_t(a)], &y = as[std::size_t(b)];
        return x.rank != y.rank ? x.rank < y.rank : x.token < y.token;
    };
    for (std::size_t e = 0; e < E; ++e) {
        auto &list = byExpert[e];
        if (Index(list.size()) <= decision.capacity)
            continue;
        if (policy == DropPolicy::Score) {
            std::stable_sort(list.begin(), list.end(), [&](Index a, Index b) {
                const float pa = decision.probs(as[std::size_t(a)].token, Index(e));
                const float pb = decision.probs(as[std::size_t(b)].token, Index(e));
                return pa != pb ? pa > pb : positionLess(a, b);
            });
        } else if (!randomKey.empty()) {
            std::stable_sort(list.begin(), list.end(), [&](Index a, Index b) {
                return randomKey[std::size_t(a)] < randomKey[std::size_t(b)];
            });
        } else {
            std::stable_sort(list.begin(), list.end(), positionLess);
        }
        for (std::size_t i = std::size_t(decision.capacity); i < list.size(); ++i)
            decision.assignments[std::size_t(list[i])].kept = false;
    }
    fillBuckets(decision);
}

} // namespace moe
