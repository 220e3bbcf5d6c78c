#pragma once

// The model's and the training run's settings, each described once (core/base/setting.h).

#include "core/base/setting.h"

namespace moe::settings {

// The model (ModelConfig). Its input and output widths come from the data, not from the user.
inline constexpr Setting kInputDim {.key = "inputDim",
                                    .label = "input dimension",
                                    .min = 1,
                                    .max = 100000,
                                    .defaultValue = 2,
                                    .help = "Features per sample."};
inline constexpr Setting kOutputDim {.key = "outputDim",
                                     .label = "output dimension",
                                     .min = 1,
                                     .max = 100000,
                                     .defaultValue = 2,
                                     .help = "Classes, or 1 for regression."};
inline constexpr Setting kWidth {.key = "width",
                                 .option = "width",
                                 .label = "width",
                                 .min = 1,
                                 .max = 4096,
                                 .defaultValue = 16,
                                 .help = "Model width d: the residual stream every block reads "
                                         "and writes."};
inline constexpr Setting kHidden {.key = "hidden",
                                  .option = "hidden",
                                  .label = "hidden width",
                                  .min = 1,
                                  .max = 262144,
                                  .defaultValue = 64,
                                  .help = "Hidden width of each dense feed-forward block."};
inline constexpr Setting kBlocks {.key = "blocks",
                                  .option = "blocks",
                                  .label = "blocks",
                                  .min = 0,
                                  .max = 16,
                                  .defaultValue = 2,
                                  .help = "Number of residual blocks, each a dense or an MoE "
                                          "feed-forward network (0: a linear model)."};

// The optimiser (OptimizerConfig).
inline constexpr Setting kLearningRate {
    .key = "learningRate",
    .option = "lr",
    .label = "learning rate",
    .min = 1e-4,
    .max = 100,
    .defaultValue = 0.005,
    .integer = false,
    .help = "Step size of the optimiser; in the app it applies at once, without a reset.",
    .step = 0.001,
    .decimals = 4};
inline constexpr Setting kWeightDecay {
    .key = "weightDecay",
    .option = "weight-decay",
    .label = "weight decay",
    .min = 0,
    .max = 10,
    .defaultValue = 0,
    .integer = false,
    .help = "Weight decay of the weights (decoupled for Adam, an L2 term for SGD).",
    .step = 0.0001,
    .decimals = 4};
inline constexpr Setting kMomentum {.key = "momentum",
                                    .label = "momentum",
                                    .min = 0,
                                    .max = 0.999,
                                    .defaultValue = 0.9,
                                    .integer = false,
                                    .help = "Momentum of SGD with momentum.",
                                    .step = 0.01,
                                    .decimals = 3};
inline constexpr Setting kBeta1 {.key = "beta1",
                                 .label = "Adam beta1",
                                 .min = 0,
                                 .max = 0.999,
                                 .defaultValue = 0.9,
                                 .integer = false,
                                 .help = "Adam's decay of the gradient's running mean.",
                                 .step = 0.01,
                                 .decimals = 3};
inline constexpr Setting kBeta2 {.key = "beta2",
                                 .label = "Adam beta2",
                                 .min = 0,
                                 .max = 0.99999,
                                 .defaultValue = 0.999,
                                 .integer = false,
                                 .help = "Adam's decay of the squared gradient's running mean.",
                                 .step = 0.001,
                                 .decimals = 5};
inline constexpr Setting kEpsilon {.key = "epsilon",
                                   .label = "Adam epsilon",
                                   .min = 1e-12,
                                   .max = 1,
                                   .defaultValue = 1e-8,
                                   .integer = false,
                                   .help = "Added to Adam's denominator, against division by "
                                           "zero."};

// The run (TrainingConfig, and how long a headless run trains).
inline constexpr Setting kBatchSize {
    .key = "batchSize",
    .option = "batch",
    .label = "batch size",
    .min = 1,
    .max = 65536,
    .defaultValue = 64,
    .unit = "samples",
    .help = "Samples per training step; also the group the router balances over."};
inline constexpr Setting kEvalEvery {
    .key = "evalEvery",
    .option = "eval-every",
    .label = "evaluation interval",
    .min = 0,
    .max = 100'000'000,
    .defaultValue = 50,
    .unit = "steps",
    .help = "Steps between evaluations on the train and test sets (0: only at the end)."};
inline constexpr Setting kSeed {
    .key = "seed",
    .option = "seed",
    .label = "seed",
    .min = 0,
    .max = 2147483647,
    .defaultValue = 1,
    .help = "Seeds the data, the split, the weights and the shuffling: same seed, same run."};
inline constexpr Setting kSteps {.key = "steps",
                                 .option = "steps",
                                 .label = "training steps",
                                 .min = 1,
                                 .max = 100'000'000,
                                 .defaultValue = 2000,
                                 .unit = "steps",
                                 .help = "How many mini-batches a headless run trains on."};

// Every model and every training setting, for code that goes through all of them.
inline constexpr const Setting *kModelSettings[]
    = {&kInputDim, &kOutputDim, &kWidth, &kHidden, &kBlocks};
inline constexpr const Setting *kTrainingSettings[]
    = {&kLearningRate, &kWeightDecay, &kMomentum,  &kBeta1, &kBeta2,
       &kEpsilon,      &kBatchSize,   &kEvalEvery, &kSeed,  &kSteps};

} // namespace moe::settings
