#pragma once

// Where each token of one passage goes, in every MoE layer: what the Text arena's token strip
// colours and its hover panel lists (docs/text.md, "Routing analyses").
//   * Evaluation routing, window by window as texteval.h cuts the passage: the router's
//     probabilities p (E), the experts that take the token with their gates, first choice first
//     (token choice is dropless here; expert choice uses its thresholds, so a token may get none).
//   * Drops: the passage's whole windows routed again as training batches of `sequences` windows
//     each, as training groups them (capacity C = ceil(cf k T / E) over a batch's T tokens, the
//     drop policy, a fixed seed): the slots a full expert would drop. Tokens after the last whole
//     window (or the whole passage, when it is shorter than one window) form a batch of their own.
// The loss of each token is the next-token cross-entropy of predicting it (nats; the first token
// of the passage is not predicted).

#include "core/text/textmodel.h"

#include <span>
#include <vector>

namespace moe {

struct PassageLayerRoute
{
    std::vector<float> probs;        // (E) router probabilities (aux-free: sigmoid scores)
    std::vector<int> experts;        // the experts that took the token, first choice first
    std::vector<float> gates;        // their gates
    std::vector<int> droppedExperts; // in training routing: experts whose slot for it was full
    bool lostAll = false;            // in training routing no expert processed it
};

struct PassageToken
{
    int id = 0;
    double loss = -1.0;                    // nats; -1 for the first token (nothing predicts it)
    std::vector<PassageLayerRoute> layers; // one per MoE layer, in block order
};

struct PassageRouting
{
    std::vector<int> blocks; // the MoE layers' blocks (from 1)
    std::vector<PassageToken> tokens;
};

// Routes `ids` through the model (empty result for a dense model's layers). `seed` drives the
// training routing's noise and random drop order; `sequences` is the training batch's B.
PassageRouting routePassage(TextModel &model, std::span<const int> ids, std::uint64_t seed = 1,
                            int sequences = 1);

} // namespace moe
