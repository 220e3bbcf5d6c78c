#pragma once

// A feed-forward network without residual, the unit both dense blocks and experts are made of:
//   pre (T, h) = x (T, d) * W1^T + b1      hidden = act(pre)      out (T, d) = hidden * W2^T + b2
// Backward from dOut (T, d): dHidden = dOut * W2; dPre = dHidden ∘ act'(pre); dx = dPre * W1.

#include "core/nn/activation.h"
#include "core/nn/linear.h"

namespace moe {

class Ffn
{
public:
    Ffn(const std::string &name, int width, int hidden, Activation activation, Rng &rng);

    int width() const { return m_up.inputs(); }
    int hidden() const { return m_up.outputs(); }
    Activation activation() const { return m_activation; }

    // Caches pre-activations and hidden units for backward; the caller keeps x.
    void forward(const Matrix &x, Matrix &out);
    // Accumulates parameter gradients; writes dx (T, d) when not null.
    void backward(const Matrix &x, const Matrix &dOut, Matrix *dx);

    std::vector<Parameter *> parameters();
    std::vector<const Parameter *> parameters() const;
    Index parameterCount() const { return m_up.parameterCount() + m_down.parameterCount(); }
    // 2 * (d*h + h*d) for one FFN, bias and activation left out (docs/moe.md, "Parameters and
    // FLOPs").
    double forwardFlopsPerSample() const
    {
        return m_up.forwardFlopsPerSample() + m_down.forwardFlopsPerSample();
    }
    std::string describe() const;
    // Both layers' products through core/base/gemm.h (Linear::setBlasProducts).
    void setBlasProducts(bool blas)
    {
        m_up.setBlasProducts(blas);
        m_down.setBlasProducts(blas);
    }
    // hidden = act(pre) (T, h) of the last forward pass (what Follow one input shows).
    const Matrix &lastHidden() const { return m_hidden; }

private:
    Linear m_up;   // W1 (h, d)
    Linear m_down; // W2 (d, h)
    Activation m_activation;
    Matrix m_pre, m_hidden;   // forward cache (T, h)
    Matrix m_dHidden, m_dPre; // backward scratch (T, h)
};

} // namespace moe
