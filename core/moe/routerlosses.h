#pragma once

// Auxiliary router losses and their gradients (docs/moe.md, "[3] Noisy top-k", "[5] Load-balancing
// loss", "[6] Router z-loss"). Values are returned
// already multiplied by their weight; gradients are *added* to the matrices passed in.

#include "core/base/tensor.h"

#include <vector>

namespace moe {

// Switch / GShard / Megatron load balancing:
//   L = alpha * E * sum_e f_e * P_e,   f_e = routed_e / (k T) (a constant),   P_e = mean_t q_te
//   dL/dq_te = alpha * E * f_e / T
// q (T, E) are the router probabilities; routed counts are taken before capacity dropping.
double switchBalanceLoss(const Matrix &q, const std::vector<Index> &routed, int topK, double alpha,
                         Matrix *dq);

// Router z-loss (ST-MoE): L = c_z * mean_t (logsumexp_e h_te)^2
//   dL/dh_te = c_z * 2 * lse_t * softmax(h_t)_e / T
double routerZLoss(const Matrix &logits, double cz, Matrix *dLogits);

// Squared coefficient of variation, CV^2 = var / (mean^2 + 1e-10) with the population variance
// (tensor2tensor's cv_squared); 0 for fewer than two values. Adds dCV^2/dv_e * scale to grad.
double cvSquared(const std::vector<double> &values, std::vector<double> *grad, double scale);

// Standard normal density and distribution function.
double normalPdf(double z);
double normalCdf(double z);

} // namespace moe
