#include "core/nn/linear.h"

#include "core/base/gemm.h"
#include "core/base/parallel.h"

#include <cmath>

namespace moe {

namespace {
// Row chunk of the parallel products. Fixed (not derived from the thread count) so that results
// are bitwise identical for any number of threads.
constexpr Index kRowChunk = 64;
constexpr Index kFeatureChunk = 16;
// Up to this many rows (an MoE expert's bucket is often this small) a product is done row by row:
// Eigen's blocked GEMM packs the whole weight matrix first, which costs more than the work here.
constexpr Index kFewRows = 4;
// Below this many multiply-adds a product is cheaper than waking a second thread.
constexpr double kParallelWork = 1 << 17;
} // namespace

Linear::Linear(const std::string &name, int in, int out, InitScheme init, Rng &rng)
{
    m_weight.name = name + ".weight";
    m_bias.name = name + ".bias";
    m_bias.decay = false;
    const double variance = init == InitScheme::He ? 2.0 / in : 2.0 / (in + out);
    const double stddev = std::sqrt(variance);
    m_weight.value.resize(out, in);
    for (Index i = 0; i < m_weight.value.size(); ++i)
        m_weight.value.data()[i] = static_cast<float>(stddev * rng.normal());
    m_bias.value = Matrix::Zero(1, out);
    m_weight.zeroGrad();
    m_bias.zeroGrad();
}

void Linear::forward(const Matrix &x, Matrix &y) const
{
    const Index rows = x.rows();
    y.resize(rows, outputs());
    if (rows <= kFewRows) { // an expert's small bucket: matrix-vector products, no GEMM packing
        for (Index t = 0; t < rows; ++t)
            y.row(t).noalias() = x.row(t) * m_weight.value.transpose() + m_bias.value.row(0);
        return;
    }
    const bool parallel = double(rows) * inputs() * outputs() > kParallelWork;
    if (m_blas) { // y = x W^T through OpenBLAS, in two pieces at most (core/base/gemm.h)
        gemmRows(Op::N, Op::T, 1.0f, x, m_weight.value, 0.0f, y, parallel);
        y.rowwise() += m_bias.value.row(0);
        return;
    }
    forEachChunk(rows, kRowChunk, parallel, [&](Index begin, Index end) {
        auto yRows = y.middleRows(begin, end - begin);
        yRows.noalias() = x.middleRows(begin, end - begin) * m_weight.value.transpose();
        yRows.rowwise() += m_bias.value.row(0);
    });
}

void Linear::backward(const Matrix &x, const Matrix &dy, Matrix *dx)
{
    const Index rows = x.rows();
    if (rows <= kFewRows) { // rank-1 updates and matrix-vector products, as in forward
        for (Index t = 0; t < rows; ++t)
            m_weight.grad.noalias() += dy.row(t).transpose() * x.row(t);
        m_bias.grad.row(0) += dy.colwise().sum();
        if (dx) {
            dx->resize(rows, inputs());
            for (Index t = 0; t < rows; ++t)
                dx->row(t).noalias() = dy.row(t) * m_weight.value;
        }
        return;
    }
    const bool parallel = double(rows) * inputs() * outputs() > kParallelWork;
    if (m_blas) { // dW += dy^T x and dx = dy W through OpenBLAS, pieces fixed by the shapes
        gemmRows(Op::T, Op::N, 1.0f, dy, x, 1.0f, m_weight.grad, parallel);
        m_bias.grad.row(0) += dy.colwise().sum();
        if (dx) {
            dx->resize(rows, inputs());
            gemmRows(Op::N, Op::N, 1.0f, dy, m_weight.value, 0.0f, *dx, parallel);
        }
        return;
    }
    // dW rows are independent: chunk over output features, each chunk a full sum over tokens.
    forEachChunk(outputs(), kFeatureChunk, parallel, [&](Index begin, Index end) {
        m_weight.grad.middleRows(begin, end - begin).noalias()
            += dy.middleCols(begin, end - begin).transpose() * x;
    });
    m_bias.grad.row(0) += dy.colwise().sum();
    if (dx) {
        dx->resize(rows, inputs());
        forEachChunk(rows, kRowChunk, parallel, [&](Index begin, Index end) {
            dx->middleRows(begin, end - begin).noalias()
                = dy.middleRows(begin, end - begin) * m_weight.value;
        });
    }
}

} // namespace moe
