#include "core/text/layernorm.h"

#include "core/base/parallel.h"

#include <cmath>

namespace moe {

namespace {
constexpr Index kRowChunk = 64; // fixed: results do not depend on the thread count
constexpr double kParallelWork = 1 << 16;
} // namespace

LayerNorm::LayerNorm(const std::string &name, int width)
{
    m_gain.name = name + ".weight";
    m_bias.name = name + ".bias";
    m_gain.decay = false;
    m_bias.decay = false;
    m_gain.value = Matrix::Ones(1, width);
    m_bias.value = Matrix::Zero(1, width);
    m_gain.zeroGrad();
    m_bias.zeroGrad();
}

void LayerNorm::forward(const Matrix &x, Matrix &y)
{
    const Index rows = x.rows(), d = x.cols();
    y.resize(rows, d);
    m_xhat.resize(rows, d);
    m_rstd.resize(rows);
    const bool parallel = double(rows) * double(d) > kParallelWork;
    forEachChunk(rows, kRowChunk, parallel, [&](Index begin, Index end) {
        for (Index t = begin; t < end; ++t) {
            const float mean = x.row(t).mean();
            const float variance = (x.row(t).array() - mean).square().mean();
            const float rstd = 1.0f / std::sqrt(variance + kEpsilon);
            m_rstd[t] = rstd;
            m_xhat.row(t) = (x.row(t).array() - mean) * rstd;
            y.row(t) = m_xhat.row(t).cwiseProduct(m_gain.value.row(0)) + m_bias.value.row(0);
        }
    });
}

void LayerNorm::backward(const Matrix &dy, Matrix &dx)
{
    const Index rows = dy.rows(), d = dy.cols();
    dx.resize(rows, d);
    // Parameter gradients: one serial sum over tokens, in token order.
    m_gain.grad.row(0) += (dy.array() * m_xhat.array()).colwise().sum().matrix();
    m_bias.grad.row(0) += dy.colwise().sum();
    const bool parallel = double(rows) * double(d) > kParallelWork;
    forEachChunk(rows, kRowChunk, parallel, [&](Index begin, Index end) {
        RowVector dxhat;
        for (Index t = begin; t < end; ++t) {
            dxhat = dy.row(t).cwiseProduct(m_gain.value.row(0));
            const float meanDxhat = dxhat.mean();
            const float meanDxhatXhat = dxhat.cwiseProduct(m_xhat.row(t)).mean();
            dx.row(t) = m_rstd[t]
                * (dxhat.array() - meanDxhat - m_xhat.row(t).array() * meanDxhatXhat).matrix();
        }
    });
}

void LayerNorm::forwardReference(const Matrix &x, Matrix &y) const
{
    y.resize(x.rows(), x.cols());
    for (Index t = 0; t < x.rows(); ++t) {
        double mean = 0.0, variance = 0.0;
        for (Index j = 0; j < x.cols(); ++j)
            mean += x(t, j);
        mean /= double(x.cols());
        for (Index j = 0; j < x.cols(); ++j)
            variance += (x(t, j) - mean) * (x(t, j) - mean);
        variance /= double(x.cols());
        const double rstd = 1.0 / std::sqrt(variance + kEpsilon);
        for (Index j = 0; j < x.cols(); ++j)
            y(t, j) = float((x(t, j) - mean) * rstd * m_gain.value(0, j) + m_bias.value(0, j));
    }
}

} // namespace moe
