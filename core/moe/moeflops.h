#pragma once

// Forward FLOPs per sample (token) of one MoE block, from its settings alone: the one accounting
// that MoeBlock::cost(), the dense baselines' widths and the app's router-share chart all use
// (docs/moe.md, "Parameters and FLOPs"). A multiply-add is 2 FLOPs; biases and activations are
// left out, as Megatron counts.
//   router   2 d E per (E, d) routing matrix: one, or two for noisy-topk (W_g and W_noise)
//   experts  (active + shared) * 4 d h_e, one FFN being W1 (h_e, d) and W2 (d, h_e)
// active = k for token-choice routers (1 for Switch), the capacity factor for expert choice.

#include "core/moe/moeconfig.h"

namespace moe {

// One FFN of width d and hidden h: 2 (d h + h d) = 4 d h.
double ffnForwardFlops(int width, int hidden);
// (E, d) matrices the router multiplies x by: 2 for noisy-topk, 1 for every other router.
int routerMatrices(RouterKind router);

struct MoeForwardFlops
{
    double router = 0.0;  // 2 d E * routerMatrices
    double experts = 0.0; // (active + shared) * 4 d h_e
    double total() const { return router + experts; }
    // The router's part of the block's FLOPs, in [0, 1).
    double routerShare() const { return total() > 0.0 ? router / total() : 0.0; }
};

MoeForwardFlops moeForwardFlops(const MoeConfig &config, int width);

// The dense baselines' FFN hidden widths (docs/moe.md, "Dense baselines"):
//   matched expert compute  (active + shared) * h_e: Megatron's convention, router left out;
//   matched total compute   the smallest h with 4 d h >= the MoE block's forward FLOPs, router
//                           included: ceil(E/2 + (k + shared) h_e) for topk;
//   matched parameters      (E + shared) * h_e.
int matchedExpertComputeHidden(const MoeConfig &config);
int matchedTotalComputeHidden(const MoeConfig &config, int width);
int matchedParametersHidden(const MoeConfig &config);

// The number of experts at which the router's FLOPs equal the experts' (share 1/2), the other
// settings kept: 2 d E m = (active + shared) 4 d h_e  =>  E = 2 h_e (active + shared) / m, with m
// = routerMatrices. Expert choice's active count follows cf, not E, so the same formula holds.
double routerCrossoverExperts(const MoeConfig &config);

} // namespace moe
