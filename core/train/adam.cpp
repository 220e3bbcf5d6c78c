#include "core/train/adam.h"

#include "core/base/parallel.h"

#include <algorithm>
#include <cmath>

namespace moe {

namespace {
constexpr Index kChunk = 512; // floats per sweep chunk: 4 arrays x 2 KiB, well inside L1
} // namespace

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
    // count (capacity), not the active compute. Each tensor is swept once, in chunks that stay in
    // L1: m, v, w and g are each read and written once per step (three whole-tensor passes would
    // stream them from memory three times). Per element the arithmetic is the same whatever the
    // chunking, so the result is too.
    Index total = 0;
    for (const Parameter *p : parameters)
        total += p->size();
    const bool clear = m_clearsGradients;
    // Tensors are independent: updating them on several threads gives the same bits.
    forEachItem(Index(parameters.size()), total > kParallelParameters, [&](Index item) {
        const auto i = std::size_t(item);
        Parameter &p = *parameters[i];
        const float decay = p.decay ? lr * m_config.weightDecay : 0.0f;
        float *first = m_first[i].data(), *second = m_second[i].data(), *value = p.value.data();
        float *gradient = p.grad.data();
        const Index n = p.size();
        for (Index begin = 0; begin < n; begin += kChunk) {
            const Index len = std::min(kChunk, n - begin);
            Eigen::Map<Eigen::ArrayXf> m(first + begin, len), v(second + begin, len),
                w(value + begin, len), g(gradient + begin, len);
            m = b1 * m + (1.0f - b1) * g;
            v = b2 * v + (1.0f - b2) * g.square();
            w -= decay * w + lr * (m * c1) / ((v * c2).sqrt() + eps);
            if (clear)
                g.setZero();
        }
    });
}

} // namespace moe
