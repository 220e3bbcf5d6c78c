#pragma once

// Fully connected layer: y (T, out) = x (T, in) * W^T + b, W (out, in), b (1, out).
// Backward, given dL/dy (T, out):
//   dL/dW (out, in) += dy^T * x      dL/db (1, out) += sum_t dy_t      dL/dx (T, in) = dy * W

#include "core/base/parameter.h"
#include "core/base/rng.h"

#include <string>

namespace moe {

enum class InitScheme {
    He,    // W ~ N(0, 2 / in): keeps activations' variance through ReLU-like layers
    Xavier // W ~ N(0, 2 / (in + out)): for linear maps and tanh
};

class Linear
{
public:
    Linear(const std::string &name, int in, int out, InitScheme init, Rng &rng);

    void forward(const Matrix &x, Matrix &y) const;
    // Accumulates into the parameter gradients; writes dx when it is not null.
    void backward(const Matrix &x, const Matrix &dy, Matrix *dx);

    int inputs() const { return static_cast<int>(m_weight.value.cols()); }
    int outputs() const { return static_cast<int>(m_weight.value.rows()); }
    Parameter &weight() { return m_weight; }
    Parameter &bias() { return m_bias; }
    const Parameter &weight() const { return m_weight; }
    const Parameter &bias() const { return m_bias; }

    Index parameterCount() const { return m_weight.size() + m_bias.size(); }
    // Products through core/base/gemm.h (OpenBLAS when built with it) instead of Eigen's: the
    // text model's layers, about 5x faster here. Off by default: the 2-D engine keeps Eigen's
    // products, whose rounding its lessons were measured with (docs/engine.md, "Speed").
    void setBlasProducts(bool blas) { m_blas = blas; }
    // Multiply-adds counted as 2 FLOPs; the bias is left out (negligible, as Megatron counts).
    double forwardFlopsPerSample() const { return 2.0 * inputs() * outputs(); }

private:
    Parameter m_weight;
    Parameter m_bias;
    bool m_blas = false;
};

} // namespace moe
