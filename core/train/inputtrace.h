#pragma once

// Follow one input through a model: every number the forward pass computes for a single sample,
// block by block, as values (docs/app.md, "Follow one input"). For x (1, in):
//   h_0 = x P^T + p;  per block i: h_i = h_{i-1} + f_i(h_{i-1});  out = h_N H^T + c
// where for an MoE block f(h) = sum_s Shared_s(h) + sum over the chosen experts e of g_e * E_e(h)
// (the weighted sum), and for a dense block f(h) = Ffn(h) = W2 act(W1 h + b1) + b2, whose hidden
// units act(W1 h + b1) are traced too.
// The trace is the model's own evaluation-mode forward pass on a batch of this one sample, read
// back from the blocks, so its output is exactly what Trainer::predict gives for it. Every router
// routes a sample the same alone as among others at evaluation: token choice is dropless, and
// expert choice sends it to the experts whose threshold its probability reaches
// (Router::evalThreshold), gate p_e.

#include "core/base/tensor.h"
#include "core/train/model.h"

#include <string>
#include <vector>

namespace moe {

// One chosen (input, expert) pair of an MoE block.
struct ExpertPath
{
    int expert = 0;
    int rank = 0;      // 0 = the input's first choice (expert choice: the order experts picked)
    float gate = 0.0f; // g in the weighted sum
    RowVector output;  // E_e(h) (d), the expert's output before the gate
};

struct BlockTrace
{
    bool moe = false;
    RowVector input;  // h_{i-1} (d)
    RowVector output; // h_i (d) = input + update
    // MoE: the router's probabilities (E): softmax p, or the sigmoid scores s for aux-free.
    RowVector probs;
    bool expertChoice = false;
    int topK = 0;                   // k (0 for expert choice)
    std::vector<ExpertPath> chosen; // in rank order
    std::vector<RowVector> shared;  // each shared expert's output (d)
    RowVector weightedSum;          // sum over chosen of g * E_e(h) (d), in the engine's order
    RowVector update;               // f(h) = output - input: the dense FFN's output (d)
    // Dense block: the FFN's hidden units act(W1 h_{i-1} + b1) (hidden); empty for MoE.
    RowVector hidden;
};

struct InputTrace
{
    RowVector input;                // x (in), as the model sees it (standardised)
    std::vector<BlockTrace> blocks; // N
    RowVector output;               // logits (classes) or regression values (outputs)
    RowVector probabilities;        // softmax of the logits; empty for regression
    int predictedClass = -1;        // arg-max of the logits; -1 for regression
};

// Runs x (1, in) through the model in evaluation mode and reads every block's numbers back.
// Leaves the model as Trainer::inspectRouting does (its last forward pass is this one).
// Throws ConfigError when x is not one row of the model's input width.
InputTrace traceInput(Model &model, const RowVector &x, bool classification);

} // namespace moe
