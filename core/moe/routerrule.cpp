#include "core/moe/routerrule.h"

#include "core/base/error.h"

#include <algorithm>
#include <cmath>

namespace moe {

std::unique_ptr<RouterRule> makeRouterRule(RouterKind kind, const std::string &name, int width,
                                           int experts)
{
    for (const RouterRuleEntry &entry : routerRules())
        if (entry.kind == kind)
            return entry.make(name, width, experts);
    throw ConfigError("router kind " + std::to_string(int(kind))
                      + " has no rule in core/moe/routers/table.cpp");
}

float logistic(float z)
{
    // Saturated beyond |z| = 80 (1.8e-35 from 0 or 1 there): exp(80) still fits a float, while
    // exp of a larger argument overflows through libm's slow error path, which a saturated
    // router (aux-free at E = 256: every logit far from 0) hit for most of its T x E scores.
    return 1.0f / (1.0f + std::exp(-std::clamp(z, -80.0f, 80.0f)));
}

Matrix logisticOf(const Matrix &z)
{
    return (1.0f + (-z.array().max(-80.0f).min(80.0f)).exp()).inverse().matrix();
}

Matrix softmaxBackward(const Matrix &p, const Matrix &dp)
{
    const Eigen::VectorXf inner = dp.cwiseProduct(p).rowwise().sum();
    return p.cwiseProduct(dp - inner.replicate(1, p.cols()));
}

void selectTopK(const Matrix &selectionScores, int k, RoutingDecision &decision)
{
    decision.topK = k;
    decision.assignments.reserve(std::size_t(decision.tokens) * std::size_t(k));
    std::vector<int> chosen;
    for (Index t = 0; t < decision.tokens; ++t) {
        topKIndices(selectionScores.row(t), k, chosen);
        for (int r = 0; r < k; ++r)
            decision.assignments.push_back({t, chosen[std::size_t(r)], r, 0.0f, true, -1});
    }
}

void scoreGates(const Matrix &scores, bool renormalize, RoutingDecision &decision)
{
    const int k = decision.topK;
    auto &as = decision.assignments;
    for (std::size_t first = 0; first < as.size(); first += std::size_t(k)) {
        const Index t = as[first].token;
        float sum = 0.0f;
        for (int r = 0; r < k; ++r)
            sum += scores(t, as[first + std::size_t(r)].expert);
        for (int r = 0; r < k; ++r) {
            const float score = scores(t, as[first + std::size_t(r)].expert);
            as[first + std::size_t(r)].gate = renormalize ? score / sum : score;
        }
    }
}

Matrix scoreGatesGradient(const Matrix &scores, bool renormalize, const RoutingDecision &decision,
                          const std::vector<float> &dGate)
{
    Matrix dScores = Matrix::Zero(decision.tokens, decision.experts);
    const auto &as = decision.assignments;
    const int k = decision.topK;
    for (std::size_t first = 0; first < as.size(); first += std::size_t(k)) {
        const Index t = as[first].token;
        if (!renormalize) {
            for (int r = 0; r < k; ++r)
                dScores(t, as[first + std::size_t(r)].expert) += dGate[first + std::size_t(r)];
            continue;
        }
        // g_j = s_j / S over the chosen set:  dL/ds_j = (dg_j - sum_i dg_i g_i) / S
        float sum = 0.0f, dot = 0.0f;
        for (int r = 0; r < k; ++r) {
            sum += scores(t, as[first + std::size_t(r)].expert);
            dot += dGate[first + std::size_t(r)] * as[first + std::size_t(r)].gate;
        }
        for (int r = 0; r < k; ++r)
            dScores(t, as[first + std::size_t(r)].expert)
                += (dGate[first + std::size_t(r)] - dot) / sum;
    }
    return dScores;
}

} // namespace moe
