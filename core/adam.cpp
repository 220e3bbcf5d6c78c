#include "adam.h"

#include "parallel.h"

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
    const float c1 = 1.0f / correction1, c2 = 1.0f / correction2;
    // The optimiser touches every parameter every step, so its cost follows the total parameter
    // count (capacity), not the active compute; three vectorised passes per tensor.
    Index total = 0;
    for (const Parameter *p : parameters)
        total += p->size();
    // Tensors are independent: updating them on several threads gives the same bits.
    forEachItem(Index(parameters.size()), total > kParallelParameters, [&](Index item) {
        const auto i = std::size_t(item);
        Parameter &p = *parameters[i];
        auto m = m_first[i].array(), v = m_second[i].array(), w = p.value.array();
        const auto g = p.grad.array();
        m = b1 * m + (1.0f - b1) * g;
        v = b2 * v + (1.0f - b2) * g.square();
        const float decay = p.decay ? lr * m_config.weightDecay : 0.0f;
        w -= decay * w + lr * (m * c1) / ((v * c2).sqrt() + eps);
    });
}

} // namespace moe
