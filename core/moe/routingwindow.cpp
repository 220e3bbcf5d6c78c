#include "core/moe/routingwindow.h"

#include <algorithm>

namespace moe {

void RoutingWindow::add(RoutingCounts step)
{
    m_steps.push_back(std::move(step));
    while (Index(m_steps.size()) > m_capacity)
        m_steps.pop_front();
}

RoutingCounts RoutingWindow::total() const
{
    RoutingCounts sum;
    for (const RoutingCounts &step : m_steps)
        sum.add(step);
    return sum;
}

BatchLoad RoutingWindow::fullBatchLoad() const
{
    BatchLoad load;
    for (const RoutingCounts &step : m_steps)
        load.tokens = std::max(load.tokens, step.tokens);
    for (const RoutingCounts &step : m_steps) {
        if (step.tokens != load.tokens || step.experts == 0)
            continue;
        const auto E = std::size_t(step.experts);
        if (load.batches == 0) {
            load.capacity = step.allocatedSlots / Index(step.experts) / step.steps;
            load.kept.assign(E, 0.0);
            load.dropped.assign(E, 0.0);
            load.least = step.routed;
            load.most = step.routed;
        }
        ++load.batches;
        for (std::size_t e = 0; e < E; ++e) {
            load.kept[e] += double(step.kept[e]);
            load.dropped[e] += double(step.routed[e] - step.kept[e]);
            load.least[e] = std::min(load.least[e], step.routed[e]);
            load.most[e] = std::max(load.most[e], step.routed[e]);
        }
    }
    for (std::size_t e = 0; e < load.kept.size(); ++e) {
        load.kept[e] /= double(load.batches);
        load.dropped[e] /= double(load.batches);
    }
    return load;
}

} // namespace moe
