#pragma once

// The MoE layer's settings, each described once (core/base/setting.h): what MoeConfig::validate()
// checks, what the command line, the files and the app's controls accept and start from.

#include "core/base/setting.h"

namespace moe::settings {

// Up to 256 experts, so that fine-grained experts (DeepSeekMoE: m times as many, each 1/m as wide,
// k times m chosen: the same compute) can be taught; a step's cost follows k, not E (docs/moe.md,
// "Execution").
inline constexpr Setting kExperts {
    .key = "experts",
    .option = "experts",
    .label = "experts",
    .min = 1,
    .max = 256,
    .defaultValue = 8,
    .help = "How many experts the MoE holds: more experts, more parameters, same compute."};
inline constexpr Setting kTopK {
    .key = "topK",
    .option = "top-k",
    .label = "top-k",
    .min = 1,
    .max = 256,
    .defaultValue = 2,
    .help = "How many experts each sample uses (at most E; switch always uses 1): this, not the "
            "expert count, sets the compute."};
inline constexpr Setting kExpertHidden {
    .key = "expertHidden",
    .option = "expert-hidden",
    .label = "expert hidden width",
    .min = 1,
    .max = 16384,
    .defaultValue = 32,
    .help = "Hidden width h of each expert's feed-forward network (and of each shared expert)."};
inline constexpr Setting kCapacityFactor {
    .key = "capacityFactor",
    .option = "capacity-factor",
    .label = "capacity factor",
    .min = 0.25,
    .max = 4,
    .defaultValue = 1.25,
    .integer = false,
    .help = "Slots per expert relative to an even split of the batch (or none: no limit); an "
            "expert sent more tokens than its slots drops the rest. Even above 1 tokens are "
            "dropped: the router's split is uneven, so the busiest experts overflow while others "
            "have slots to spare (at the default 1.25, often 20-30% early in training).",
    .step = 0.25,
    .decimals = 2};
inline constexpr Setting kBalanceLoss {
    .key = "balanceLoss",
    .option = "balance-loss",
    .label = "balance loss weight",
    .min = 0,
    .max = 10,
    .defaultValue = 0.01,
    .integer = false,
    .help = "Weight alpha of the load-balancing loss alpha * E * sum f_e P_e (noisy-topk: of "
            "CV^2(importance) + CV^2(load)); 0 lets routing collapse.",
    .step = 0.005,
    .decimals = 3};
inline constexpr Setting kZLoss {
    .key = "zLoss",
    .option = "z-loss",
    .label = "z-loss weight",
    .min = 0,
    .max = 10,
    .defaultValue = 0,
    .integer = false,
    .help = "Weight of the router z-loss, which keeps router logits small (1e-3 is typical).",
    .step = 0.0005,
    .decimals = 4};
inline constexpr Setting kJitter {
    .key = "jitter",
    .option = "jitter",
    .label = "jitter",
    .min = 0,
    .max = 0.5,
    .defaultValue = 0,
    .integer = false,
    .help = "Switch router: the router's input is scaled by U(1 - eps, 1 + eps) in training.",
    .step = 0.01,
    .decimals = 2};
inline constexpr Setting kSharedExperts {
    .key = "sharedExperts",
    .option = "shared-experts",
    .label = "shared experts",
    .min = 0,
    .max = 4,
    .defaultValue = 0,
    .help = "Experts every token always uses, added to the routed ones."};
inline constexpr Setting kBiasUpdateRate {
    .key = "biasUpdateRate",
    .option = "bias-update-rate",
    .label = "bias update rate",
    .min = 0,
    .max = 1,
    .defaultValue = 1e-3,
    .integer = false,
    .help = "Aux-free router: step u of the selection bias per training step, "
            "b_e += u * sign(mean load - load_e).",
    .step = 0.0005,
    .decimals = 4};
inline constexpr Setting kDeadAfterSteps {
    .key = "deadAfterSteps",
    .label = "dead-expert window",
    .min = 1,
    .max = 1'000'000,
    .defaultValue = 100,
    .unit = "steps",
    .help = "An expert that receives no tokens for this many steps counts as dead."};

// Every MoE setting, for code that goes through all of them (tests, documentation).
inline constexpr const Setting *kMoeSettings[]
    = {&kExperts, &kTopK,   &kExpertHidden,  &kCapacityFactor, &kBalanceLoss,
       &kZLoss,   &kJitter, &kSharedExperts, &kBiasUpdateRate, &kDeadAfterSteps};

} // namespace moe::settings
