#pragma once

// Matrix products of the engine: C (m, n) = alpha * op(A) * op(B) + beta * C on row-major float
// blocks (core/base/tensor.h), op = as is (N) or transposed (T).
// Fast path: OpenBLAS's SGEMM when the build found it (MOELAB_USE_OPENBLAS; OpenBLAS picks AVX2 /
// AVX-512 kernels for the running CPU, about 5x Eigen's portable SSE2 product here: see
// docs/benchmarks.md, "Text engine"). OpenBLAS runs on the calling thread only: the engine's own
// parallel loops (core/base/parallel.h) cut the work into fixed pieces, so results do not depend on
// the thread count. Reference: gemmReference, Eigen's own product, used by the tests and by builds
// without OpenBLAS.

#include "core/base/tensor.h"

namespace moe {

enum class Op { N, T };

using MatrixRef = Eigen::Ref<Matrix, 0, Eigen::OuterStride<>>;
using ConstMatrixRef = Eigen::Ref<const Matrix, 0, Eigen::OuterStride<>>;

void gemm(Op opA, Op opB, float alpha, const ConstMatrixRef &a, const ConstMatrixRef &b, float beta,
          MatrixRef c);
void gemmReference(Op opA, Op opB, float alpha, const ConstMatrixRef &a, const ConstMatrixRef &b,
                   float beta, MatrixRef c);

// The same product cut into at most two pieces of rows of C (fixed by the shape alone, never by
// the thread count, so that results are the same for any number of threads), run in parallel
// when `parallel` is true. Few, large pieces: each piece packs the whole of op(B) again, which
// costs as much as the product when pieces are small (measured in docs/benchmarks.md, "Text
// engine"): two pieces keep both cores of a laptop busy.
void gemmRows(Op opA, Op opB, float alpha, const ConstMatrixRef &a, const ConstMatrixRef &b,
              float beta, MatrixRef c, bool parallel);
// Rows per piece of gemmRows for a C of `rows` rows.
Index gemmRowPiece(Index rows);

// Whether gemm uses OpenBLAS in this build (the CLI reports it, the benchmarks print it).
bool gemmUsesBlas();
const char *gemmBackendName();

} // namespace moe
