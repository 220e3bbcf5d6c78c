#pragma once

// LayerNorm over the d features of each row (token), learned gain g and bias b, eps 1e-5:
//   mu_t = mean_j x_tj    rstd_t = 1 / sqrt(mean_j (x_tj - mu_t)^2 + eps)
//   xhat_t = (x_t - mu_t) rstd_t    y_t = xhat_t * g + b
// Backward from dy (T, d), with dxhat = dy * g:
//   dx_t = rstd_t (dxhat_t - mean_j dxhat_tj - xhat_t mean_j (dxhat_tj xhat_tj))
//   dg += sum_t dy_t * xhat_t    db += sum_t dy_t

#include "core/base/parameter.h"

#include <string>
#include <vector>

namespace moe {

class LayerNorm
{
public:
    static constexpr float kEpsilon = 1e-5f;

    LayerNorm(const std::string &name, int width);

    // Caches xhat and rstd for backward.
    void forward(const Matrix &x, Matrix &y);
    // Accumulates dg and db; dx (T, d).
    void backward(const Matrix &dy, Matrix &dx);
    // The plain reference: one row and one feature at a time, in double.
    void forwardReference(const Matrix &x, Matrix &y) const;

    int width() const { return int(m_gain.value.cols()); }
    std::vector<Parameter *> parameters() { return {&m_gain, &m_bias}; }
    Index parameterCount() const { return m_gain.size() + m_bias.size(); }

private:
    Parameter m_gain; // g (1, d), starts at 1
    Parameter m_bias; // b (1, d), starts at 0
    Matrix m_xhat;    // (T, d)
    Eigen::VectorXf m_rstd;
};

} // namespace moe
