// [3] Noisy top-k gating (Shazeer et al. 2017; docs/moe.md "[3] Noisy top-k"):
//   sigma (T, E) = softplus(x * W_n^T) + 0.01        W_n (E, d) starts at zero, as in the paper
//   H = h + n ∘ sigma, n ~ N(0, 1) in training (H = h in evaluation)
// The chosen k (top-k of H) get g = softmax over their H. Balance loss, with weight w:
//   Imp_e = sum_t g_te        Load_e = sum_t Phi((h_te - thr_te) / sigma_te)
//   L = w * (CV^2(Imp) + CV^2(Load))
// thr_te is the k-th largest of H_t excluding e itself (tensor2tensor's _prob_in_top_k): the
// (k+1)-th largest when e is among the top k, the k-th largest otherwise. Gradients reach h,
// sigma (so W_n) and, through the thresholds, the noisy logit that sets them.

#include "core/moe/routerlosses.h"
#include "core/moe/routerrule.h"
#include "core/nn/loss.h"

#include <cmath>

namespace moe {

namespace {

constexpr float kMinNoise = 0.01f;

float softplus(float z)
{
    return z > 20.0f ? z : std::log1p(std::exp(z));
}

class NoisyTopKRule final : public RouterRule
{
public:
    NoisyTopKRule(const std::string &name, int width, int experts);

    std::vector<Parameter *> parameters() override { return {&m_weight}; }
    void score(const RouterPass &pass, const ForwardContext &context,
               RoutingDecision &decision) override;
    void select(const RouterPass &pass, RoutingDecision &decision) const override
    {
        selectTopK(m_noisy, pass.config.effectiveTopK(), decision);
    }
    void gate(const RouterPass &pass, RoutingDecision &decision) const override;
    double balanceLoss(const RouterPass &pass, const RoutingDecision &decision) const override;
    Matrix backward(const RouterPass &pass, const RoutingDecision &decision,
                    const std::vector<float> &dGate, Matrix &dx) override;

private:
    // Phi's argument for (t, e) and the expert whose noisy logit is the threshold.
    struct LoadTerm
    {
        double z;
        int thresholdExpert;
    };
    LoadTerm loadTerm(const Matrix &logits, Index t, int e, int k) const;
    std::vector<double> loads(const Matrix &logits, int k) const;

    Parameter m_weight;                    // W_n (E, d)
    Matrix m_noiseLogits;                  // x W_n^T (T, E)
    Matrix m_sigma;                        // (T, E)
    Matrix m_noise;                        // n (T, E), zero in evaluation
    Matrix m_noisy;                        // H (T, E)
    std::vector<std::vector<int>> m_order; // per token: every expert by H, largest first
};

NoisyTopKRule::NoisyTopKRule(const std::string &name, int width, int experts)
{
    m_weight.name = name + ".noise.weight";
    m_weight.value = Matrix::Zero(experts, width);
    m_weight.zeroGrad();
}

void NoisyTopKRule::score(const RouterPass &pass, const ForwardContext &context,
                          RoutingDecision &decision)
{
    const Matrix &logits = pass.logits;
    m_noiseLogits.noalias() = pass.x * m_weight.value.transpose();
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
    decision.probs = softmaxRows(m_noisy);
}

void NoisyTopKRule::gate(const RouterPass &, RoutingDecision &decision) const
{
    // softmax over the k chosen noisy logits
    const int k = decision.topK;
    auto &as = decision.assignments;
    for (std::size_t first = 0; first < as.size(); first += std::size_t(k)) {
        const Index t = as[first].token;
        float max = m_noisy(t, as[first].expert), sum = 0.0f;
        for (int r = 0; r < k; ++r)
            sum += std::exp(m_noisy(t, as[first + std::size_t(r)].expert) - max);
        for (int r = 0; r < k; ++r)
            as[first + std::size_t(r)].gate
                = std::exp(m_noisy(t, as[first + std::size_t(r)].expert) - max) / sum;
    }
}

NoisyTopKRule::LoadTerm NoisyTopKRule::loadTerm(const Matrix &logits, Index t, int e, int k) const
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

std::vector<double> NoisyTopKRule::loads(const Matrix &logits, int k) const
{
    std::vector<double> load(std::size_t(logits.cols()), 0.0);
    for (Index t = 0; t < logits.rows(); ++t)
        for (int e = 0; e < int(logits.cols()); ++e)
            load[std::size_t(e)]
                += k < logits.cols() ? normalCdf(loadTerm(logits, t, e, k).z) : 1.0;
    return load;
}

double NoisyTopKRule::balanceLoss(const RouterPass &pass, const RoutingDecision &decision) const
{
    const double weight = pass.config.balanceLoss;
    if (weight == 0.0)
        return 0.0;
    std::vector<double> importance(std::size_t(decision.experts), 0.0);
    for (const Assignment &a : decision.assignments)
        importance[std::size_t(a.expert)] += a.gate;
    return weight
        * (cvSquared(importance, nullptr, 0.0)
           + cvSquared(loads(pass.logits, decision.topK), nullptr, 0.0));
}

Matrix NoisyTopKRule::backward(const RouterPass &pass, const RoutingDecision &decision,
                               const std::vector<float> &dGate, Matrix &dx)
{
    const double weight = pass.config.balanceLoss;
    const Matrix &logits = pass.logits;
    const int k = decision.topK;
    const Index T = logits.rows(), E = logits.cols();
    const auto &as = decision.assignments;
    std::vector<double> dg(dGate.begin(), dGate.end());
    Matrix dLogits = Matrix::Zero(T, E);
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
        = dSigma.cwiseProduct(m_noiseLogits.unaryExpr([](float z) { return logistic(z); }));
    m_weight.grad.noalias() += dNoiseLogits.transpose() * pass.x;
    dx.noalias() += dNoiseLogits * m_weight.value;
    return dLogits;
}

} // namespace

std::unique_ptr<RouterRule> makeNoisyTopKRule(const std::string &name, int width, int experts)
{
    return std::make_unique<NoisyTopKRule>(name, width, experts);
}

} // namespace moe
