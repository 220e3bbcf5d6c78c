// [1] Softmax top-k (Mixtral, Megatron's default; docs/moe.md "[1] Softmax top-k"):
//   p = softmax(h); the k largest p; g = p_sel / sum p_sel, or the raw p when renormalisation is
//   off or k = 1 (a renormalised single gate is always 1 and would give the router no gradient).
// Balance: alpha * E * sum_e f_e P_e ([5]).

#include "core/moe/routerlosses.h"
#include "core/moe/routerrule.h"
#include "core/nn/loss.h"

namespace moe {

namespace {

class TopKRule final : public SoftmaxRule
{
public:
    void select(const RouterPass &pass, RoutingDecision &decision) const override
    {
        selectTopK(m_probs, pass.config.effectiveTopK(), decision);
    }
    void gate(const RouterPass &pass, RoutingDecision &decision) const override
    {
        scoreGates(m_probs, renormalize(pass, decision), decision);
    }
    double balanceLoss(const RouterPass &pass, const RoutingDecision &decision) const override
    {
        return switchBalanceLoss(m_probs, decision.routed, decision.topK, pass.config.balanceLoss,
                                 nullptr);
    }
    Matrix backward(const RouterPass &pass, const RoutingDecision &decision,
                    const std::vector<float> &dGate, Matrix &) override
    {
        Matrix dp = scoreGatesGradient(m_probs, renormalize(pass, decision), decision, dGate);
        switchBalanceLoss(m_probs, decision.routed, decision.topK, pass.config.balanceLoss, &dp);
        return softmaxBackward(m_probs, dp);
    }

private:
    static bool renormalize(const RouterPass &pass, const RoutingDecision &decision)
    {
        return pass.config.renormalize && decision.topK > 1;
    }
};

} // namespace

std::unique_ptr<RouterRule> makeTopKRule(const std::string &, int, int)
{
    return std::make_unique<TopKRule>();
}

} // namespace moe
