#include "core/text/textconfig.h"

#include "core/base/error.h"
#include "core/moe/moeflops.h"

#include <cmath>

namespace moe {

int TextModelConfig::moeLayers() const
{
    int layers = 0;
    for (int n = 1; n <= blocks; ++n)
        layers += isMoeBlock(n) ? 1 : 0;
    return layers;
}

void TextModelConfig::validate() const
{
    if (vocab < 2)
        throw ConfigError("the vocabulary must hold at least 2 tokens, got "
                          + std::to_string(vocab));
    settings::kContext.require(context);
    settings::kTextWidth.require(width);
    settings::kHeads.require(heads);
    settings::kTextBlocks.require(blocks);
    settings::kDenseHidden.require(denseHidden);
    if (width % heads != 0)
        throw ConfigError("model width " + std::to_string(width)
                          + " must be a multiple of the attention heads, " + std::to_string(heads));
    if (moeEvery < 0 || moeEvery > int(settings::kMoeEvery.max))
        throw ConfigError("MoE layer interval must be 0 (dense), 1 or 2, got "
                          + std::to_string(moeEvery));
    if (isMoe())
        moe.validate();
}

TextModelCost textModelCost(const TextModelConfig &config)
{
    const double d = config.width, L = config.context, V = config.vocab;
    const double hD = config.effectiveDenseHidden();
    TextModelCost cost;
    const Index embeddings = Index(config.vocab + config.context) * config.width;
    const Index layerNorm = 2 * Index(config.width);
    const Index attention = Index(4 * config.width + 4) * config.width; // qkv + out, with biases
    const Index denseFfn = Index(2 * hD * d + hD + d);
    const Index head = Index(config.vocab) * config.width;
    cost.totalParams = cost.activeParams = embeddings + layerNorm + head;
    cost.headFlops = 2.0 * d * V;
    for (int n = 1; n <= config.blocks; ++n) {
        const Index shared = 2 * layerNorm + attention;
        cost.totalParams += shared;
        cost.activeParams += shared;
        cost.attentionFlops += 8.0 * d * d + 4.0 * (L + 1.0) / 2.0 * d;
        if (!config.isMoeBlock(n)) {
            cost.totalParams += denseFfn;
            cost.activeParams += denseFfn;
            cost.ffnFlops += 4.0 * d * hD;
            continue;
        }
        const MoeConfig &m = config.moe;
        const Index expert
            = Index(2 * m.expertHidden) * config.width + m.expertHidden + config.width;
        const Index router
            = Index(m.experts) * config.width * (m.router == RouterKind::NoisyTopK ? 2 : 1);
        cost.totalParams += router + Index(m.experts + m.sharedExperts) * expert;
        cost.activeParams
            += router + Index(std::llround((m.activeExperts() + m.sharedExperts) * double(expert)));
        cost.ffnFlops += moeForwardFlops(m, config.width).total();
    }
    cost.forwardFlopsPerToken = cost.attentionFlops + cost.ffnFlops + cost.headFlops;
    return cost;
}

} // namespace moe
