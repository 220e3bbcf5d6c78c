#include "core/moe/router.h"

#include "core/base/error.h"
#include "core/moe/capacity.h"
#include "core/moe/routerlosses.h"

#include <algorithm>
#include <cmath>

namespace moe {

namespace {
// A small router init (0.1x Xavier) kept real systems' training stable (docs/moe.md, "The block").
constexpr double kRouterInitScale = 0.1;
} // namespace

Router::Router(const std::string &name, int width, const MoeConfig &config, Rng &rng)
    : m_config((config.validate(), config))
    , m_rule(makeRouterRule(config.router, name, width, config.experts))
{
    m_weight.name = name + ".weight";
    const double stddev = kRouterInitScale * std::sqrt(2.0 / double(width + config.experts));
    m_weight.value.resize(config.experts, width);
    for (Index i = 0; i < m_weight.value.size(); ++i)
        m_weight.value.data()[i] = float(stddev * rng.normal());
    m_weight.zeroGrad();
    m_bias = RowVector::Zero(config.experts);
    m_threshold = RowVector::Constant(config.experts, 1.0f / float(config.experts));
}

void Router::setLiveSettings(const MoeConfig &config)
{
    config.validate();
    m_config.capacityFactor = config.capacityFactor;
    m_config.dropPolicy = config.dropPolicy;
    m_config.balanceLoss = config.balanceLoss;
    m_config.zLoss = config.zLoss;
    m_config.jitter = config.jitter;
    m_config.biasUpdateRate = config.biasUpdateRate;
}

void Router::route(const Matrix &x, const ForwardContext &context, RoutingDecision &decision)
{
    const bool jitter
        = m_rule->jittersInput() && context.training && m_config.jitter > 0.0 && context.rng;
    if (jitter) {
        m_jitter.resize(x.rows(), x.cols());
        for (Index i = 0; i < m_jitter.size(); ++i)
            m_jitter.data()[i]
                = float(context.rng->uniform(1.0 - m_config.jitter, 1.0 + m_config.jitter));
        m_input = x.cwiseProduct(m_jitter);
    } else {
        m_jitter.resize(0, 0);
        m_input = x;
    }
    m_logits.noalias() = m_input * m_weight.value.transpose();

    decision.clear(x.rows(), m_config.experts);
    const RouterPass routing = pass(x);
    m_rule->score(routing, context, decision);
    m_rule->select(routing, decision);
    if (decision.expertChoice && context.training)
        followThreshold(decision);
    m_rule->gate(routing, decision);
    if (!decision.expertChoice) {
        // Capacity limits the training batch (the routing group). Evaluation is dropless, so a
        // sample's prediction never depends on its batch-mates (Switch raises cf at eval alike).
        applyCapacity(decision, context.training ? m_config.capacityFactor : std::nullopt,
                      m_config.dropPolicy, context.training ? context.rng : nullptr);
    }
    decision.balanceLoss = m_rule->balanceLoss(routing, decision);
    decision.zLoss = routerZLoss(m_logits, m_config.zLoss, nullptr);
}

void Router::backward(const Matrix &x, const RoutingDecision &decision,
                      const std::vector<float> &dGate, Matrix &dx)
{
    Matrix dLogits = m_rule->backward(pass(x), decision, dGate, dx);
    routerZLoss(m_logits, m_config.zLoss, &dLogits);

    m_weight.grad.noalias() += dLogits.transpose() * m_input;
    if (m_jitter.size() > 0)
        dx += (dLogits * m_weight.value).cwiseProduct(m_jitter);
    else
        dx.noalias() += dLogits * m_weight.value;
}

void Router::followThreshold(const RoutingDecision &decision)
{
    // c_e: the smallest probability among expert e's picks (its C-th token).
    RowVector lowest = RowVector::Constant(decision.experts, 1.0f);
    for (const Assignment &a : decision.assignments)
        lowest[a.expert] = std::min(lowest[a.expert], decision.probs(a.token, a.expert));
    constexpr float kMomentum = 0.1f;
    m_threshold
        = m_thresholdMeasured ? ((1.0f - kMomentum) * m_threshold + kMomentum * lowest) : lowest;
    m_thresholdMeasured = true;
}

void Router::setEvalThreshold(const RowVector &threshold)
{
    if (threshold.size() != m_threshold.size() || !threshold.allFinite())
        throw ConfigError("router evaluation threshold: expected "
                          + std::to_string(m_threshold.size()) + " finite values, got "
                          + std::to_string(threshold.size()));
    m_threshold = threshold;
    m_thresholdMeasured = true;
}

void Router::setSelectionBias(const RowVector &bias)
{
    if (bias.size() != m_bias.size() || !bias.allFinite())
        throw ConfigError("router selection bias: expected " + std::to_string(m_bias.size())
                          + " finite values, got " + std::to_string(bias.size()));
    m_bias = bias;
}

void Router::updateSelectionBias(const std::vector<Index> &load)
{
    if (!m_rule->balancesBySelectionBias() || load.empty())
        return;
    double mean = 0.0;
    for (Index l : load)
        mean += double(l);
    mean /= double(load.size());
    for (Index e = 0; e < m_bias.size(); ++e) {
        const double gap = mean - double(load[std::size_t(e)]);
        m_bias[e] += float(m_config.biasUpdateRate * double((gap > 0) - (gap < 0)));
    }
}

std::vector<Parameter *> Router::parameters()
{
    std::vector<Parameter *> all {&m_weight};
    for (Parameter *p : m_rule->parameters())
        all.push_back(p);
    return all;
}

Index Router::parameterCount() const
{
    Index count = m_weight.size();
    for (const Parameter *p : m_rule->parameters())
        count += p->size();
    return count;
}

double Router::forwardFlopsPerSample() const
{
    // every (E, d) matrix of the router is one product with x: 2 d E each
    return 2.0 * double(parameterCount());
}

} // namespace moe
