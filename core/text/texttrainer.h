#pragma once

// Training the text model (docs/text.md, "Training"), nanoGPT's recipe:
//   * a batch is B windows of L + 1 tokens at offsets drawn uniformly from [0, n - L - 1] of the
//     training tokens: inputs x = w[0..L), targets y = w[1..L]  (TextBatcher);
//   * loss = mean next-token cross-entropy + every MoE layer's balance and z-losses;
//   * the gradient's global norm is clipped to gradClip (0: no clipping);
//   * AdamW (decoupled weight decay on weights and embeddings, not on biases or LayerNorms);
//   * learning rate: linear warm-up from lr/warmup to lr over `warmup` steps, then a cosine from
//     lr down to minLearningRate at the last step (scheduledLearningRate).
// Same seed => same batches, same weights, for any thread count.

#include "core/base/rng.h"
#include "core/text/textmodel.h"
#include "core/train/adam.h"

#include <span>
#include <vector>

namespace moe {

struct TextTrainConfig
{
    int sequences = settings::kSequences.defaultInt(); // B
    int steps = 2000;
    float learningRate = 1e-3f;
    float minLearningRate = float(settings::kMinLearningRate.defaultValue);
    int warmup = settings::kWarmup.defaultInt();
    float beta1 = 0.9f;
    float beta2 = 0.99f;
    float weightDecay = 0.1f;
    float epsilon = 1e-8f;
    float gradClip = float(settings::kGradClip.defaultValue);

    void validate() const; // throws ConfigError
};

// The learning rate of step `step` (from 0) of a run of config.steps steps.
float scheduledLearningRate(const TextTrainConfig &config, int step);

struct TokenBatch
{
    std::vector<int> inputs, targets; // B * length each, sequence-major
    Index length = 0;
};

class TextBatcher
{
public:
    // Throws DataError when the tokens cannot hold one window of length + 1.
    TextBatcher(std::span<const int> tokens, Index length, Rng rng);
    TokenBatch next(int sequences);

private:
    std::span<const int> m_tokens;
    Index m_length;
    Rng m_rng;
};

// What one training step did.
struct TextStepResult
{
    double loss = 0.0;     // cross-entropy, nats per token
    double auxLoss = 0.0;  // the MoE layers' balance + z-losses
    double gradNorm = 0.0; // before clipping
    float learningRate = 0.0f;
    std::vector<double> droppedShare; // per MoE layer: dropped slots / routed slots
};

class TextTrainer
{
public:
    TextTrainer(TextModel &model, const TextTrainConfig &config, Rng rng);

    TextStepResult step(const TokenBatch &batch);
    int stepsDone() const { return m_step; }
    // The settings that apply between steps: the learning rates, warm-up, the schedule's length
    // and clipping (the app's live controls). Throws ConfigError for settings out of range.
    void setLiveSettings(const TextTrainConfig &config);
    const TextTrainConfig &config() const { return m_config; }

private:
    TextModel &m_model;
    TextTrainConfig m_config;
    Rng m_rng; // routing noise and jitter
    std::vector<Parameter *> m_parameters;
    Adam m_optimizer;
    int m_step = 0;
};

} // namespace moe
