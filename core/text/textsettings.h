#pragma once

// The text model's and its training's settings, each described once (core/base/setting.h):
// what TextModelConfig::validate() and TextTrainConfig::validate() check, and what the command
// line and the model files accept. The defaults are nanoGPT's CPU recipe for shakespeare_char
// (4 blocks, 4 heads, d 128, context 64, batch 12, AdamW 1e-3 with warm-up and cosine decay).
// The MoE layer's settings are the 2-D engine's (core/moe/moesettings.h).

#include "core/base/setting.h"

namespace moe::settings {

inline constexpr Setting kContext {.key = "context",
                                   .option = "context",
                                   .label = "context length",
                                   .min = 2,
                                   .max = 1024,
                                   .defaultValue = 64,
                                   .unit = "tokens",
                                   .help = "Tokens a sequence holds: the most a prediction sees."};
inline constexpr Setting kTextWidth {
    .key = "width",
    .option = "width",
    .label = "model width",
    .min = 4,
    .max = 2048,
    .defaultValue = 128,
    .help = "Model width d: each token's vector in the residual stream (a multiple of --heads)."};
inline constexpr Setting kHeads {.key = "heads",
                                 .option = "heads",
                                 .label = "attention heads",
                                 .min = 1,
                                 .max = 64,
                                 .defaultValue = 4,
                                 .help = "Attention heads per block, each of width d / heads."};
inline constexpr Setting kTextBlocks {.key = "blocks",
                                      .option = "blocks",
                                      .label = "transformer blocks",
                                      .min = 1,
                                      .max = 24,
                                      .defaultValue = 4,
                                      .help = "Transformer blocks: attention, then a dense or "
                                              "MoE feed-forward layer."};
inline constexpr Setting kDenseHidden {
    .key = "denseHidden",
    .option = "hidden",
    .label = "dense FFN hidden width",
    .min = 0,
    .max = 65536,
    .defaultValue = 0,
    .help = "Hidden width of each dense feed-forward layer (0: 4 x the model width, as GPT-2)."};
inline constexpr Setting kMoeEvery {
    .key = "moeEvery",
    .option = "moe-every",
    .label = "MoE layer interval",
    .min = 1,
    .max = 2,
    .defaultValue = 1,
    .help = "1: every block's feed-forward layer is MoE; 2: blocks 1, 3, 5, ... (GShard, "
            "Switch), the others dense."};
inline constexpr Setting kVocab {.key = "vocab",
                                 .option = "vocab",
                                 .label = "vocabulary size",
                                 .min = 256,
                                 .max = 2048,
                                 .defaultValue = 512,
                                 .unit = "tokens",
                                 .help = "SentencePiece tokenizers (bpe, unigram): how many "
                                         "tokens they learn. The char tokenizer takes every "
                                         "character of the training text."};
inline constexpr Setting kSequences {
    .key = "batchSize",
    .option = "batch",
    .label = "batch size",
    .min = 1,
    .max = 1024,
    .defaultValue = 12,
    .unit = "sequences",
    .help = "Sequences per training step; their B x L tokens are the group the router balances "
            "over."};
inline constexpr Setting kWarmup {.key = "warmup",
                                  .option = "warmup",
                                  .label = "warm-up",
                                  .min = 0,
                                  .max = 1'000'000,
                                  .defaultValue = 100,
                                  .unit = "steps",
                                  .help = "Steps over which the learning rate rises linearly "
                                          "from 0 to --lr."};
inline constexpr Setting kMinLearningRate {
    .key = "minLearningRate",
    .option = "min-lr",
    .label = "final learning rate",
    .min = 0,
    .max = 100,
    .defaultValue = 1e-4,
    .integer = false,
    .help = "After warm-up the learning rate falls along a cosine to this at the last step."};
inline constexpr Setting kGradClip {.key = "gradClip",
                                    .option = "grad-clip",
                                    .label = "gradient clipping",
                                    .min = 0,
                                    .max = 1000,
                                    .defaultValue = 1.0,
                                    .integer = false,
                                    .help = "Largest global norm of the gradient; a larger one "
                                            "is scaled down to it (0: no clipping)."};
inline constexpr Setting kEvalTokens {
    .key = "evalTokens",
    .option = "eval-tokens",
    .label = "evaluation tokens",
    .min = 0,
    .max = 100'000'000,
    .defaultValue = 16384,
    .unit = "tokens",
    .help = "Validation tokens of each periodic evaluation (0: the whole validation part); the "
            "final evaluation always reads the whole part."};

} // namespace moe::settings

namespace moe::settings {

// Generation (core/text/generation.h).
inline constexpr Setting kTemperature {
    .key = "temperature",
    .option = "temperature",
    .label = "temperature",
    .min = 0.01,
    .max = 10,
    .defaultValue = 0.8,
    .integer = false,
    .help = "Sampling temperature: logits are divided by it (below 1: safer, repetitive text; "
            "above 1: more surprising text)."};
inline constexpr Setting kSampleTopK {
    .key = "sampleTopK",
    .option = "sample-top-k",
    .label = "sampling top-k",
    .min = 0,
    .max = 65536,
    .defaultValue = 0,
    .help = "Sample only among the k likeliest next tokens (0: among all)."};
inline constexpr Setting kGenerateTokens {.key = "tokens",
                                          .option = "tokens",
                                          .label = "generated tokens",
                                          .min = 1,
                                          .max = 100000,
                                          .defaultValue = 500,
                                          .unit = "tokens",
                                          .help = "How many tokens to generate after the prompt."};

} // namespace moe::settings

namespace moe::settings {

// Every text setting, for code that goes through all of them (moelab-cli settings).
inline constexpr const Setting *kTextSettings[]
    = {&kContext,  &kTextWidth,  &kHeads,       &kTextBlocks, &kDenseHidden,
       &kMoeEvery, &kVocab,      &kSequences,   &kWarmup,     &kMinLearningRate,
       &kGradClip, &kEvalTokens, &kTemperature, &kSampleTopK, &kGenerateTokens};

} // namespace moe::settings
