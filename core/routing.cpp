#include "routing.h"

#include <algorithm>
#include <numeric>

namespace moe {

void topKIndices(const Eigen::Ref<const RowVector> &row, int k, std::vector<int> &out)
{
    out.resize(static_cast<std::size_t>(row.size()));
    std::iota(out.begin(), out.end(), 0);
    std::partial_sort(out.begin(), out.begin() + k, out.end(),
                      [&](int a, int b) { return row[a] != row[b] ? row[a] > row[b] : a < b; });
    out.resize(static_cast<std::size_t>(k));
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
