#include "core/moe/routing.h"

#include <algorithm>
#include <array>
#include <limits>
#include <numeric>

namespace moe {

void topKIndices(const Eigen::Ref<const RowVector> &row, int k, std::vector<int> &out)
{
    // NaN (a diverging router) counts as -inf: it never outranks a number.
    const auto key = [&](int i) {
        const float v = row[i];
        return v == v ? v : -std::numeric_limits<float>::infinity();
    };
    const auto kk = static_cast<std::size_t>(std::clamp<Index>(k, 0, row.size()));
    if (kk > 8) { // expert choice ranks tokens: C can be in the hundreds
        out.resize(static_cast<std::size_t>(row.size()));
        std::iota(out.begin(), out.end(), 0);
        std::partial_sort(out.begin(), out.begin() + std::ptrdiff_t(kk), out.end(),
                          [&](int a, int b) { return key(a) != key(b) ? key(a) > key(b) : a < b; });
        out.resize(kk);
        return;
    }
    // Token choice (k <= 8): one pass keeping the best k so far in order, O(n k) and no
    // allocation once `out` has grown. An equal later value never displaces an earlier one, so
    // ties keep the lower index first.
    out.resize(kk);
    std::array<float, 8> best {};
    std::size_t filled = 0;
    for (int i = 0; i < int(row.size()) && kk > 0; ++i) {
        const float value = key(i);
        std::size_t at = 0;
        if (filled < kk) {
            at = filled++;
        } else {
            if (!(value > best[kk - 1]))
                continue; // the common case: not among the best k
            at = kk - 1;
        }
        for (; at > 0 && value > best[at - 1]; --at) { // move up past the smaller ones
            best[at] = best[at - 1];
            out[at] = out[at - 1];
        }
        best[at] = value;
        out[at] = i;
    }
}

void RoutingDecision::clear(Index tokenCount, int expertCount)
{
    tokens = tokenCount;
    experts = expertCount;
    topK = 0;
    capacity = 0;
    expertChoice = false;
    assignments.clear();
    buckets.resize(std::size_t(expertCount)); // each list is cleared when it is filled
    routed.clear();
    balanceLoss = zLoss = 0.0;
}

Index RoutingDecision::keptSlots() const
{
    Index kept = 0;
    for (const Assignment &a : assignments)
        kept += a.kept ? 1 : 0;
    return kept;
}

Index RoutingDecision::tokensWithoutExpert() const
{
    std::vector<char> served(static_cast<std::size_t>(tokens), 0);
    for (const Assignment &a : assignments)
        if (a.kept)
            served[static_cast<std::size_t>(a.token)] = 1;
    Index none = 0;
    for (char s : served)
        none += s ? 0 : 1;
    return none;
}

std::vector<Index> RoutingDecision::keptPerExpert() const
{
    std::vector<Index> kept(static_cast<std::size_t>(experts), 0);
    for (const Assignment &a : assignments)
        if (a.kept)
            ++kept[static_cast<std::size_t>(a.expert)];
    return kept;
}

} // namespace moe
