#include "core/moe/noisyrouting.h"

#include "core/moe/routerlosses.h"

#include <cmath>
#include <limits>

namespace moe {

namespace {
constexpr float kMinNoise = 0.01f;

float softplus(float z)
{
    return z > 20.0f ? z : std::log1p(std::exp(z));
}
float sigmoid(float z)
{
    return 1.0f / (1.0f + std::exp(-z));
}
} // namespace

NoisyRouting::NoisyRouting(const std::string &name, int width, int experts, bool enabled)
    : m_enabled(enabled)
{
    m_weight.name = name + ".weight";
    m_weight.value = Matrix::Zero(enabled ? experts : 0, enabled ? width : 0);
    m_weight.zeroGrad();
}

void NoisyRouting::forward(const Matrix &x, const Matrix &logits, const ForwardContext &context)
{
    m_noiseLogits.noalias() = x * m_weight.value.transpose();
    m_sigma = m_noiseLogits.unaryExpr([](float z) { return softplus(z) + kMinNoise; });
    m_noise = Matrix::Zero(logits.rows(), logits.cols());
    if (context.training && context.rng)
        for (Index i = 0; i < m_noise.size(); ++i)
            m_noise.data()[i] = float(context.rng->normal());
    m_noisy = logits + m_noise.cwiseProduct(m_sigma);
    // Keep each token's ranking: top-k selection and the load thresholds both come from it.
    m_order.resize(std::size_t(logits.rows()));
    for (Index t = 0; t < logits.rows(); ++t)
        topKIndices(m_noisy.row(t), int(logits.cols()), m_order[std::size_t(t)]);
}

NoisyRouting::LoadTerm NoisyRouting::loadTerm(const Matrix &logits, Index t, int e, int k) const
{
    const auto &order = m_order[std::size_t(t)];
    bool inTopK = false;
    for (int r = 0; r < k; ++r)
        inTopK = inTopK || order[std::size_t(r)] == e;
    // k-th largest excluding e: index k of the order if e is inside the top k, else index k - 1
    const int thresholdExpert = order[std::size_t(inTopK ? k : k - 1)];
    const double threshold = m_noisy(t, thresholdExpert);
    return {(double(logits(t, e)) - threshold) / double(m_sigma(t, e)), thresholdExpert};
}

std::vector<double> NoisyRouting::loads(const Matrix &logits, int k) const
{
    std::vector<double> load(std::size_t(logits.cols()), 0.0);
    for (Index t = 0; t < logits.rows(); ++t)
        for (int e = 0; e < int(logits.cols()); ++e)
            load[std::size_t(e)]
                += k < logits.cols() ? normalCdf(loadTerm(logits, t, e, k).z) : 1.0;
    return load;
}

double NoisyRouting::balanceLoss(const Matrix &logits, const RoutingDecision &decision,
                                 double weight) const
{
    if (weight == 0.0)
        return 0.0;
    std::vector<double> importance(std::size_t(decision.experts), 0.0);
    for (const Assignment &a : decision.assignments)
        importance[std::size_t(a.expert)] += a.gate;
    return weight
        * (cvSquared(importance, nullptr, 0.0)
           + cvSquared(loads(logits, decision.topK), nullptr, 0.0));
}

void NoisyRouting::backward(const Matrix &x, const Matrix &logits, const RoutingDecision &decision,
                            const std::vector<float> &dGate, double weight, Matrix &dLogits,
                            Matrix &dx)
{
    const int k = decision.topK;
    const Index T = logits.rows(), E = logits.cols();
    const auto &as = decision.assignments;
    std::vector<double> dg(dGate.begin(), dGate.end());
    Matrix dNoisy = Matrix::Zero(T, E), dSigma = Matrix::Zero(T, E);
    if (weight != 0.0) {
        std::vector<double> importance(std::size_t(E), 0.0), dImportance(std::size_t(E), 0.0);
        for (const Assignment &a : as)
            importance[std::size_t(a.expert)] += a.gate;
        cvSquared(importance, &dImportance, weight);
        for (std::size_t i = 0; i < as.size(); ++i)
            dg[i] += dImportance[std::size_t(as[i].expert)];
        if (k < E) {
            std::vector<double> dLoad(std::size_t(E), 0.0);
            cvSquared(loads(logits, k), &dLoad, weight);
            for (Index t = 0; t < T; ++t)
                for (int e = 0; e < int(E); ++e) {
                    // Load_e += Phi(z), z = (h - thr) / sigma
                    const LoadTerm term = loadTerm(logits, t, e, k);
                    const double c = normalPdf(term.z) * dLoad[std::size_t(e)];
                    const double sigma = m_sigma(t, e);
                    dLogits(t, e) += float(c / sigma);
                    dSigma(t, e) += float(-c * term.z / sigma);
                    dNoisy(t, term.thresholdExpert) += float(-c / sigma);
                }
        }
    }
    // g = softmax over the chosen H:  dH_j = g_j (dg_j - sum_i g_i dg_i)
    for (std::size_t first = 0; first < as.size(); first += std::size_t(k)) {
        double dot = 0.0;
        for (int r = 0; r < k; ++r)
            dot += as[first + std::size_t(r)].gate * dg[first + std::size_t(r)];
        for (int r = 0; r < k; ++r) {
            const Assignment &a = as[first + std::size_t(r)];
            dNoisy(a.token, a.expert) += float(a.gate * (dg[first + std::size_t(r)] - dot));
        }
    }
    // H = h + n ∘ sigma;  sigma = softplus(x W_n^T) + 0.01
    dLogits += dNoisy;
    dSigma += dNoisy.cwiseProduct(m_noise);
    const Matrix dNoiseLogits
        = dSigma.cwiseProduct(m_noiseLogits.unaryExpr([](float z) { return sigmoid(z); }));
    m_weight.grad.noalias() += dNoiseLogits.transpose() * x;
    dx.noalias() += dNoiseLogits * m_weight.value;
}

} // namespace moe
