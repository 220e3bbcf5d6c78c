#include "core/moe/moeconfig.h"

#include "core/base/error.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace moe {

namespace {
constexpr RouterKind kRouters[] = {RouterKind::TopK, RouterKind::Switch, RouterKind::NoisyTopK,
                                   RouterKind::ExpertChoice, RouterKind::AuxFree};
constexpr DropPolicy kPolicies[] = {DropPolicy::Position, DropPolicy::Score, DropPolicy::Random};

void requireRange(const std::string &what, double value, double lo, double hi)
{
    if (!(value >= lo && value <= hi))
        throw ConfigError(what + " must be between " + std::to_string(lo) + " and "
                          + std::to_string(hi) + ", got " + std::to_string(value));
}
} // namespace

void MoeConfig::validate() const
{
    if (experts < 1 || experts > 64)
        throw ConfigError("experts must be between 1 and 64, got " + std::to_string(experts));
    if (topK < 1 || topK > experts)
        throw ConfigError("top-k must be between 1 and the number of experts ("
                          + std::to_string(experts) + "), got " + std::to_string(topK));
    if (expertHidden < 1 || expertHidden > 16384)
        throw ConfigError("expert hidden width must be between 1 and 16384, got "
                          + std::to_string(expertHidden));
    if (capacityFactor)
        requireRange("capacity factor", *capacityFactor, 0.25, 4.0);
    requireRange("balance loss weight", balanceLoss, 0.0, 100.0);
    requireRange("z-loss weight", zLoss, 0.0, 100.0);
    requireRange("jitter", jitter, 0.0, 0.5);
    requireRange("bias update rate", biasUpdateRate, 0.0, 1.0);
    if (sharedExperts < 0 || sharedExperts > 4)
        throw ConfigError("shared experts must be between 0 and 4, got "
                          + std::to_string(sharedExperts));
    if (deadAfterSteps < 1)
        throw ConfigError("dead-expert window must be at least 1 step");
}

double MoeConfig::activeExperts() const
{
    if (router == RouterKind::ExpertChoice)
        return capacityFactor ? std::min<double>(*capacityFactor, experts) : double(experts);
    return effectiveTopK();
}

int MoeConfig::matchedComputeHidden() const
{
    return int(std::lround((activeExperts() + sharedExperts) * expertHidden));
}

std::string_view routerName(RouterKind kind)
{
    switch (kind) {
    case RouterKind::TopK:
        return "topk";
    case RouterKind::Switch:
        return "switch";
    case RouterKind::NoisyTopK:
        return "noisy-topk";
    case RouterKind::ExpertChoice:
        return "expert-choice";
    case RouterKind::AuxFree:
        return "aux-free";
    }
    return "topk";
}

std::optional<RouterKind> parseRouter(std::string_view name)
{
    for (RouterKind kind : kRouters)
        if (routerName(kind) == name)
            return kind;
    return std::nullopt;
}

std::string_view dropPolicyName(DropPolicy policy)
{
    switch (policy) {
    case DropPolicy::Position:
        return "position";
    case DropPolicy::Score:
        return "score";
    case DropPolicy::Random:
        return "random";
    }
    return "position";
}

std::optional<DropPolicy> parseDropPolicy(std::string_view name)
{
    for (DropPolicy policy : kPolicies)
        if (dropPolicyName(policy) == name)
            return policy;
    return std::nullopt;
}

} // namespace moe
