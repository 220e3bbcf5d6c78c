#pragma once

// Settings of an MoE block, with the names used alike by the CLI, experiment files and the UI.
// Ranges, defaults and help are in core/moe/moesettings.h; the algorithms behind each router are
// in docs/moe.md (sections in brackets).

#include "core/base/setting.h"
#include "core/moe/moesettings.h"

#include <optional>
#include <string>
#include <string_view>

namespace moe {

enum class RouterKind {
    TopK,         // "topk": softmax, top-k, renormalised [1]
    Switch,       // "switch": softmax, top-1, raw probability, optional input jitter [2]
    NoisyTopK,    // "noisy-topk": learned Gaussian noise, softmax over the top k [3]
    ExpertChoice, // "expert-choice": each expert picks its top-C tokens [7]
    AuxFree       // "aux-free": sigmoid scores, bias for selection only (DeepSeek-V3) [8]
};

// Which token-slots an over-full expert keeps [4].
enum class DropPolicy {
    Position, // "position": earlier tokens first, all first choices before any second choice
    Score,    // "score": highest router probability first
    Random    // "random": a random order drawn from the training generator
};

// The names of the routers and drop policies, in the order the app lists them.
inline constexpr Choice<RouterKind> kRouterChoices[]
    = {{RouterKind::TopK, "topk", "Top-k (softmax)"},
       {RouterKind::Switch, "switch", "Switch (top-1)"},
       {RouterKind::NoisyTopK, "noisy-topk", "Noisy top-k"},
       {RouterKind::ExpertChoice, "expert-choice", "Expert choice"},
       {RouterKind::AuxFree, "aux-free", "Aux-loss-free (bias)"}};
inline constexpr Choice<DropPolicy> kDropPolicyChoices[]
    = {{DropPolicy::Position, "position", "Position (earliest kept)"},
       {DropPolicy::Score, "score", "Score (most confident kept)"},
       {DropPolicy::Random, "random", "Random"}};

struct MoeConfig
{
    int experts = settings::kExperts.defaultInt(); // E
    int topK = settings::kTopK.defaultInt();       // k <= E (token-choice routers; Switch uses 1)
    int expertHidden = settings::kExpertHidden.defaultInt(); // h of every (shared) expert
    RouterKind router = RouterKind::TopK;
    bool renormalize
        = true; // top-k: gates renormalised over the chosen k (raw p when false or k = 1)
    // Empty = no limit (dropless: C = the largest load). Applies to training batches; evaluation
    // of token-choice routers is always dropless [4].
    std::optional<double> capacityFactor = settings::kCapacityFactor.defaultValue;
    DropPolicy dropPolicy = DropPolicy::Position;
    // alpha of the load-balancing loss: alpha * E * sum_e f_e P_e [5]; for noisy-topk the weight w
    // of CV^2(importance) + CV^2(load) [3]. Not used by expert choice (balanced by construction).
    double balanceLoss = settings::kBalanceLoss.defaultValue;
    double zLoss = settings::kZLoss.defaultValue;   // c_z of the router z-loss [6]
    double jitter = settings::kJitter.defaultValue; // Switch: input scaled by U(1 - eps, 1 + eps)
    int sharedExperts = settings::kSharedExperts.defaultInt();      // added to the routed sum
    double biasUpdateRate = settings::kBiasUpdateRate.defaultValue; // aux-free u [8]
    int deadAfterSteps = settings::kDeadAfterSteps.defaultInt();

    // The number of experts a token is sent to, as the router will actually use it.
    int effectiveTopK() const { return router == RouterKind::Switch ? 1 : topK; }
    // Routed experts one token uses on average: k, or for expert choice E * C / T = cf.
    double activeExperts() const;
    // (The dense baselines' widths and the block's FLOPs: core/moe/moeflops.h.)
    // Throws ConfigError naming the first setting out of range.
    void validate() const;
};

inline std::string_view routerName(RouterKind kind)
{
    return choiceName(kRouterChoices, kind);
}
inline std::optional<RouterKind> parseRouter(std::string_view name)
{
    return parseChoice(kRouterChoices, name);
}
inline std::string_view dropPolicyName(DropPolicy policy)
{
    return choiceName(kDropPolicyChoices, policy);
}
inline std::optional<DropPolicy> parseDropPolicy(std::string_view name)
{
    return parseChoice(kDropPolicyChoices, name);
}

} // namespace moe
