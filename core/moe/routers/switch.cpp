// [2] Switch top-1 (Fedus et al. 2021; docs/moe.md "[2] Switch top-1"):
//   p = softmax(h); the single largest p; g = that raw p (never renormalised).
//   In training the router input may be jittered: x' = x ∘ U(1 - eps, 1 + eps) (the Router draws
//   it; the experts see the clean x). Balance: alpha * E * sum_e f_e P_e ([5]).

#include "core/moe/routerlosses.h"
#include "core/moe/routerrule.h"
#include "core/nn/loss.h"

namespace moe {

namespace {

class SwitchRule final : public SoftmaxRule
{
public:
    bool jittersInput() const override { return true; }

    void select(const RouterPass &, RoutingDecision &decision) const override
    {
        selectTopK(m_probs, 1, decision);
    }
    void gate(const RouterPass &, RoutingDecision &decision) const override
    {
        scoreGates(m_probs, false, decision);
    }
    double balanceLoss(const RouterPass &pass, const RoutingDecision &decision) const override
    {
        return switchBalanceLoss(m_probs, decision.routed, decision.topK, pass.config.balanceLoss,
                                 nullptr);
    }
    Matrix backward(const RouterPass &pass, const RoutingDecision &decision,
                    const std::vector<float> &dGate, Matrix &) override
    {
        Matrix dp = scoreGatesGradient(m_probs, false, decision, dGate); // dL/dp = dL/dg
        switchBalanceLoss(m_probs, decision.routed, decision.topK, pass.config.balanceLoss, &dp);
        return softmaxBackward(m_probs, dp);
    }
};

} // namespace

std::unique_ptr<RouterRule> makeSwitchRule(const std::string &, int, int)
{
    return std::make_unique<SwitchRule>();
}

} // namespace moe
