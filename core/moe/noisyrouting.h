#pragma once

// Noisy top-k gating (Shazeer et al. 2017; MOE_SPEC.md section 3), the part of the router that
// only this kind needs:
//   sigma (T, E) = softplus(x * W_n^T) + 0.01        W_n (E, d) starts at zero, as in the paper
//   H = h + n ∘ sigma, n ~ N(0, 1) in training (H = h in evaluation)
// The chosen k (top-k of H) get g = softmax over their H. Balance loss, with weight w:
//   Imp_e = sum_t g_te        Load_e = sum_t Phi((h_te - thr_te) / sigma_te)
//   L = w * (CV^2(Imp) + CV^2(Load))
// thr_te is the k-th largest of H_t excluding e itself (tensor2tensor's _prob_in_top_k): the
// (k+1)-th largest when e is among the top k, the k-th largest otherwise. Gradients reach h,
// sigma (so W_n) and, through the thresholds, the noisy logit that sets them.

#include "core/moe/routing.h"
#include "core/nn/block.h"

namespace moe {

class NoisyRouting
{
public:
    NoisyRouting(const std::string &name, int width, int experts, bool enabled);

    bool enabled() const { return m_enabled; }
    Parameter &weight() { return m_weight; }

    // Draws the noise (training, with a generator) and forms H from the clean logits h.
    void forward(const Matrix &x, const Matrix &logits, const ForwardContext &context);
    const Matrix &noisyLogits() const { return m_noisy; }
    // w * (CV^2(Imp) + CV^2(Load)) of the decision made on noisyLogits().
    double balanceLoss(const Matrix &logits, const RoutingDecision &decision, double weight) const;
    // Adds dL/dh to dLogits (T, E) from the gates and the balance loss, accumulates dW_n and adds
    // the noise path's dL/dx to dx.
    void backward(const Matrix &x, const Matrix &logits, const RoutingDecision &decision,
                  const std::vector<float> &dGate, double weight, Matrix &dLogits, Matrix &dx);

private:
    // Phi's argument for (t, e) and the expert whose noisy logit is the threshold.
    struct LoadTerm
    {
        double z;
        int thresholdExpert;
    };
    LoadTerm loadTerm(const Matrix &logits, Index t, int e, int k) const;
    std::vector<double> loads(const Matrix &logits, int k) const;

    bool m_enabled;
    Parameter m_weight;                    // W_n (E, d)
    Matrix m_noiseLogits;                  // x W_n^T (T, E)
    Matrix m_sigma;                        // (T, E)
    Matrix m_noise;                        // n (T, E), zero in evaluation
    Matrix m_noisy;                        // H (T, E)
    std::vector<std::vector<int>> m_order; // per token: every expert by H, largest first
};

} // namespace moe
