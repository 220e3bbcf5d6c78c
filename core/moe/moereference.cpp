// The plain reference path of MoeBlock: one token, one expert at a time, no buckets, no threads.
// Tests assert that it agrees with the batched, parallel path on outputs, losses and gradients.

#include "core/moe/moeblock.h"

namespace moe {

void MoeBlock::forwardReference(const Matrix &x, Matrix &y, const ForwardContext &context)
{
    m_router.route(x, context, m_decision);
    startFromResidual(x, y);
    Matrix row, out;
    for (Index t = 0; t < x.rows(); ++t) {
        row = x.row(t);
        for (Ffn &shared : m_shared) {
            shared.forward(row, out);
            y.row(t) += out.row(0);
        }
    }
    for (const Assignment &a : m_decision.assignments) {
        if (!a.kept)
            continue;
        row = x.row(a.token);
        m_experts[std::size_t(a.expert)].forward(row, out);
        y.row(a.token) += a.gate * out.row(0);
    }
    if (context.training)
        trackUsage();
}

void MoeBlock::backwardReference(const Matrix &x, const Matrix &dy, Matrix &dx)
{
    const auto &as = m_decision.assignments;
    m_dGate.assign(as.size(), 0.0f);
    startFromResidual(dy, dx);
    Matrix row, out, dOut, dRow;
    for (Index t = 0; t < x.rows(); ++t) {
        row = x.row(t);
        dOut = dy.row(t);
        for (Ffn &shared : m_shared) {
            shared.forward(row, out); // recompute: the expert caches hold one row at a time
            shared.backward(row, dOut, &dRow);
            dx.row(t) += dRow.row(0);
        }
    }
    for (std::size_t i = 0; i < as.size(); ++i) {
        const Assignment &a = as[i];
        if (!a.kept)
            continue;
        Ffn &expert = m_experts[std::size_t(a.expert)];
        row = x.row(a.token);
        expert.forward(row, out);
        m_dGate[i] = dy.row(a.token).dot(out.row(0));
        dOut = a.gate * dy.row(a.token);
        expert.backward(row, dOut, &dRow);
        dx.row(a.token) += dRow.row(0);
    }
    m_router.backward(x, m_decision, m_dGate, dx);
}

} // namespace moe
