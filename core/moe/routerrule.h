#pragma once

// What makes one router kind differ from another, behind one interface. The Router owns what every
// kind shares (W_r, the logits h = x' W_r^T, capacity, the z-loss, dW_r and dx through W_r); a
// rule turns the logits into a decision and dL/dg back into dL/dh (docs/moe.md, "Routers,
// capacity and losses"):
//   score        scores (T, E) from h: softmax p, sigmoid s, or noisy H; decision.probs
//   select       which (token, expert) pairs: top-k per token, or top-C tokens per expert
//   gate         the combine weight g of every chosen pair
//   balanceLoss  the weighted auxiliary balance loss this kind uses (0 when it needs none)
//   backward     dL/dh (T, E) from dL/dg and the balance loss
// One rule per file in core/moe/routers/; routers/table.cpp maps RouterKind to its rule.

#include "core/moe/moeconfig.h"
#include "core/moe/routing.h"
#include "core/nn/block.h"
#include "core/nn/loss.h"

#include <memory>
#include <span>
#include <string>
#include <vector>

namespace moe {

// One routing pass as a rule sees it; the Router keeps these alive from route() to backward().
struct RouterPass
{
    const Matrix &x;                // router input (T, d), before jitter
    const Matrix &logits;           // h (T, E)
    const MoeConfig &config;        // the live settings (k, renormalize, cf, balance weight)
    const RowVector &selectionBias; // b (E), aux-free only
    // Expert choice at evaluation: tau (E), each expert's running threshold (Router).
    const RowVector &evalThreshold;
};

class RouterRule
{
public:
    virtual ~RouterRule() = default;

    // Switch only: the router input is x ∘ U(1-eps, 1+eps) in training (docs/moe.md, "[2] Switch
    // top-1").
    virtual bool jittersInput() const { return false; }
    // Aux-free only: after each optimiser step b_e += u * sign(mean load - load_e) (docs/moe.md,
    // "[8] Auxiliary-loss-free balancing").
    virtual bool balancesBySelectionBias() const { return false; }
    // Learned parameters beyond W_r (noisy-topk's W_n), all of W_r's shape (E, d).
    virtual std::vector<Parameter *> parameters() { return {}; }

    // Forward, in this order, then the Router applies capacity to token-choice decisions.
    virtual void score(const RouterPass &pass, const ForwardContext &context,
                       RoutingDecision &decision)
        = 0;
    virtual void select(const RouterPass &pass, RoutingDecision &decision) const = 0;
    virtual void gate(const RouterPass &pass, RoutingDecision &decision) const = 0;
    virtual double balanceLoss(const RouterPass &pass, const RoutingDecision &decision) const = 0;
    // dGate[i] = dL/dg of decision.assignments[i]. Returns dL/dh (T, E) from the gates and the
    // balance loss; a rule with its own parameters accumulates their gradients and adds its own
    // path's dL/dx to dx.
    virtual Matrix backward(const RouterPass &pass, const RoutingDecision &decision,
                            const std::vector<float> &dGate, Matrix &dx)
        = 0;
};

// The rules whose scores are the softmax p of the logits (top-k, Switch, expert choice).
class SoftmaxRule : public RouterRule
{
public:
    void score(const RouterPass &pass, const ForwardContext &, RoutingDecision &decision) override
    {
        m_probs = softmaxRows(pass.logits);
        decision.probs = m_probs;
    }

protected:
    Matrix m_probs; // p (T, E)
};

// The table: one row per router kind. `make(name, width, experts)` builds the rule of a router
// named `name` over inputs of `width` features.
struct RouterRuleEntry
{
    RouterKind kind;
    std::unique_ptr<RouterRule> (*make)(const std::string &name, int width, int experts);
};
std::span<const RouterRuleEntry> routerRules();
// The rule of `kind`; throws ConfigError for a kind without a row.
std::unique_ptr<RouterRule> makeRouterRule(RouterKind kind, const std::string &name, int width,
                                           int experts);

// Building blocks the rules share.
// The logistic sigmoid 1 / (1 + e^-z).
float logistic(float z);
// The same for every entry, vectorised (Eigen's exp): a router scores T x E entries each step,
// and at E = 256 one libm call per entry cost more than the experts' work.
Matrix logisticOf(const Matrix &z);
// dL/dz of z -> softmax rows, given dL/dp:  dz = p ∘ (dp - rowsum(dp ∘ p))
Matrix softmaxBackward(const Matrix &p, const Matrix &dp);
// Token choice: for every token, its k largest `selectionScores`, largest first, in (token, rank)
// order; gates are left at 0.
void selectTopK(const Matrix &selectionScores, int k, RoutingDecision &decision);
// g = s_sel / sum s_sel over each token's chosen k when `renormalize`, else the raw score s.
void scoreGates(const Matrix &scores, bool renormalize, RoutingDecision &decision);
// dL/ds (T, E) of scoreGates:  raw: dL/ds_j = dg_j;  renormalised: (dg_j - sum_i dg_i g_i) / S.
Matrix scoreGatesGradient(const Matrix &scores, bool renormalize, const RoutingDecision &decision,
                          const std::vector<float> &dGate);

} // namespace moe
