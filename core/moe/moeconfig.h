#pragma once

// Settings of an MoE block, with the names used alike by the CLI, experiment files and the UI.
// The algorithms behind each router are in ../shared/MOE_SPEC.md (sections in brackets).

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

struct MoeConfig
{
    int experts = 8;       // E, 1..64
    int topK = 2;          // k, 1..E (token-choice routers; Switch always uses 1)
    int expertHidden = 32; // h, hidden width of every expert (and shared expert)
    RouterKind router = RouterKind::TopK;
    bool renormalize
        = true; // top-k: gates renormalised over the chosen k (raw p when false or k = 1)
    // Capacity factor 0.25..4; empty = no limit (dropless: C = the largest load). Applies to
    // training batches; evaluation of token-choice routers is always dropless.
    std::optional<double> capacityFactor = 1.25;
    DropPolicy dropPolicy = DropPolicy::Position;
    // alpha of the load-balancing loss: alpha * E * sum_e f_e P_e [5]; for noisy-topk the weight w
    // of CV^2(importance) + CV^2(load) [3]. Not used by expert choice (balanced by construction).
    double balanceLoss = 0.01;
    double zLoss = 0.0;           // c_z of the router z-loss [6]
    double jitter = 0.0;          // Switch: router input scaled by U(1 - eps, 1 + eps) in training
    int sharedExperts = 0;        // always-active experts added to the routed sum, 0..4
    double biasUpdateRate = 1e-3; // aux-free: u in b_e += u * sign(mean load - load_e)
    int deadAfterSteps = 100;     // an expert with no tokens for this many steps counts as dead

    // The number of experts a token is sent to, as the router will actually use it.
    int effectiveTopK() const { return router == RouterKind::Switch ? 1 : topK; }
    // Routed experts one token uses on average: k, or for expert choice E * C / T = cf.
    double activeExperts() const;
    // Hidden width of the dense FFN baselines (MOE_SPEC.md, FLOPs and parameters):
    // matched active compute (k + shared) * h, matched total parameters (E + shared) * h.
    int matchedComputeHidden() const;
    int matchedParametersHidden() const { return (experts + sharedExperts) * expertHidden; }
    // Throws ConfigError naming the first setting out of range.
    void validate() const;
};

std::string_view routerName(RouterKind kind);
std::optional<RouterKind> parseRouter(std::string_view name);
std::string_view dropPolicyName(DropPolicy policy);
std::optional<DropPolicy> parseDropPolicy(std::string_view name);

} // namespace moe
