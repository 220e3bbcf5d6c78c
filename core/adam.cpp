#include "adam.h"

#include <cmath>

namespace moe {

Adam::Adam(const OptimizerConfig &config)
    : Optimizer(config)
{ }

void Adam::reset()
{
    m_first.clear();
    m_second.clear();
    m_steps = 0;
}

void Adam::step(const std::vector<Parameter *> &parameters)
{
    if (m_first.size() != parameters.size()) {
        reset();
        for (const Parameter *p : parameters) {
            m_first.push_back(Matrix::Zero(p->value.rows(), p->value.cols()));
            m_second.push_back(Matrix::Zero(p->value.rows(), p->value.cols()));
        }
    }
    ++m_steps;
    const float b1 = m_config.beta1, b2 = m_config.beta2;
    const auto t = static_cast<double>(m_steps);
    const float correction1 = static_cast<float>(1.0 - std::pow(double(b1), t));
    const float correction2 = static_cast<float>(1.0 - std::pow(double(b2), t));
    const float lr = m_config.learningRate, eps = m_config.epsilon;
    for (std::size_t i = 0; i < parameters.size(); ++i) {
        Parameter &p = *parameters[i];
        m_first[i] = b1 * m_first[i] + (1.0f - b1) * p.grad;
        m_second[i] = b2 * m_second[i] + (1.0f - b2) * p.grad.cwiseProduct(p.grad);
        const auto mHat = m_first[i].array() / correction1;
        const auto vHat = m_second[i].array() / correction2;
        if (p.decay && m_config.weightDecay > 0.0f)
            p.value -= (lr * m_config.weightDecay) * p.value;
        p.value.array() -= lr * mHat / (vHat.sqrt() + eps);
    }
}

} // namespace moe
