#include "core/moe/moeflops.h"

#include <algorithm>
#include <cmath>

namespace moe {

double ffnForwardFlops(int width, int hidden)
{
    return 2.0 * (double(width) * hidden + double(hidden) * width);
}

int routerMatrices(RouterKind router)
{
    return router == RouterKind::NoisyTopK ? 2 : 1;
}

MoeForwardFlops moeForwardFlops(const MoeConfig &config, int width)
{
    MoeForwardFlops flops;
    flops.router = 2.0 * double(width) * config.experts * routerMatrices(config.router);
    flops.experts = (config.activeExperts() + config.sharedExperts)
        * ffnForwardFlops(width, config.expertHidden);
    return flops;
}

int matchedExpertComputeHidden(const MoeConfig &config)
{
    return int(std::lround((config.activeExperts() + config.sharedExperts) * config.expertHidden));
}

int matchedTotalComputeHidden(const MoeConfig &config, int width)
{
    // ceil(total / 4d) as a first guess, then the exact rule on the same formula: rounding in
    // the division may not move the answer by one either way.
    const double total = moeForwardFlops(config, width).total();
    int hidden = std::max(1, int(std::ceil(total / ffnForwardFlops(width, 1))));
    while (ffnForwardFlops(width, hidden) < total)
        ++hidden;
    while (hidden > 1 && ffnForwardFlops(width, hidden - 1) >= total)
        --hidden;
    return hidden;
}

int matchedParametersHidden(const MoeConfig &config)
{
    return (config.experts + config.sharedExperts) * config.expertHidden;
}

double routerCrossoverExperts(const MoeConfig &config)
{
    return 2.0 * config.expertHidden * (config.activeExperts() + config.sharedExperts)
        / routerMatrices(config.router);
}

} // namespace moe
