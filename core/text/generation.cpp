#include "core/text/generation.h"

#include "core/base/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace moe {

void GenerationConfig::validate() const
{
    settings::kGenerateTokens.require(tokens);
    settings::kTemperature.requireFloat(temperature);
    settings::kSampleTopK.require(topK);
}

int sampleToken(const Matrix &logits, float temperature, int topK, Rng &rng)
{
    const Index vocab = logits.cols();
    std::vector<int> order(static_cast<std::size_t>(vocab));
    std::iota(order.begin(), order.end(), 0);
    std::size_t keep = order.size();
    if (topK > 0 && Index(topK) < vocab) {
        keep = std::size_t(topK);
        // the k largest logits, ties to the lower id
        std::partial_sort(
            order.begin(), order.begin() + std::ptrdiff_t(keep), order.end(), [&](int a, int b) {
                return logits(0, a) > logits(0, b) || (logits(0, a) == logits(0, b) && a < b);
            });
        order.resize(keep);
        std::sort(order.begin(), order.end());
    }
    double top = -INFINITY;
    for (int id : order)
        top = std::max(top, double(logits(0, id)) / double(temperature));
    std::vector<double> weights(keep);
    double sum = 0.0;
    for (std::size_t i = 0; i < keep; ++i)
        sum += (weights[i] = std::exp(double(logits(0, order[i])) / double(temperature) - top));
    double u = rng.uniform() * sum;
    for (std::size_t i = 0; i < keep; ++i) {
        u -= weights[i];
        if (u < 0.0)
            return order[i];
    }
    return order[keep - 1];
}

namespace {
void recordRouting(const TextModel &model, GeneratedToken &token)
{
    for (const MoeBlock *layer : model.moeLayers()) {
        TokenRoute route;
        for (const Assignment &a : layer->lastDecision().assignments)
            if (a.kept && a.token == 0) {
                route.experts.push_back(a.expert);
                route.gates.push_back(a.gate);
            }
        token.layers.push_back(std::move(route));
    }
}
} // namespace

std::vector<GeneratedToken> generateText(TextModel &model, std::span<const int> prompt,
                                         const GenerationConfig &config, Rng &rng)
{
    config.validate();
    if (prompt.empty())
        throw ConfigError("generation needs a prompt of at least one token");
    const Index L = model.config().context;
    std::vector<GeneratedToken> out;
    out.reserve(prompt.size() + std::size_t(config.tokens));
    TextModel::Cache cache = model.newCache();
    const Matrix *logits = nullptr;
    // Feeds one token; when the cache is full, slides the window by half first.
    const auto feed = [&](int id) {
        if (cache.length == L) {
            cache = model.newCache();
            const std::size_t keep = std::size_t(L / 2);
            for (std::size_t i = out.size() - keep; i < out.size(); ++i)
                model.step(out[i].id, cache);
        }
        logits = &model.step(id, cache);
    };
    for (int id : prompt) {
        feed(id);
        GeneratedToken token {.id = id, .prompt = true, .layers = {}};
        recordRouting(model, token);
        out.push_back(std::move(token));
    }
    for (int i = 0; i < config.tokens; ++i) {
        const int id = sampleToken(*logits, config.temperature, config.topK, rng);
        feed(id);
        GeneratedToken token {.id = id, .prompt = false, .layers = {}};
        recordRouting(model, token);
        out.push_back(std::move(token));
    }
    return out;
}

} // namespace moe
