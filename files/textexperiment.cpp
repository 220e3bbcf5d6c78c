#include "files/textexperiment.h"

#include "core/base/error.h"

#include <algorithm>
#include <tuple>

namespace moe {

int matchedExpertHidden(const TextModelConfig &config)
{
    const int users = config.moe.effectiveTopK() + config.moe.sharedExperts;
    return std::max(1, (config.effectiveDenseHidden() - (config.moe.experts + 1) / 2) / users);
}

TextModelConfig TextExperiment::moeModel(int vocabSize) const
{
    TextModelConfig c = model;
    c.vocab = vocabSize;
    c.moeEvery = std::max(1, model.moeEvery);
    if (matchCompute)
        c.moe.expertHidden = matchedExpertHidden(c);
    return c;
}

TextModelConfig TextExperiment::denseModel(int vocabSize) const
{
    TextModelConfig c = model;
    c.vocab = vocabSize;
    c.moeEvery = 0;
    return c;
}

void TextExperiment::validate() const
{
    if (corpus.empty())
        throw ConfigError("no corpus chosen");
    settings::kVocab.require(vocab);
    moeModel(2).validate();
    training.validate();
    settings::kTextEvalEvery.require(evalEvery);
    settings::kEvalTokens.require(double(evalTokens));
    settings::kTemperature.require(double(temperature));
    if (stepsPerSecond < 0)
        throw ConfigError("the speed cannot be negative");
    if (stepBudget < 0)
        throw ConfigError("the step budget cannot be negative");
}

bool TextExperiment::needsNewData(const TextExperiment &n) const
{
    // The arithmetic corpus is generated from the seed.
    return corpus != n.corpus || tokenizer != n.tokenizer
        || (tokenizer != datasets::TokenizerKind::Char && vocab != n.vocab)
        || (corpus == "arithmetic" && seed != n.seed);
}

bool TextExperiment::needsRebuild(const TextExperiment &n) const
{
    const TextModelConfig a = moeModel(2), b = n.moeModel(2);
    const bool shape = std::tie(a.context, a.width, a.heads, a.blocks, a.denseHidden, a.moeEvery)
            != std::tie(b.context, b.width, b.heads, b.blocks, b.denseHidden, b.moeEvery)
        || std::tie(a.moe.experts, a.moe.topK, a.moe.expertHidden, a.moe.router, a.moe.renormalize,
                    a.moe.sharedExperts)
            != std::tie(b.moe.experts, b.moe.topK, b.moe.expertHidden, b.moe.router,
                        b.moe.renormalize, b.moe.sharedExperts);
    const bool recipe = training.sequences != n.training.sequences
        || training.weightDecay != n.training.weightDecay || training.beta1 != n.training.beta1
        || training.beta2 != n.training.beta2 || training.epsilon != n.training.epsilon;
    return needsNewData(n) || shape || recipe || seed != n.seed;
}

TextExperiment textClassroomDemo()
{
    TextExperiment e;
    e.model.blocks = 2;
    e.model.width = 64;
    e.model.heads = 4;
    e.model.context = 64;
    e.model.moeEvery = 1;
    e.model.moe.experts = 8;
    e.model.moe.topK = 2;
    e.training.sequences = 16;
    e.training.learningRate = 3e-3f;
    e.training.minLearningRate = 3e-4f;
    e.training.warmup = 50;
    e.training.steps = e.stepBudget;
    return e;
}

} // namespace moe
