#include "core/text/textmodel.h"

#include "core/base/error.h"
#include "core/base/gemm.h"
#include "core/base/parallel.h"
#include "core/text/textinit.h"
#include "core/text/textloss.h"

namespace moe {

TextModel::TextModel(const TextModelConfig &config, Rng &rng)
    : m_config((config.validate(), config))
    , m_embedding(config.vocab, config.context, config.width, kTextInitStddev, rng)
    , m_lnf("ln_f", config.width)
{
    m_blocks.reserve(std::size_t(config.blocks));
    for (int n = 1; n <= config.blocks; ++n)
        m_blocks.emplace_back(n, config, rng);
    m_head.name = "head.weight";
    m_head.value.resize(config.vocab, config.width);
    fillNormal(m_head, kTextInitStddev, rng);
    m_head.zeroGrad();
}

std::vector<Parameter *> TextModel::parameters()
{
    std::vector<Parameter *> all = m_embedding.parameters();
    for (TextBlock &block : m_blocks)
        for (Parameter *p : block.parameters())
            all.push_back(p);
    for (Parameter *p : m_lnf.parameters())
        all.push_back(p);
    all.push_back(&m_head);
    return all;
}

std::vector<MoeBlock *> TextModel::moeLayers()
{
    std::vector<MoeBlock *> layers;
    for (TextBlock &block : m_blocks)
        if (block.moe())
            layers.push_back(block.moe());
    return layers;
}

std::vector<const MoeBlock *> TextModel::moeLayers() const
{
    std::vector<const MoeBlock *> layers;
    for (const TextBlock &block : m_blocks)
        if (block.moe())
            layers.push_back(block.moe());
    return layers;
}

void TextModel::afterOptimizerStep()
{
    for (TextBlock &block : m_blocks)
        block.afterOptimizerStep();
}

double TextModel::auxiliaryLoss() const
{
    double loss = 0.0;
    for (const TextBlock &block : m_blocks)
        loss += block.auxiliaryLoss();
    return loss;
}

void TextModel::head(const Matrix &h)
{
    m_lnf.forward(h, m_z);
    m_logits.resize(h.rows(), m_config.vocab);
    // logits (B*T, V) = z W_head^T, in fixed row chunks
    const bool parallel = double(h.rows()) * m_config.width * m_config.vocab > double(1 << 17);
    gemmRows(Op::N, Op::T, 1.0f, m_z, m_head.value, 0.0f, m_logits, parallel);
}

const Matrix &TextModel::forward(std::span<const int> ids, Index length,
                                 const ForwardContext &context)
{
    if (length < 1 || length > m_config.context || ids.size() % std::size_t(length) != 0)
        throw ConfigError("a batch of " + std::to_string(ids.size())
                          + " tokens is not whole sequences of " + std::to_string(length)
                          + " tokens within the context of " + std::to_string(m_config.context));
    for (int id : ids)
        if (id < 0 || id >= m_config.vocab)
            throw ConfigError("token id " + std::to_string(id) + " is outside the vocabulary of "
                              + std::to_string(m_config.vocab));
    m_ids.assign(ids.begin(), ids.end());
    m_length = length;
    const Index sequences = Index(ids.size()) / length;
    m_hidden.resize(m_blocks.size() + 1);
    m_embedding.forward(ids, length, m_hidden[0]);
    for (std::size_t n = 0; n < m_blocks.size(); ++n)
        m_blocks[n].forward(m_hidden[n], sequences, length, m_hidden[n + 1], context);
    head(m_hidden.back());
    return m_logits;
}

double TextModel::crossEntropy(std::span<const int> targets, bool gradient)
{
    const double loss = tokenCrossEntropy(m_logits, targets, gradient ? &m_dLogits : nullptr);
    if (!gradient)
        return loss;
    // dW_head (V, d) += dlogits^T z, chunked over the vocabulary; dz = dlogits W_head
    const Index rows = m_logits.rows();
    gemmRows(Op::T, Op::N, 1.0f, m_dLogits, m_z, 1.0f, m_head.grad, true);
    m_dz.resize(rows, m_config.width);
    gemmRows(Op::N, Op::N, 1.0f, m_dLogits, m_head.value, 0.0f, m_dz, true);
    m_lnf.backward(m_dz, m_dh);
    for (std::size_t n = m_blocks.size(); n-- > 0;) {
        m_blocks[n].backward(m_hidden[n], m_dh, m_dhNext);
        std::swap(m_dh, m_dhNext);
    }
    m_embedding.backward(m_ids, m_length, m_dh);
    return loss;
}

Matrix TextModel::forwardReference(std::span<const int> ids, Index length,
                                   const ForwardContext &context)
{
    const Index sequences = Index(ids.size()) / length;
    Matrix h, next, z;
    m_embedding.forward(ids, length, h);
    for (TextBlock &block : m_blocks) {
        block.forwardReference(h, sequences, length, next, context);
        std::swap(h, next);
    }
    m_lnf.forwardReference(h, z);
    return z * m_head.value.transpose();
}

TextModel::Cache TextModel::newCache() const
{
    Cache cache;
    cache.blocks.resize(m_blocks.size());
    for (KvCache &c : cache.blocks) {
        c.keys.resize(m_config.context, m_config.width);
        c.values.resize(m_config.context, m_config.width);
    }
    return cache;
}

const Matrix &TextModel::step(int id, Cache &cache)
{
    if (m_config.isMoe() && m_config.moe.router == RouterKind::ExpertChoice)
        throw ConfigError(
            "expert choice cannot generate text one token at a time: each expert picks its "
            "top tokens among a whole batch, so a token's experts depend on the tokens after it, "
            "which do not exist yet while generating (Zhou et al. 2022). Train with a "
            "token-choice router (topk, switch, noisy-topk or aux-free) to generate");
    if (id < 0 || id >= m_config.vocab)
        throw ConfigError("token id " + std::to_string(id) + " is outside the vocabulary of "
                          + std::to_string(m_config.vocab));
    if (cache.length >= m_config.context)
        throw ConfigError("the generation cache is full (" + std::to_string(m_config.context)
                          + " tokens): start a new one");
    Matrix h, next;
    m_embedding.forwardOne(id, cache.length, h);
    for (std::size_t n = 0; n < m_blocks.size(); ++n) {
        m_blocks[n].forwardCached(h, cache.blocks[n], next);
        std::swap(h, next);
    }
    ++cache.length;
    head(h);
    return m_logits;
}

} // namespace moe
