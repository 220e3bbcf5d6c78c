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

// Whether gemm uses OpenBLAS in this build (the CLI reports it, the benchmarks print it).
bool gemmUsesBlas();
const char *gemmBackendName();

} // namespace moe
