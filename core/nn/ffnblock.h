#pragma once

// Dense residual feed-forward block, every weight used by every sample:
//   y (T, d) = x + Ffn(x) = x + W2 act(W1 x + b1) + b2
// Backward: dx = dy (the residual path) + dFfn/dx^T dy.

#include "core/nn/block.h"
#include "core/nn/ffn.h"

namespace moe {

class FfnBlock : public Block
{
public:
    FfnBlock(const std::string &name, int width, int hidden, Activation activation, Rng &rng);

    std::string kind() const override { return "ffn"; }
    int width() const override { return m_ffn.width(); }
    int hidden() const { return m_ffn.hidden(); }
    const Ffn &ffn() const { return m_ffn; }
    void forward(const Matrix &x, Matrix &y, const ForwardContext &context) override;
    void backward(const Matrix &x, const Matrix &dy, Matrix &dx) override;
    std::vector<Parameter *> parameters() override { return m_ffn.parameters(); }
    BlockCost cost() const override;
    std::string describe() const override { return "FFN " + m_ffn.describe(); }

private:
    Ffn m_ffn;
    Matrix m_dx; // backward scratch (T, d)
};

} // namespace moe
