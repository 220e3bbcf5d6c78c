#pragma once

// Everything that defines a run of the app's Text arena: the corpus and its tokenizer, the MoE
// text model and its dense baseline of the same FLOPs per token, the training recipe, and the pace.
// The Text arena's controls edit one and its worker runs it (ui/text/textworker.h); Qt-free, as
// Experiment is for the 2-D arena.

#include "core/text/generation.h"
#include "core/text/texttrainer.h"
#include "datasets/text/tokenizer.h"

#include <string>

namespace moe {

namespace settings {
// How the Text arena paces itself; the 2-D arena's speed and budget keep their own defaults.
inline constexpr Setting kTextEvalEvery {
    .key = "evalEvery",
    .option = "eval-every",
    .label = "evaluation interval",
    .min = 1,
    .max = 100'000,
    .defaultValue = 50,
    .unit = "steps",
    .help = "Steps between evaluations: validation loss, the token strip, generated text and the "
            "specialisation views are refreshed at each."};
} // namespace settings

struct TextExperiment
{
    std::string corpus = "shakespeare"; // a built-in corpus (datasets/text/textcorpus.h) or a path
    datasets::TokenizerKind tokenizer = datasets::TokenizerKind::Char;
    int vocab = settings::kVocab.defaultInt(); // bpe and unigram only
    // The MoE model (moeEvery 1 or 2); the dense baseline is the same transformer with dense
    // feed-forward layers of hidden width hD in every block.
    TextModelConfig model;
    // The experts' hidden width follows from hD (matchedExpertHidden) instead of model.moe.
    bool matchCompute = true;
    TextTrainConfig training; // training.steps is the length of the learning-rate schedule
    std::uint64_t seed = 1;
    int stepsPerSecond = 30; // 0: as fast as the machine goes
    int stepBudget = 2000;   // pauses at every multiple (0: never); the schedule's length
    int evalEvery = settings::kTextEvalEvery.defaultInt();
    Index evalTokens = 4096; // validation tokens of each evaluation (the curves' points)
    // Sampling temperature of the generated text (applies at once; core/text/generation.h).
    float temperature = float(settings::kTemperature.defaultValue);

    // Throws ConfigError naming the first setting out of range (the vocabulary comes later, from
    // the tokenizer).
    void validate() const;
    // The two models for a tokenizer of `vocab` tokens.
    TextModelConfig moeModel(int vocab) const;
    TextModelConfig denseModel(int vocab) const;
    // A new corpus or tokenizer: the text must be read and tokenized again.
    bool needsNewData(const TextExperiment &next) const;
    // New models (the shape, the seed, the batch or the optimiser's decay); the rest applies live.
    bool needsRebuild(const TextExperiment &next) const;
};

// The MoE's experts at the dense FFN's FLOPs per token, router counted (docs/text.md, "The
// model"): the largest h with (k + shared) 4 d h + 2 d E <= 4 d hD.
int matchedExpertHidden(const TextModelConfig &config);

// The Text arena's default demo (docs/text.md, "In the app"): char-level Shakespeare, 2 blocks of
// width 64, context 64, an MoE of 8 experts at top-2 in every block against the dense model of the
// same compute, 30 steps/s for a budget of 2000 steps.
TextExperiment textClassroomDemo();

} // namespace moe
