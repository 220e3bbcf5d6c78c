#include "core/moe/moeconfig.h"

#include "core/base/error.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace moe {

void MoeConfig::validate() const
{
    settings::kExperts.require(experts);
    if (topK < 1 || topK > experts)
        throw ConfigError("top-k must be between 1 and the number of experts ("
                          + std::to_string(experts) + "), got " + std::to_string(topK));
    settings::kExpertHidden.require(expertHidden);
    if (capacityFactor)
        settings::kCapacityFactor.require(*capacityFactor);
    settings::kBalanceLoss.require(balanceLoss);
    settings::kZLoss.require(zLoss);
    settings::kJitter.require(jitter);
    settings::kBiasUpdateRate.require(biasUpdateRate);
    settings::kSharedExperts.require(sharedExperts);
    settings::kDeadAfterSteps.require(deadAfterSteps);
}

double MoeConfig::activeExperts() const
{
    if (router == RouterKind::ExpertChoice)
        return capacityFactor ? std::min<double>(*capacityFactor, experts) : double(experts);
    return effectiveTopK();
}

} // namespace moe
