// [3] Noisy top-k gating (Shazeer et al. 2017; docs/moe.md "[3] Noisy top-k"):
//   sigma (T, E) = softplus(x * W_n^T) + 0.01        W_n (E, d) starts at zero, as in the paper
//   H = h + n ∘ sigma, n ~ N(0, 1) in training (H = h in evaluation)
// The chosen k (top-k of H) get g = softmax over their H; for k = 1 the gate is the raw
// P = softmax(H) over all E at the chosen expert, as top-k's is: a softmax over one logit is always
// 1, and the router would learn nothing from the task (only from the balance loss, if any).
// Balance loss, with weight w:
//   Imp_e = sum_t g_te        Load_e = sum_t Phi((h_te - thr_te) / sigma_te)
//   L = w * (CV^2(Imp) + CV^2(Load))
// thr_te is the k-th largest of H_t excluding e itself (tensor2tensor's _prob_in_top_k): the
// (k+1)-th largest when e is among the top k, the k-th largest otherwise. Gradients reach h,
// sigma (so W_n) and, through the thresholds, the noisy logit that sets them.
// Cost: O(T E) per step besides the router's products (each token's top k + 1 and a membership
// mask), never O(T E k), so E = 256 with a large k stays cheap. The load terms Phi(z) are worked
// out once, in the forward pass, and reused by backward.

#include "core/moe/routerlosses.h"
#include "core/moe/routerrule.h"
#include "core/nn/loss.h"

#include <algorithm>
#include <cmath>

namespace moe {

namespace {

constexpr float kMinNoise = 0.01f;

// softplus(z) + 0.01 = log(1 + e^z) + 0.01 for every entry, vectorised (z itself above 20, where
// e^z would lose the 1; the exp's argument kept within a float's range).
Matrix noiseScale(const Matrix &z)
{
    const auto a = z.array();
    return ((a > 20.0f).select(a, a.max(-80.0f).min(20.0f).exp().log1p()) + kMinNoise).matrix();
}

// Phi and phi with the far tails cut: beyond |z| = 10 both are below 1e-22, too little to change
// a load or a gradient, and exp and erfc take their slow paths out there (a trained W_n makes sigma
// small, so |z| in the hundreds is common).
constexpr double kTail = 10.0;
double tailCdf(double z)
{
    return z < -kTail ? 0.0 : z > kTail ? 1.0 : normalCdf(z);
}
double tailPdf(double z)
{
    return std::abs(z) > kTail ? 0.0 : normalPdf(z);
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
    // Load_e and every (t, e) term of it, when the balance loss is on (m_load empty otherwise).
    void computeLoads(const Matrix &logits, int k, double weight);
    // The gate of a chosen pair is the raw P = softmax(H), not a softmax over the chosen H.
    static bool rawGates(int k) { return k == 1; }

    Parameter m_weight;                    // W_n (E, d)
    Matrix m_noiseLogits;                  // x W_n^T (T, E)
    Matrix m_sigma;                        // (T, E)
    Matrix m_noise;                        // n (T, E), zero in evaluation
    Matrix m_noisy;                        // H (T, E)
    Matrix m_probs;                        // P = softmax(H) (T, E)
    std::vector<std::vector<int>> m_order; // per token: its k + 1 (at most E) experts by H
    std::vector<char> m_inTopK;            // (T, E) row-major: 1 when e is among t's top k
    std::vector<double> m_load;            // Load_e (E); empty without a balance loss
    std::vector<LoadTerm> m_loadTerms;     // (T, E) row-major; empty when k = E
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
    m_sigma = noiseScale(m_noiseLogits);
    m_noise = Matrix::Zero(logits.rows(), logits.cols());
    if (context.training && context.rng)
        for (Index i = 0; i < m_noise.size(); ++i)
            m_noise.data()[i] = float(context.rng->normal());
    m_noisy = logits + m_noise.cwiseProduct(m_sigma);
    // Each token's k + 1 best by H, in order (the load thresholds: topKIndices ranks exactly as
    // the selection does), and which experts are in its top k.
    const Index T = logits.rows(), E = logits.cols();
    const int k = pass.config.effectiveTopK();
    const int ranked = int(std::min<Index>(k + 1, E));
    m_order.resize(std::size_t(T));
    m_inTopK.assign(std::size_t(T * E), 0);
    for (Index t = 0; t < T; ++t) {
        auto &order = m_order[std::size_t(t)];
        topKIndices(m_noisy.row(t), ranked, order);
        for (int r = 0; r < std::min(k, ranked); ++r)
            m_inTopK[std::size_t(t * E + order[std::size_t(r)])] = 1;
    }
    m_probs = softmaxRows(m_noisy);
    decision.probs = m_probs;
    computeLoads(logits, k, pass.config.balanceLoss);
}

void NoisyTopKRule::computeLoads(const Matrix &logits, int k, double weight)
{
    m_load.clear();
    m_loadTerms.clear();
    if (weight == 0.0)
        return;
    const Index T = logits.rows(), E = logits.cols();
    if (k >= E) { // every expert always chosen
        m_load.assign(std::size_t(E), double(T));
        return;
    }
    m_load.assign(std::size_t(E), 0.0);
    m_loadTerms.resize(std::size_t(T * E));
    for (Index t = 0; t < T; ++t)
        for (int e = 0; e < int(E); ++e) {
            const LoadTerm term = loadTerm(logits, t, e, k);
            m_loadTerms[std::size_t(t * E + e)] = term;
            m_load[std::size_t(e)] += tailCdf(term.z);
        }
}

void NoisyTopKRule::gate(const RouterPass &, RoutingDecision &decision) const
{
    const int k = decision.topK;
    auto &as = decision.assignments;
    if (rawGates(k)) {
        for (Assignment &a : as)
            a.gate = m_probs(a.token, a.expert);
        return;
    }
    // softmax over the k chosen noisy logits
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
    const bool inTopK = m_inTopK[std::size_t(t * logits.cols() + e)] != 0;
    // k-th largest excluding e: index k of the order if e is inside the top k, else index k - 1
    const int thresholdExpert = order[std::size_t(inTopK ? k : k - 1)];
    const double threshold = m_noisy(t, thresholdExpert);
    return {(double(logits(t, e)) - threshold) / double(m_sigma(t, e)), thresholdExpert};
}

double NoisyTopKRule::balanceLoss(const RouterPass &pass, const RoutingDecision &decision) const
{
    const double weight = pass.config.balanceLoss;
    if (weight == 0.0)
        return 0.0;
    std::vector<double> importance(std::size_t(decision.experts), 0.0);
    for (const Assignment &a : decision.assignments)
        importance[std::size_t(a.expert)] += a.gate;
    return weight * (cvSquared(importance, nullptr, 0.0) + cvSquared(m_load, nullptr, 0.0));
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
        if (k < E && m_loadTerms.size() == std::size_t(T * E)) { // (the forward's own terms)
            std::vector<double> dLoad(std::size_t(E), 0.0);
            cvSquared(m_load, &dLoad, weight);
            for (Index t = 0; t < T; ++t)
                for (int e = 0; e < int(E); ++e) {
                    // Load_e += Phi(z), z = (h - thr) / sigma
                    const LoadTerm &term = m_loadTerms[std::size_t(t * E + e)];
                    const double c = tailPdf(term.z) * dLoad[std::size_t(e)];
                    if (c == 0.0)
                        continue;
                    const double sigma = m_sigma(t, e);
                    dLogits(t, e) += float(c / sigma);
                    dSigma(t, e) += float(-c * term.z / sigma);
                    dNoisy(t, term.thresholdExpert) += float(-c / sigma);
                }
        }
    }
    if (rawGates(k)) { // g = P_te, P = softmax(H) over all E
        Matrix dProbs = Matrix::Zero(T, E);
        for (std::size_t i = 0; i < as.size(); ++i)
            dProbs(as[i].token, as[i].expert) += float(dg[i]);
        dNoisy += softmaxBackward(m_probs, dProbs);
    }
    // g = softmax over the chosen H:  dH_j = g_j (dg_j - sum_i g_i dg_i)
    for (std::size_t first = 0; !rawGates(k) && first < as.size(); first += std::size_t(k)) {
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
    const Matrix dNoiseLogits = dSigma.cwiseProduct(logisticOf(m_noiseLogits)); // d softplus / dz
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
