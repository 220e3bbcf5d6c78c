#pragma once

// Mixture-of-Experts residual block, a drop-in for FfnBlock:
//   y_t (d) = x_t + sum_s Shared_s(x_t) + sum over t's kept assignments a of g_a *
//   Expert_{e_a}(x_t)
// Fast path: dispatch tokens into per-expert buckets X_e (n_e, d), run every expert's forward and
// backward as batched products, experts in parallel (OpenMP, dynamic schedule), then combine in the
// fixed assignment order, so results are bitwise identical for any thread count.
// Reference path (moereference.cpp): the same maths one token and one expert at a time.
// Backward: dL/dg_a = <dy_t, Expert_e(x_t)>;  dL/dOut_e,slot = g_a dy_t;
//   dx_t = dy_t + sum_s dShared_s + sum_a dExpert_e/dx + router path.

#include "core/moe/router.h"
#include "core/nn/block.h"
#include "core/nn/ffn.h"

#include <chrono>
#include <memory>

namespace moe {

// Wall time a MoE block spent since its last resetTime(), forward and backward together: the
// routing and experts parts of StepTime (core/train/trainingstats.h). Kept in clock ticks, so
// that the trainer's subtraction (rest = the model's span - these) is exact.
struct MoeBlockTime
{
    std::chrono::steady_clock::duration routing {}; // Router::route and Router::backward
    std::chrono::steady_clock::duration experts {}; // dispatch, experts, combine, dL/dg
};

class MoeBlock : public Block
{
public:
    MoeBlock(const std::string &name, int width, const MoeConfig &config, Activation activation,
             Rng &rng);

    std::string kind() const override { return "moe"; }
    int width() const override { return m_width; }
    void forward(const Matrix &x, Matrix &y, const ForwardContext &context) override;
    void backward(const Matrix &x, const Matrix &dy, Matrix &dx) override;
    void forwardReference(const Matrix &x, Matrix &y, const ForwardContext &context);
    void backwardReference(const Matrix &x, const Matrix &dy, Matrix &dx);

    std::vector<Parameter *> parameters() override;
    BlockCost cost() const override;
    double auxiliaryLoss() const override { return m_decision.balanceLoss + m_decision.zLoss; }
    void afterOptimizerStep() override;
    std::string describe() const override;

    const MoeConfig &config() const { return m_router.config(); }
    // Without the residual, y = the gated sum of experts (and shared experts) alone, dx likewise:
    // the text model's blocks add the residual themselves, around a LayerNorm (h += MoE(LN(h))).
    void setResidual(bool residual) { m_residual = residual; }
    bool residual() const { return m_residual; }
    // Every expert's (and shared expert's) products through core/base/gemm.h.
    void setBlasProducts(bool blas)
    {
        for (auto *group : {&m_experts, &m_shared})
            for (Ffn &ffn : *group)
                ffn.setBlasProducts(blas);
    }
    // Loss weights, capacity factor, drop policy: applied from the next forward pass.
    void setLiveSettings(const MoeConfig &config) { m_router.setLiveSettings(config); }
    const RoutingDecision &lastDecision() const { return m_decision; }
    // Outputs of the last forward pass: routed expert e's (its bucket's rows, by slot) and
    // shared expert s's (T, d), before any gate.
    const Matrix &expertOutputs(int e) const { return m_outputs[std::size_t(e)]; }
    const Matrix &sharedOutputs(int s) const { return m_sharedOutputs[std::size_t(s)]; }
    int sharedExperts() const { return int(m_shared.size()); }
    const Router &router() const { return m_router; }
    Router &router() { return m_router; }
    // Training steps since each expert last received a token (routed, before capacity).
    const std::vector<int> &stepsSinceUsed() const { return m_stepsSinceUsed; }
    double expertFlopsPerSample() const { return m_experts.front().forwardFlopsPerSample(); }
    // Routed experts one token uses: k, or for expert choice E * C / T = the capacity factor.
    double activeExpertsPerToken() const;
    // Three clock reads per forward and per backward; timing never changes a result.
    const MoeBlockTime &timeSpent() const { return m_time; }
    void resetTime() { m_time = {}; }

private:
    void trackUsage();
    // out = in (the residual path) or zeros of its shape.
    void startFromResidual(const Matrix &in, Matrix &out) const
    {
        if (m_residual)
            out = in;
        else
            out.setZero(in.rows(), in.cols());
    }
    void orderWork(); // m_workOrder: experts by decreasing rows, for the threads
    bool worthThreads() const;

    int m_width;
    bool m_residual = true;
    Router m_router;
    std::vector<Ffn> m_experts;
    std::vector<Ffn> m_shared;
    RoutingDecision m_decision; // of the last forward pass
    std::vector<Index> m_lastTrainingLoad;
    std::vector<int> m_stepsSinceUsed;
    // Per-expert buffers, reused between steps: inputs, outputs, and their gradients.
    std::vector<Matrix> m_inputs, m_outputs, m_dOutputs, m_dInputs;
    std::vector<Matrix> m_sharedOutputs, m_sharedDx;
    std::vector<float> m_dGate;
    std::vector<Index> m_workOrder; // the order threads pick experts in, largest first
    MoeBlockTime m_time;
};

} // namespace moe
