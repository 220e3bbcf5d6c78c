#include "core/moe/routingwindow.h"

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

} // namespace moe
