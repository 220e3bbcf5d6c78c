#pragma once

// Task losses, averaged over the T samples of a batch, with their gradients.
//   softmax cross-entropy  L = -1/T sum_t log softmax(z_t)[y_t]
//                          dL/dz = (softmax(z) - onehot(y)) / T
//   mean squared error     L = 1/(T*K) sum_tk (p_tk - t_tk)^2
//                          dL/dp = 2 (p - t) / (T*K)
// Sums are accumulated in double; gradients are written in float when the pointer is not null.

#include "core/base/tensor.h"

#include <span>

namespace moe {

double softmaxCrossEntropy(const Matrix &logits, std::span<const int> labels, Matrix *dLogits);
double meanSquaredError(const Matrix &predictions, const Matrix &targets, Matrix *dPredictions);
// Samples whose largest logit is their label (ties go to the lowest class id).
Index countCorrect(const Matrix &logits, std::span<const int> labels);
// Row-wise softmax, numerically stable (the max logit is subtracted first).
Matrix softmaxRows(const Matrix &logits);

} // namespace moe
