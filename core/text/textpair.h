#pragma once

// The Text arena's two models trained side by side: an MoE text model and the dense transformer of
// the same FLOPs per token. Each is seeded, batched and trained exactly as `moelab-cli train --task
// text --seed S --steps N` trains it alone (core/text/texttrainer.h; N is the schedule's length),
// so the app's numbers are the command line's. Same seed => same weights, for any thread count.

#include "core/text/texttrainer.h"

#include <memory>
#include <span>

namespace moe {

// One model with its batches and trainer, seeded as `moelab-cli train --task text --seed S` seeds
// a run: the weights from the seed's generator, then the batches and the routing noise from two
// streams split off it. Both sides of a TextPair are one, and so is each run of the Text arena's
// capacity sweep (ui/text/textsweep.h).
struct TextRun
{
    // Throws ConfigError for a model the settings cannot build, DataError for too few tokens.
    TextRun(const TextModelConfig &config, const TextTrainConfig &training,
            std::span<const int> tokens, std::uint64_t seed);
    Rng rng;
    std::unique_ptr<TextModel> model;
    TextBatcher batcher;
    std::unique_ptr<TextTrainer> trainer;
    // One batch: forward, backward, update; `ms` is what it took (drawing the batch left out).
    TextStepResult step(double &ms);
};

struct TextPairStep
{
    TextStepResult moe, dense;
    double moeMs = 0.0, denseMs = 0.0; // what each model's step took (forward, backward, update)
};

class TextPair
{
public:
    // Throws ConfigError for a model the settings cannot build, DataError for too few tokens.
    TextPair(const TextModelConfig &moe, const TextModelConfig &dense,
             const TextTrainConfig &training, std::span<const int> trainTokens, std::uint64_t seed);

    TextPairStep step(); // one batch, both models
    int steps() const { return m_moe.trainer->stepsDone(); }
    TextModel &moe() { return *m_moe.model; }
    TextModel &dense() { return *m_dense.model; }
    // What applies without new models: the learning-rate schedule and clipping, and the MoE
    // layers' live settings (capacity, drop policy, loss weights, jitter, bias rate).
    void setLiveSettings(const TextTrainConfig &training, const MoeConfig &moe);
    // A saved model (files/textmodelfile.h) takes the place of the MoE (moe = true) or the dense
    // model and trains on from its weights and router state with a fresh optimiser. Throws
    // ConfigError unless its shape is the one it replaces.
    void replace(bool moe, std::unique_ptr<TextModel> model);

private:
    TextRun m_moe, m_dense;
};

} // namespace moe
