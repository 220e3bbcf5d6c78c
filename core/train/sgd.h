#pragma once

// Stochastic gradient descent, optionally with heavy-ball momentum (PyTorch's form):
//   g = grad + wd * w          v = mu * v + g          w -= lr * v      (mu = 0: plain SGD)

#include "core/train/optimizer.h"

namespace moe {

class Sgd : public Optimizer
{
public:
    explicit Sgd(const OptimizerConfig &config);
    void step(const std::vector<Parameter *> &parameters) override;
    void reset() override { m_velocity.clear(); }

private:
    std::vector<Matrix> m_velocity;
};

} // namespace moe
