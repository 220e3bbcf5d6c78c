#include "core/base/gemm.h"

#include "core/base/parallel.h"

#include <algorithm>
#include <cassert>
#include <mutex>

#if defined(MOELAB_USE_OPENBLAS)
#include <cblas.h>
extern "C" void openblas_set_num_threads(int threads);
#endif

namespace moe {

namespace {
Index rowsOf(Op op, const ConstMatrixRef &m)
{
    return op == Op::N ? m.rows() : m.cols();
}
Index colsOf(Op op, const ConstMatrixRef &m)
{
    return op == Op::N ? m.cols() : m.rows();
}
} // namespace

void gemmReference(Op opA, Op opB, float alpha, const ConstMatrixRef &a, const ConstMatrixRef &b,
                   float beta, MatrixRef c)
{
    assert(colsOf(opA, a) == rowsOf(opB, b));
    assert(c.rows() == rowsOf(opA, a) && c.cols() == colsOf(opB, b));
    if (beta == 0.0f)
        c.setZero();
    else if (beta != 1.0f)
        c *= beta;
    if (opA == Op::N && opB == Op::N)
        c.noalias() += alpha * (a * b);
    else if (opA == Op::N)
        c.noalias() += alpha * (a * b.transpose());
    else if (opB == Op::N)
        c.noalias() += alpha * (a.transpose() * b);
    else
        c.noalias() += alpha * (a.transpose() * b.transpose());
}

Index gemmRowPiece(Index rows)
{
    constexpr Index kMinPiece = 64, kAlign = 16;
    const Index half = (rows + 1) / 2;
    return std::max(kMinPiece, (half + kAlign - 1) / kAlign * kAlign);
}

void gemmRows(Op opA, Op opB, float alpha, const ConstMatrixRef &a, const ConstMatrixRef &b,
              float beta, MatrixRef c, bool parallel)
{
    forEachChunk(c.rows(), gemmRowPiece(c.rows()), parallel, [&](Index begin, Index end) {
        const Index n = end - begin;
        if (opA == Op::N)
            gemm(opA, opB, alpha, a.middleRows(begin, n), b, beta, c.middleRows(begin, n));
        else
            gemm(opA, opB, alpha, a.middleCols(begin, n), b, beta, c.middleRows(begin, n));
    });
}

#if defined(MOELAB_USE_OPENBLAS)
void gemm(Op opA, Op opB, float alpha, const ConstMatrixRef &a, const ConstMatrixRef &b, float beta,
          MatrixRef c)
{
    // OpenBLAS's own threads would nest inside ours and make results depend on the thread count.
    static std::once_flag single;
    std::call_once(single, [] { openblas_set_num_threads(1); });
    const Index m = rowsOf(opA, a), n = colsOf(opB, b), k = colsOf(opA, a);
    assert(k == rowsOf(opB, b) && c.rows() == m && c.cols() == n);
    if (m == 0 || n == 0)
        return;
    if (k == 0) { // SGEMM with k = 0 scales C by beta; say it plainly
        if (beta == 0.0f)
            c.setZero();
        else
            c *= beta;
        return;
    }
    cblas_sgemm(CblasRowMajor, opA == Op::N ? CblasNoTrans : CblasTrans,
                opB == Op::N ? CblasNoTrans : CblasTrans, int(m), int(n), int(k), alpha, a.data(),
                int(a.outerStride()), b.data(), int(b.outerStride()), beta, c.data(),
                int(c.outerStride()));
}

bool gemmUsesBlas()
{
    return true;
}
const char *gemmBackendName()
{
    return "OpenBLAS";
}
#else
void gemm(Op opA, Op opB, float alpha, const ConstMatrixRef &a, const ConstMatrixRef &b, float beta,
          MatrixRef c)
{
    gemmReference(opA, opB, alpha, a, b, beta, c);
}

bool gemmUsesBlas()
{
    return false;
}
const char *gemmBackendName()
{
    return "Eigen";
}
#endif

} // namespace moe
