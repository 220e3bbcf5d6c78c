#include "core/train/sgd.h"

namespace moe {

Sgd::Sgd(const OptimizerConfig &config)
    : Optimizer(config)
{ }

void Sgd::step(const std::vector<Parameter *> &parameters)
{
    const bool useMomentum = m_config.kind == OptimizerKind::Momentum;
    if (useMomentum && m_velocity.size() != parameters.size()) {
        m_velocity.clear();
        for (const Parameter *p : parameters)
            m_velocity.push_back(Matrix::Zero(p->value.rows(), p->value.cols()));
    }
    const float lr = m_config.learningRate;
    for (std::size_t i = 0; i < parameters.size(); ++i) {
        Parameter &p = *parameters[i];
        const float decay = p.decay ? m_config.weightDecay : 0.0f;
        if (useMomentum) {
            Matrix &v = m_velocity[i];
            v = m_config.momentum * v + p.grad + decay * p.value;
            p.value -= lr * v;
        } else {
            p.value -= lr * (p.grad + decay * p.value);
        }
        if (m_clearsGradients)
            p.grad.setZero();
    }
}

} // namespace moe
