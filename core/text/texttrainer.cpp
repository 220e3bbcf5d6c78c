#include "core/text/texttrainer.h"

#include "core/base/error.h"
#include "core/base/parallel.h"

#include <cmath>
#include <numbers>

namespace moe {

namespace {
OptimizerConfig adamW(const TextTrainConfig &config)
{
    OptimizerConfig optimizer;
    optimizer.kind = OptimizerKind::Adam;
    optimizer.learningRate = config.learningRate;
    optimizer.beta1 = config.beta1;
    optimizer.beta2 = config.beta2;
    optimizer.epsilon = config.epsilon;
    optimizer.weightDecay = config.weightDecay;
    return optimizer;
}
} // namespace

void TextTrainConfig::validate() const
{
    settings::kSequences.require(sequences);
    settings::kSteps.require(steps);
    settings::kLearningRate.requireFloat(learningRate);
    settings::kMinLearningRate.requireFloat(minLearningRate);
    if (minLearningRate > learningRate)
        throw ConfigError("the final learning rate " + numberText(minLearningRate)
                          + " must not exceed the learning rate " + numberText(learningRate));
    settings::kWarmup.require(warmup);
    settings::kGradClip.requireFloat(gradClip);
    settings::kWeightDecay.requireFloat(weightDecay);
    adamW(*this).validate();
}

float scheduledLearningRate(const TextTrainConfig &config, int step)
{
    if (step < config.warmup)
        return config.learningRate * float(step + 1) / float(config.warmup);
    const int decaySteps = config.steps - config.warmup;
    if (decaySteps <= 1)
        return config.learningRate;
    // cosine from lr at the first step after warm-up to minLr at the last step
    const double progress = double(step - config.warmup) / double(decaySteps - 1);
    const double cosine = 0.5 * (1.0 + std::cos(std::numbers::pi * std::min(progress, 1.0)));
    return float(double(config.minLearningRate)
                 + cosine * double(config.learningRate - config.minLearningRate));
}

TextBatcher::TextBatcher(std::span<const int> tokens, Index length, Rng rng)
    : m_tokens(tokens)
    , m_length(length)
    , m_rng(rng)
{
    if (Index(tokens.size()) < length + 1)
        throw DataError("the training text has " + std::to_string(tokens.size())
                        + " tokens, too few for one sequence of " + std::to_string(length)
                        + " tokens and its next token");
}

TokenBatch TextBatcher::next(int sequences)
{
    TokenBatch batch;
    batch.length = m_length;
    batch.inputs.resize(std::size_t(sequences * m_length));
    batch.targets.resize(batch.inputs.size());
    const auto offsets = std::uint64_t(Index(m_tokens.size()) - m_length);
    for (int b = 0; b < sequences; ++b) {
        const auto start = std::size_t(m_rng.below(offsets));
        for (Index t = 0; t < m_length; ++t) {
            batch.inputs[std::size_t(b * m_length + t)] = m_tokens[start + std::size_t(t)];
            batch.targets[std::size_t(b * m_length + t)] = m_tokens[start + std::size_t(t) + 1];
        }
    }
    return batch;
}

TextTrainer::TextTrainer(TextModel &model, const TextTrainConfig &config, Rng rng)
    : m_model(model)
    , m_config((config.validate(), config))
    , m_rng(rng)
    , m_parameters(model.parameters())
    , m_optimizer(adamW(config))
{
    for (Parameter *p : m_parameters)
        p->zeroGrad();
    m_optimizer.setClearsGradients(true);
}

void TextTrainer::setLiveSettings(const TextTrainConfig &config)
{
    config.validate();
    m_config.learningRate = config.learningRate;
    m_config.minLearningRate = config.minLearningRate;
    m_config.warmup = config.warmup;
    m_config.steps = config.steps;
    m_config.gradClip = config.gradClip;
}

TextStepResult TextTrainer::step(const TokenBatch &batch)
{
    const FlushDenormals flush;
    TextStepResult result;
    m_model.forward(batch.inputs, batch.length, {.training = true, .rng = &m_rng});
    result.loss = m_model.crossEntropy(batch.targets, true);
    result.auxLoss = m_model.auxiliaryLoss();
    for (const MoeBlock *layer : m_model.moeLayers()) {
        const RoutingDecision &d = layer->lastDecision();
        result.droppedShare.push_back(
            d.assignments.empty() ? 0.0 : double(d.droppedSlots()) / double(d.assignments.size()));
    }
    // Global norm, summed in parameter order (the same for any thread count).
    double squares = 0.0;
    for (const Parameter *p : m_parameters)
        squares += double(p->grad.squaredNorm());
    result.gradNorm = std::sqrt(squares);
    if (m_config.gradClip > 0.0f && result.gradNorm > double(m_config.gradClip)) {
        const auto scale = float(double(m_config.gradClip) / result.gradNorm);
        for (Parameter *p : m_parameters)
            p->grad *= scale;
    }
    result.learningRate = scheduledLearningRate(m_config, m_step);
    m_optimizer.setLearningRate(result.learningRate);
    m_optimizer.step(m_parameters);
    m_model.afterOptimizerStep();
    ++m_step;
    return result;
}

} // namespace moe
