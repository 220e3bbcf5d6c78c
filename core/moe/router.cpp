#include "core/moe/router.h"

#include "core/base/error.h"
#include "core/moe/capacity.h"
#include "core/moe/routerlosses.h"
#include "core/nn/loss.h"

#include <cmath>

namespace moe {

namespace {
constexpr double kRouterInitScale = 0.1; // MOE_SPEC: a small router init kept training stable

float sigmoid(float z)
{
    return 1.0f / (1.0f + std::exp(-z));
}

// dL/dz of z -> softmax rows, given dL/dp:  dz = p ∘ (dp - rowsum(dp ∘ p))
Matrix softmaxBackward(const Matrix &p, const Matrix &dp)
{
    const Eigen::VectorXf inner = dp.cwiseProduct(p).rowwise().sum();
    return p.cwiseProduct(dp - inner.replicate(1, p.cols()));
}
} // namespace

Router::Router(const std::string &name, int width, const MoeConfig &config, Rng &rng)
    : m_config((config.validate(), config))
    , m_noisy(name + ".noise", width, config.experts, config.router == RouterKind::NoisyTopK)
{
    m_weight.name = name + ".weight";
    const double stddev = kRouterInitScale * std::sqrt(2.0 / double(width + config.experts));
    m_weight.value.resize(config.experts, width);
    for (Index i = 0; i < m_weight.value.size(); ++i)
        m_weight.value.data()[i] = float(stddev * rng.normal());
    m_weight.zeroGrad();
    m_bias = RowVector::Zero(config.experts);
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
    const bool jitter = m_config.router == RouterKind::Switch && context.training
        && m_config.jitter > 0.0 && context.rng;
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
    switch (m_config.router) {
    case RouterKind::TopK:
    case RouterKind::Switch:
        m_scores = softmaxRows(m_logits);
        decision.probs = m_scores;
        selectTokenChoice(m_scores, decision);
        break;
    case RouterKind::AuxFree:
        m_scores = m_logits.unaryExpr([](float z) { return sigmoid(z); });
        decision.probs = m_scores;
        selectTokenChoice(m_scores.rowwise() + m_bias, decision);
        break;
    case RouterKind::NoisyTopK:
        m_noisy.forward(x, m_logits, context);
        decision.probs = softmaxRows(m_noisy.noisyLogits());
        selectTokenChoice(m_noisy.noisyLogits(), decision);
        break;
    case RouterKind::ExpertChoice:
        m_scores = softmaxRows(m_logits);
        decision.probs = m_scores;
        selectExpertChoice(decision);
        break;
    }
    if (!decision.expertChoice) {
        gatesFromScores(decision);
        // Capacity limits the training batch (the routing group). Evaluation is dropless, so a
        // sample's prediction never depends on its batch-mates (Switch raises cf at eval alike).
        applyCapacity(decision, context.training ? m_config.capacityFactor : std::nullopt,
                      m_config.dropPolicy, context.training ? context.rng : nullptr);
    }

    const double alpha = m_config.balanceLoss;
    switch (m_config.router) {
    case RouterKind::TopK:
    case RouterKind::Switch:
        decision.balanceLoss
            = switchBalanceLoss(m_scores, decision.routed, decision.topK, alpha, nullptr);
        break;
    case RouterKind::AuxFree: {
        const Matrix q = m_scores.array().colwise() / m_scores.rowwise().sum().array();
        decision.balanceLoss = switchBalanceLoss(q, decision.routed, decision.topK, alpha, nullptr);
        break;
    }
    case RouterKind::NoisyTopK:
        decision.balanceLoss = m_noisy.balanceLoss(m_logits, decision, alpha);
        break;
    case RouterKind::ExpertChoice:
        decision.balanceLoss = 0.0; // balanced by construction
        break;
    }
    decision.zLoss = routerZLoss(m_logits, m_config.zLoss, nullptr);
}

void Router::selectTokenChoice(const Matrix &scores, RoutingDecision &decision) const
{
    const int k = m_config.effectiveTopK();
    decision.topK = k;
    decision.assignments.reserve(std::size_t(decision.tokens) * std::size_t(k));
    std::vector<int> chosen;
    for (Index t = 0; t < decision.tokens; ++t) {
        topKIndices(scores.row(t), k, chosen);
        for (int r = 0; r < k; ++r)
            decision.assignments.push_back({t, chosen[std::size_t(r)], r, 0.0f, true, -1});
    }
}

void Router::gatesFromScores(RoutingDecision &decision) const
{
    const int k = decision.topK;
    auto &as = decision.assignments;
    for (std::size_t first = 0; first < as.size(); first += std::size_t(k)) {
        const Index t = as[first].token;
        if (m_config.router == RouterKind::NoisyTopK) { // softmax over the k chosen noisy logits
            const Matrix &H = m_noisy.noisyLogits();
            float max = H(t, as[first].expert), sum = 0.0f;
            for (int r = 0; r < k; ++r)
                sum += std::exp(H(t, as[first + std::size_t(r)].expert) - max);
            for (int r = 0; r < k; ++r)
                as[first + std::size_t(r)].gate
                    = std::exp(H(t, as[first + std::size_t(r)].expert) - max) / sum;
            continue;
        }
        // topk, switch, aux-free: raw scores, renormalised over the chosen k when asked (k > 1)
        float sum = 0.0f;
        for (int r = 0; r < k; ++r)
            sum += m_scores(t, as[first + std::size_t(r)].expert);
        const bool renormalize
            = m_config.renormalize && k > 1 && m_config.router != RouterKind::Switch;
        for (int r = 0; r < k; ++r) {
            const float score = m_scores(t, as[first + std::size_t(r)].expert);
            as[first + std::size_t(r)].gate = renormalize ? score / sum : score;
        }
    }
}

void Router::selectExpertChoice(RoutingDecision &decision) const
{
    decision.expertChoice = true;
    decision.topK = 0;
    decision.capacity
        = expertChoiceCapacity(m_config.capacityFactor, decision.tokens, decision.experts);
    decision.routed.assign(std::size_t(decision.experts), decision.capacity);
    std::vector<int> picked;
    for (int e = 0; e < decision.experts; ++e) {
        // the expert's column, as a row, ranked over tokens
        const RowVector column = m_scores.col(e).transpose();
        topKIndices(column, int(decision.capacity), picked);
        for (std::size_t c = 0; c < picked.size(); ++c)
            decision.assignments.push_back(
                {Index(picked[c]), e, int(c), m_scores(picked[c], e), true, -1});
    }
    fillBuckets(decision);
}

Matrix Router::scoresGradient(const RoutingDecision &decision,
                              const std::vector<float> &dGate) const
{
    // dL/dscores (T, E) from dL/dg; the noisy router handles its own gates.
    Matrix dScores = Matrix::Zero(decision.tokens, decision.experts);
    const auto &as = decision.assignments;
    if (decision.expertChoice) { // g = p_te
        for (std::size_t i = 0; i < as.size(); ++i)
            dScores(as[i].token, as[i].expert) += dGate[i];
        return dScores;
    }
    const int k = decision.topK;
    const bool renormalize = m_config.renormalize && k > 1 && m_config.router != RouterKind::Switch;
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
            sum += m_scores(t, as[first + std::size_t(r)].expert);
            dot += dGate[first + std::size_t(r)] * as[first + std::size_t(r)].gate;
        }
        for (int r = 0; r < k; ++r)
            dScores(t, as[first + std::size_t(r)].expert)
                += (dGate[first + std::size_t(r)] - dot) / sum;
    }
    return dScores;
}

void Router::backward(const Matrix &x, const RoutingDecision &decision,
                      const std::vector<float> &dGate, Matrix &dx)
{
    const double alpha = m_config.balanceLoss;
    Matrix dLogits;
    switch (m_config.router) {
    case RouterKind::TopK:
    case RouterKind::Switch:
    case RouterKind::ExpertChoice: {
        Matrix dp = scoresGradient(decision, dGate);
        if (!decision.expertChoice)
            switchBalanceLoss(m_scores, decision.routed, decision.topK, alpha, &dp);
        dLogits = softmaxBackward(m_scores, dp);
        break;
    }
    case RouterKind::AuxFree: {
        Matrix ds = scoresGradient(decision, dGate);
        // balance on q = s / sum_j s_j:  dL/ds_i += (dq_i - sum_j dq_j q_j) / sum_j s_j
        const Eigen::VectorXf rowSum = m_scores.rowwise().sum();
        const Matrix q = m_scores.array().colwise() / rowSum.array();
        Matrix dq = Matrix::Zero(q.rows(), q.cols());
        switchBalanceLoss(q, decision.routed, decision.topK, alpha, &dq);
        const Eigen::VectorXf inner = dq.cwiseProduct(q).rowwise().sum();
        ds += ((dq - inner.replicate(1, q.cols())).array().colwise() / rowSum.array()).matrix();
        dLogits = ds.cwiseProduct(m_scores.cwiseProduct((1.0f - m_scores.array()).matrix()));
        break;
    }
    case RouterKind::NoisyTopK:
        dLogits = Matrix::Zero(decision.tokens, decision.experts);
        m_noisy.backward(x, m_logits, decision, dGate, alpha, dLogits, dx);
        break;
    }
    routerZLoss(m_logits, m_config.zLoss, &dLogits);

    m_weight.grad.noalias() += dLogits.transpose() * m_input;
    if (m_jitter.size() > 0)
        dx += (dLogits * m_weight.value).cwiseProduct(m_jitter);
    else
        dx.noalias() += dLogits * m_weight.value;
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
    if (m_config.router != RouterKind::AuxFree || load.empty())
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
    if (m_noisy.enabled())
        all.push_back(&m_noisy.weight());
    return all;
}

Index Router::parameterCount() const
{
    return m_weight.size() * (m_noisy.enabled() ? 2 : 1);
}

double Router::forwardFlopsPerSample() const
{
    return 2.0 * double(m_weight.size()) * (m_noisy.enabled() ? 2 : 1);
}

} // namespace moe
