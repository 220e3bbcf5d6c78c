#include "core/text/texteval.h"

#include "core/base/parallel.h"
#include "core/text/textloss.h"

#include <cmath>
#include <numbers>

namespace moe {

TextEvalResult evaluateText(TextModel &model, std::span<const int> tokens, Index maxTokens,
                            const TextWindowSink &sink)
{
    const FlushDenormals flush;
    TextEvalResult result;
    const Index n = Index(tokens.size()), L = model.config().context;
    for (int b = 1; b <= model.config().blocks; ++b)
        if (model.config().isMoeBlock(b))
            result.moeLayers.push_back({.block = b});
    std::vector<double> losses;
    for (Index s = 0; s + 1 < n; s += L) {
        const Index T = std::min(L, n - 1 - s);
        const auto inputs = tokens.subspan(std::size_t(s), std::size_t(T));
        const auto targets = tokens.subspan(std::size_t(s + 1), std::size_t(T));
        const Matrix &logits = model.forward(inputs, T, {.training = false, .rng = nullptr});
        tokenCrossEntropy(logits, targets, nullptr, &losses);
        for (double loss : losses)
            result.nats += loss;
        result.tokens += T;
        ++result.windows;
        std::size_t layer = 0;
        for (const MoeBlock *moe : model.moeLayers()) {
            result.moeLayers[layer].balanceLoss += moe->lastDecision().balanceLoss;
            result.moeLayers[layer].zLoss += moe->lastDecision().zLoss;
            ++layer;
        }
        if (sink)
            sink(s, T, logits, losses);
        if (maxTokens > 0 && result.tokens >= maxTokens)
            break;
    }
    if (result.tokens > 0)
        result.lossNatsPerToken = result.nats / double(result.tokens);
    for (TextEvalLayer &layer : result.moeLayers) {
        layer.balanceLoss /= double(std::max<Index>(result.windows, 1));
        layer.zLoss /= double(std::max<Index>(result.windows, 1));
    }
    return result;
}

double bitsPerCharacter(double nats, double characters)
{
    return characters > 0.0 ? nats / (std::numbers::ln2 * characters) : 0.0;
}

double bitsPerCharacter(double nats, Index scored, std::size_t streamTokens,
                        std::size_t streamCharacters)
{
    if (streamTokens == 0)
        return 0.0;
    return bitsPerCharacter(nats, double(scored) * double(streamCharacters) / double(streamTokens));
}

} // namespace moe
