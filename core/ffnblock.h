#pragma once

// Dense residual feed-forward block, every weight used by every sample:
//   pre (T, h) = x (T, d) * W1^T + b1      hidden = act(pre)
//   y   (T, d) = x + hidden * W2^T + b2
// Backward: dHidden = dy * W2; dPre = dHidden ∘ act'(pre); dx = dy + dPre * W1.

#include "activation.h"
#include "block.h"
#include "linear.h"

namespace moe {

class FfnBlock : public Block
{
public:
    FfnBlock(const std::string &name, int width, int hidden, Activation activation, Rng &rng);

    std::string kind() const override { return "ffn"; }
    int width() const override { return m_up.inputs(); }
    int hidden() const { return m_up.outputs(); }
    void forward(const Matrix &x, Matrix &y, const ForwardContext &context) override;
    void backward(const Matrix &x, const Matrix &dy, Matrix &dx) override;
    std::vector<Parameter *> parameters() override;
    BlockCost cost() const override;
    std::string describe() const override;

private:
    Linear m_up;   // W1 (h, d)
    Linear m_down; // W2 (d, h)
    Activation m_activation;
    Matrix m_pre, m_hidden;         // forward cache (T, h)
    Matrix m_dHidden, m_dPre, m_dx; // backward scratch
};

} // namespace moe
