#pragma once

// Everything that defines a dense-vs-MoE run: the data, the MoE, its dense baseline and the
// training settings. The app edits one and sends it to its training worker; experiment files
// (experimentfile.h) store one; the CLI's --config reads one. Names follow the CLI (docs/cli.md).

#include "core/base/setting.h"
#include "core/train/model.h"
#include "core/train/trainer.h"
#include "core/train/trainsettings.h"
#include "datasets/builtins.h"

namespace moe {

// The dense baseline's FFN hidden width (core/moe/moeflops.h, docs/moe.md "Dense baselines").
enum class DenseBaseline {
    MatchExpertCompute, // (active + shared) * h_e: the experts' FLOPs, router left out (Megatron)
    MatchTotalCompute,  // smallest h with 4 d h >= the MoE block's FLOPs, router included
    MatchParameters,    // (E + shared) * h_e: the MoE's total parameters
    Custom              // customHidden
};
inline constexpr Choice<DenseBaseline> kBaselineChoices[]
    = {{DenseBaseline::MatchExpertCompute, "match-expert-compute"},
       {DenseBaseline::MatchTotalCompute, "match-total-compute"},
       {DenseBaseline::MatchParameters, "match-parameters"},
       {DenseBaseline::Custom, "custom"}};
// A baseline by its name; also the name older files used, "match-compute", which meant matched
// expert compute.
std::optional<DenseBaseline> parseBaseline(std::string_view name);
// "matched total compute (router included)": how the app and the CLI name each baseline.
std::string_view baselineTitle(DenseBaseline baseline);

namespace settings {
// What only an experiment has (core/base/setting.h).
inline constexpr Setting kCustomHidden {
    .key = "customHidden",
    .label = "custom dense width",
    .min = kHidden.min,
    .max = kHidden.max,
    .defaultValue = 64,
    .help = "Hidden width of the dense baseline's feed-forward blocks when 'custom width' is "
            "chosen."};
inline constexpr Setting kStepsPerSecond {
    .key = "stepsPerSecond",
    .label = "speed",
    .min = 0,
    .max = 100000,
    .defaultValue = 30,
    .unit = "steps/s",
    .help = "The app's training speed in steps per second (0: as fast as the machine goes); "
            "slow enough by default to watch the models learn."};
inline constexpr Setting kStepBudget {
    .key = "stepBudget",
    .label = "step budget",
    .min = 0,
    .max = 100'000'000,
    .defaultValue = 3000,
    .unit = "steps",
    .help = "The app pauses by itself after this many steps, and Train on (or Play) trains as "
            "many again (0: no limit). The app's analogue of a headless run's steps.",
    .step = 500};
// Every setting only an experiment has.
inline constexpr const Setting *kExperimentSettings[]
    = {&kCustomHidden, &kStepsPerSecond, &kStepBudget};
} // namespace settings

struct Experiment
{
    datasets::DatasetSpec dataset;
    double testFraction = 0.2;
    ModelConfig model; // the MoE; the dense baseline shares width, blocks and activation
    DenseBaseline baseline = DenseBaseline::MatchTotalCompute; // the honest match
    int customHidden = settings::kCustomHidden.defaultInt();
    TrainingConfig training;
    // How long a headless run trains (the app trains until paused).
    Index steps = Index(settings::kSteps.defaultValue);
    int stepsPerSecond = settings::kStepsPerSecond.defaultInt(); // 0 = as fast as it goes
    // The app pauses at every multiple of this many steps (0 = never): a run that stops by itself.
    Index stepBudget = Index(settings::kStepBudget.defaultValue);
    int mapResolution = 96; // pixels per side of the decision and routing maps

    Experiment();
    // Throws ConfigError naming what cannot be built: any setting the engine refuses, either
    // model (the dense baseline's width follows from the MoE), or no block to compare.
    void validate() const;
    ModelConfig moeModel() const;   // blockKind = Moe
    ModelConfig denseModel() const; // blockKind = Dense with the baseline's hidden width
    // Whether going from this config to `next` needs new models (or new data); if not, `next`
    // only changes settings that apply live (learning rate, loss weights, capacity, speed, budget).
    bool needsRebuild(const Experiment &next) const;
    bool needsNewData(const Experiment &next) const;
};

// The classroom demo the app starts on, the lessons start from and `moelab-cli demo` trains: a
// 16 x 16 grid of random classes, where 16 experts of hidden 16 at top-2 beat the dense network
// of the same total compute by a wide margin (docs/measurements/payoff-search.md): width 8, two
// blocks, no capacity limit, balance loss 0.01, batch 1024, lr 0.01, 3000 steps at 50 steps/s.
// Everything else
// keeps its settings-table default.
Experiment classroomDemo();

} // namespace moe
