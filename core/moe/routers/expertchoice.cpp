// [7] Expert choice (Zhou et al. 2022; docs/moe.md "[7] Expert choice"):
//   p = softmax(h); each expert takes the C tokens with the largest p[:, e],
//   C = ceil(cf * T / E) (at most T; T without a capacity factor); g = p_te, not renormalised.
// Every expert is exactly full, so there is no balance loss; a token may get 0..E experts.

#include "core/moe/capacity.h"
#include "core/moe/routerrule.h"
#include "core/nn/loss.h"

namespace moe {

namespace {

class ExpertChoiceRule final : public SoftmaxRule
{
public:
    void select(const RouterPass &pass, RoutingDecision &decision) const override;
    void gate(const RouterPass &, RoutingDecision &decision) const override
    {
        for (Assignment &a : decision.assignments)
            a.gate = m_probs(a.token, a.expert);
    }
    double balanceLoss(const RouterPass &, const RoutingDecision &) const override { return 0.0; }
    Matrix backward(const RouterPass &, const RoutingDecision &decision,
                    const std::vector<float> &dGate, Matrix &) override
    {
        Matrix dp = Matrix::Zero(decision.tokens, decision.experts); // g = p_te
        const auto &as = decision.assignments;
        for (std::size_t i = 0; i < as.size(); ++i)
            dp(as[i].token, as[i].expert) += dGate[i];
        return softmaxBackward(m_probs, dp);
    }
};

void ExpertChoiceRule::select(const RouterPass &pass, RoutingDecision &decision) const
{
    decision.expertChoice = true;
    decision.topK = 0;
    decision.capacity
        = expertChoiceCapacity(pass.config.capacityFactor, decision.tokens, decision.experts);
    decision.routed.assign(std::size_t(decision.experts), decision.capacity);
    std::vector<int> picked;
    for (int e = 0; e < decision.experts; ++e) {
        // the expert's column, as a row, ranked over tokens
        const RowVector column = m_probs.col(e).transpose();
        topKIndices(column, int(decision.capacity), picked);
        for (std::size_t c = 0; c < picked.size(); ++c)
            decision.assignments.push_back({Index(picked[c]), e, int(c), 0.0f, true, -1});
    }
    fillBuckets(decision);
}

} // namespace

std::unique_ptr<RouterRule> makeExpertChoiceRule(const std::string &, int, int)
{
    return std::make_unique<ExpertChoiceRule>();
}

} // namespace moe
