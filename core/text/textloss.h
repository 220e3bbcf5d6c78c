#pragma once

// The next-token loss of the text model, for vocabularies up to thousands of tokens:
//   L = 1/R sum_r (logsumexp(z_r) - z_r[y_r])        dL/dz_r = (softmax(z_r) - onehot(y_r)) / R
// Rows run in parallel in fixed chunks, each row's exponentials vectorised in float and its loss
// kept in double; the rows' losses are summed in row order, so the result does not depend on the
// thread count. Reference: softmaxCrossEntropy (core/nn/loss.h), all in double, one at a time.

#include "core/base/tensor.h"

#include <span>
#include <vector>

namespace moe {

// Mean loss in nats per row; dLogits written when not null. `rowLosses`, when not null, gets
// each row's own loss (the evaluation's per-token figures).
double tokenCrossEntropy(const Matrix &logits, std::span<const int> targets, Matrix *dLogits,
                         std::vector<double> *rowLosses = nullptr);

} // namespace moe
