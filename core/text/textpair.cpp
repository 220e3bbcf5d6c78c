#include "core/text/textpair.h"

#include "core/base/error.h"

#include <chrono>

namespace moe {

// As runTextTraining (app/cli/textrun.cpp): the model's weights from the seed's generator, then
// the batches and the routing noise from two streams split off it.
TextRun::TextRun(const TextModelConfig &config, const TextTrainConfig &training,
                 std::span<const int> tokens, std::uint64_t seed)
    : rng(seed)
    , model((config.validate(), std::make_unique<TextModel>(config, rng)))
    , batcher(tokens, config.context, rng.split())
    , trainer(std::make_unique<TextTrainer>(*model, training, rng.split()))
{ }

TextStepResult TextRun::step(double &ms)
{
    const TokenBatch batch = batcher.next(trainer->config().sequences);
    const auto start = std::chrono::steady_clock::now();
    TextStepResult result = trainer->step(batch);
    ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
             .count();
    return result;
}

TextPair::TextPair(const TextModelConfig &moe, const TextModelConfig &dense,
                   const TextTrainConfig &training, std::span<const int> trainTokens,
                   std::uint64_t seed)
    : m_moe(moe, training, trainTokens, seed)
    , m_dense(dense, training, trainTokens, seed)
{ }

TextPairStep TextPair::step()
{
    TextPairStep result;
    result.moe = m_moe.step(result.moeMs);
    result.dense = m_dense.step(result.denseMs);
    return result;
}

void TextPair::setLiveSettings(const TextTrainConfig &training, const MoeConfig &moe)
{
    m_moe.trainer->setLiveSettings(training);
    m_dense.trainer->setLiveSettings(training);
    for (MoeBlock *layer : m_moe.model->moeLayers())
        layer->setLiveSettings(moe);
}

void TextPair::replace(bool moe, std::unique_ptr<TextModel> model)
{
    TextRun &side = moe ? m_moe : m_dense;
    const TextModelConfig &have = model->config(), &want = side.model->config();
    const std::vector<Parameter *> a = model->parameters(), b = side.model->parameters();
    bool same = a.size() == b.size() && have.context == want.context;
    for (std::size_t i = 0; same && i < a.size(); ++i)
        same = a[i]->name == b[i]->name && a[i]->value.rows() == b[i]->value.rows()
            && a[i]->value.cols() == b[i]->value.cols();
    if (!same)
        throw ConfigError("the saved model's shape is not the one it would replace");
    const TextTrainConfig training = side.trainer->config();
    side.trainer.reset(); // it holds the old model
    side.model = std::move(model);
    side.trainer = std::make_unique<TextTrainer>(*side.model, training, side.rng.split());
}

} // namespace moe
