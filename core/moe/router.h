#pragma once

// The learned router of an MoE block. W_r (E, d), no bias, small initialisation (0.1x Xavier):
//   logits h (T, E) = x' (T, d) * W_r^T        x' = x, or x ∘ U(1-eps, 1+eps) for Switch jitter
// then its RouterRule (core/moe/routerrule.h, one per kind in core/moe/routers/) scores h,
// selects, gates and gives the balance loss (docs/moe.md, "Routers, capacity and losses"); the
// Router applies capacity to token-choice decisions (docs/moe.md, "[4] Capacity and token
// dropping") and adds the z-loss.
// Backward turns dL/dg (per assignment) plus the auxiliary losses into dL/dh through the rule, then
//   dW_r += dh^T x'        dx += (dh * W_r) ∘ jitter

#include "core/moe/moeconfig.h"
#include "core/moe/routerrule.h"
#include "core/moe/routing.h"
#include "core/nn/block.h"

#include <memory>

namespace moe {

class Router
{
public:
    Router(const std::string &name, int width, const MoeConfig &config, Rng &rng);

    // Fills the decision (assignments, capacity, drops, probabilities, loss values) and caches
    // what backward needs.
    void route(const Matrix &x, const ForwardContext &context, RoutingDecision &decision);
    // dGate[i] = dL/dg of decision.assignments[i] (0 for dropped slots). Accumulates the router's
    // parameter gradients, including those of the balance and z-losses, and adds to dx (T, d).
    void backward(const Matrix &x, const RoutingDecision &decision, const std::vector<float> &dGate,
                  Matrix &dx);
    // Aux-free balancing after an optimiser step: b_e += u * sign(mean load - load_e), with the
    // per-expert load (before capacity) of the last training batch.
    void updateSelectionBias(const std::vector<Index> &load);

    // Settings that may change between steps without rebuilding (loss weights, capacity, policy).
    void setLiveSettings(const MoeConfig &config);
    const MoeConfig &config() const { return m_config; }
    std::vector<Parameter *> parameters();
    Index parameterCount() const;
    double forwardFlopsPerSample() const; // 2 d E per (E, d) matrix: twice that for noisy-topk
    const RowVector &selectionBias() const { return m_bias; }
    // Restores a saved bias (model files); ConfigError unless it has E entries, all finite.
    void setSelectionBias(const RowVector &bias);
    // Expert choice at evaluation (docs/moe.md, "[7] Expert choice"): a sample goes to every
    // expert e whose probability p_e reaches tau_e, the running threshold of the training
    // batches: after each training step, with c_e the probability of the last (C-th) token
    // expert e picked,
    //   tau_e = c_e (the first step)      tau_e <- 0.9 tau_e + 0.1 c_e (after)
    // so that a sample's routing never depends on what else is evaluated with it. 1/E before
    // any training step. Saved in model files.
    const RowVector &evalThreshold() const { return m_threshold; }
    // Restores saved thresholds; ConfigError unless E entries, all finite.
    void setEvalThreshold(const RowVector &threshold);

private:
    RouterPass pass(const Matrix &x) const { return {x, m_logits, m_config, m_bias, m_threshold}; }
    void followThreshold(const RoutingDecision &decision); // after a training step's selection

    MoeConfig m_config;
    Parameter m_weight;                 // W_r (E, d)
    std::unique_ptr<RouterRule> m_rule; // what the router kind does with the logits
    RowVector m_bias;                   // aux-free selection bias (E), no gradient
    RowVector m_threshold;              // expert choice's evaluation threshold tau (E)
    bool m_thresholdMeasured = false;   // tau has seen a training batch (or was restored)
    Matrix m_input;                     // x' (T, d)
    Matrix m_jitter;                    // (T, d) multipliers, empty without jitter
    Matrix m_logits;                    // h (T, E)
};

} // namespace moe
