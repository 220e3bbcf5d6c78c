// [7] Expert choice (Zhou et al. 2022; docs/moe.md "[7] Expert choice"):
//   p = softmax(h); each expert takes the C tokens with the largest p[:, e],
//   C = ceil(cf * T / E) (at most T; T without a capacity factor); g = p_te, not renormalised.
// Every expert is exactly full, so there is no balance loss; a token may get 0..E experts.
// At evaluation the group is not used: expert e takes every token with p_te >= tau_e, its running
// threshold from the training batches (Router::evalThreshold), so a sample's routing is its own.

#include "core/moe/capacity.h"
#include "core/moe/routerrule.h"
#include "core/nn/loss.h"

#include <algorithm>

namespace moe {

namespace {

class ExpertChoiceRule final : public SoftmaxRule
{
public:
    void score(const RouterPass &pass, const ForwardContext &context,
               RoutingDecision &decision) override
    {
        m_training = context.training;
        SoftmaxRule::score(pass, context, decision);
    }
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

private:
    void selectByThreshold(const RouterPass &pass, RoutingDecision &decision) const;
    bool m_training = true;
};

void ExpertChoiceRule::select(const RouterPass &pass, RoutingDecision &decision) const
{
    decision.expertChoice = true;
    decision.topK = 0;
    if (!m_training) {
        selectByThreshold(pass, decision);
        return;
    }
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

void ExpertChoiceRule::selectByThreshold(const RouterPass &pass, RoutingDecision &decision) const
{
    // Per expert, its tokens at or above tau_e, most probable first (as the picks of training
    // are ranked). No capacity: C is T, and routed[e] is the number taken.
    decision.capacity = decision.tokens;
    decision.routed.assign(std::size_t(decision.experts), 0);
    std::vector<Index> taken;
    for (int e = 0; e < decision.experts; ++e) {
        taken.clear();
        for (Index t = 0; t < decision.tokens; ++t)
            if (m_probs(t, e) >= pass.evalThreshold[e])
                taken.push_back(t);
        std::stable_sort(taken.begin(), taken.end(),
                         [&](Index a, Index b) { return m_probs(a, e) > m_probs(b, e); });
        for (std::size_t c = 0; c < taken.size(); ++c)
            decision.assignments.push_back({taken[c], e, int(c), 0.0f, true, -1});
        decision.routed[std::size_t(e)] = Index(taken.size());
    }
    fillBuckets(decision);
}

} // namespace

std::unique_ptr<RouterRule> makeExpertChoiceRule(const std::string &, int, int)
{
    return std::make_unique<ExpertChoiceRule>();
}

} // namespace moe
