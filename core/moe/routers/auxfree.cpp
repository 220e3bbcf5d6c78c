// [8] Auxiliary-loss-free balancing (DeepSeek-V3; docs/moe.md "[8] Auxiliary-loss-free balancing"):
//   s = sigmoid(h); the k largest s + b, where the per-expert bias b serves selection only;
//   g = s_sel / sum s_sel (raw s when renormalisation is off or k = 1).
// The Router moves b after each optimiser step: b_e += u * sign(mean load - load_e), no gradient.
// The Switch balance loss still applies when its weight is set, on the normalised scores
// q = s / sum_e s_e, so that P_e is a distribution as it is for softmax routers.

#include "core/moe/routerlosses.h"
#include "core/moe/routerrule.h"

namespace moe {

namespace {

class AuxFreeRule final : public RouterRule
{
public:
    bool balancesBySelectionBias() const override { return true; }

    void score(const RouterPass &pass, const ForwardContext &, RoutingDecision &decision) override
    {
        m_scores = logisticOf(pass.logits);
        decision.probs = m_scores;
    }
    void select(const RouterPass &pass, RoutingDecision &decision) const override
    {
        selectTopK(m_scores.rowwise() + pass.selectionBias, pass.config.effectiveTopK(), decision);
    }
    void gate(const RouterPass &pass, RoutingDecision &decision) const override
    {
        scoreGates(m_scores, renormalize(pass, decision), decision);
    }
    double balanceLoss(const RouterPass &pass, const RoutingDecision &decision) const override
    {
        const Matrix q = m_scores.array().colwise() / m_scores.rowwise().sum().array();
        return switchBalanceLoss(q, decision.routed, decision.topK, pass.config.balanceLoss,
                                 nullptr);
    }
    Matrix backward(const RouterPass &pass, const RoutingDecision &decision,
                    const std::vector<float> &dGate, Matrix &) override
    {
        Matrix ds = scoreGatesGradient(m_scores, renormalize(pass, decision), decision, dGate);
        // balance on q = s / sum_j s_j:  dL/ds_i += (dq_i - sum_j dq_j q_j) / sum_j s_j
        const Eigen::VectorXf rowSum = m_scores.rowwise().sum();
        const Matrix q = m_scores.array().colwise() / rowSum.array();
        Matrix dq = Matrix::Zero(q.rows(), q.cols());
        switchBalanceLoss(q, decision.routed, decision.topK, pass.config.balanceLoss, &dq);
        const Eigen::VectorXf inner = dq.cwiseProduct(q).rowwise().sum();
        ds += ((dq - inner.replicate(1, q.cols())).array().colwise() / rowSum.array()).matrix();
        // ds/dh = s (1 - s)
        return ds.cwiseProduct(m_scores.cwiseProduct((1.0f - m_scores.array()).matrix()));
    }

private:
    static bool renormalize(const RouterPass &pass, const RoutingDecision &decision)
    {
        return pass.config.renormalize && decision.topK > 1;
    }

    Matrix m_scores; // s (T, E)
};

} // namespace

std::unique_ptr<RouterRule> makeAuxFreeRule(const std::string &, int, int)
{
    return std::make_unique<AuxFreeRule>();
}

} // namespace moe
