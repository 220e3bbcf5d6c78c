#pragma once

// Adam with bias correction and decoupled weight decay (AdamW, Loshchilov & Hutter):
//   m = b1 m + (1 - b1) g        v = b2 v + (1 - b2) g^2
//   w -= lr * ( m / (1 - b1^t) / (sqrt(v / (1 - b2^t)) + eps) + wd * w )

#include "core/train/optimizer.h"

namespace moe {

class Adam : public Optimizer
{
public:
    explicit Adam(const OptimizerConfig &config);
    void step(const std::vector<Parameter *> &parameters) override;
    void reset() override;

private:
    std::vector<Matrix> m_first, m_second;
    long long m_steps = 0;
};

} // namespace moe
