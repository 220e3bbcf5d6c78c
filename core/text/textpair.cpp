#include "core/text/textpair.h"

#include <chrono>

namespace moe {

// As runTextTraining (app/cli/textrun.cpp): the model's weights from the seed's generator, then
// the batches and the routing noise from two streams split off it.
TextPair::Side::Side(const TextModelConfig &config, const TextTrainConfig &training,
                     std::span<const int> tokens, std::uint64_t seed)
    : rng(seed)
    , model((config.validate(), std::make_unique<TextModel>(config, rng)))
    , batcher(tokens, config.context, rng.split())
    , trainer(*model, training, rng.split())
{
}

TextStepResult TextPair::Side::step(double &ms)
{
    const TokenBatch batch = batcher.next(trainer.config().sequences);
    const auto start = std::chrono::steady_clock::now();
    TextStepResult result = trainer.step(batch);
    ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
             .count();
    return result;
}

TextPair::TextPair(const TextModelConfig &moe, const TextModelConfig &dense,
                   const TextTrainConfig &training, std::span<const int> trainTokens,
                   std::uint64_t seed)
    : m_moe(moe, training, trainTokens, seed)
    , m_dense(dense, training, trainTokens, seed)
{
}

TextPairStep TextPair::step()
{
    TextPairStep result;
    result.moe = m_moe.step(result.moeMs);
    result.dense = m_dense.step(result.denseMs);
    return result;
}

void TextPair::setLiveSettings(const TextTrainConfig &training, const MoeConfig &moe)
{
    m_moe.trainer.setLiveSettings(training);
    m_dense.trainer.setLiveSettings(training);
    for (MoeBlock *layer : m_moe.model->moeLayers())
        layer->setLiveSettings(moe);
}

} // namespace moe
