#pragma once

// The shape of the text model (docs/text.md, "The model"): a decoder-only transformer, pre-LN,
// whose feed-forward layers are dense or MoE. Ranges and defaults: core/text/textsettings.h.

#include "core/base/tensor.h"
#include "core/moe/moeconfig.h"
#include "core/text/textsettings.h"

namespace moe {

struct TextModelConfig
{
    int vocab = 65;                                        // V, from the tokenizer
    int context = settings::kContext.defaultInt();         // L
    int width = settings::kTextWidth.defaultInt();         // d
    int heads = settings::kHeads.defaultInt();             // H (d % H == 0)
    int blocks = settings::kTextBlocks.defaultInt();       // N
    int denseHidden = settings::kDenseHidden.defaultInt(); // hD; 0 = 4 d
    // 0: a dense model; 1: an MoE layer in every block; 2: in blocks 1, 3, 5, ...
    int moeEvery = 0;
    MoeConfig moe; // the MoE layers' settings (experts use GELU, as the dense FFN)

    bool isMoe() const { return moeEvery > 0; }
    // Block n (from 1) has an MoE feed-forward layer.
    bool isMoeBlock(int n) const { return moeEvery > 0 && (n - 1) % moeEvery == 0; }
    int moeLayers() const;
    int effectiveDenseHidden() const { return denseHidden > 0 ? denseHidden : 4 * width; }
    // Throws ConfigError naming the first setting out of range.
    void validate() const;
};

// Parameters and forward FLOPs per token (multiply-add = 2; docs/text.md, "FLOPs"), the router
// counted: attention projections 8 d^2, scores and mixing 4 L_ctx d with L_ctx = (L + 1) / 2 the
// positions a token attends on average, FFN 4 d hD or the MoE layer's own count (k 4 d h + 2 d E),
// head 2 d V. Embedding lookups and LayerNorms are left out, as Megatron counts.
struct TextModelCost
{
    Index totalParams = 0;
    Index activeParams = 0; // what one token uses: every non-expert weight + its experts
    double forwardFlopsPerToken = 0.0;
    double attentionFlops = 0.0, ffnFlops = 0.0, headFlops = 0.0; // the parts, per token
};
TextModelCost textModelCost(const TextModelConfig &config);

} // namespace moe
