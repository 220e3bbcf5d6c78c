#pragma once

// The text model (docs/text.md): token and position embeddings, N pre-LN transformer blocks
// (core/text/textblock.h), a final LayerNorm and a head without bias:
//   h0 = E_tok[x] + E_pos[t]    h_n = Block_n(h_{n-1})    z = LN_f(h_N)    logits = z W_head^T
// Loss: the mean next-token cross-entropy over the B*T positions (nats per token), plus every MoE
// layer's balance and z-losses.
// Batches are B sequences of T <= L tokens, sequence-major: ids[b*T + t], logits row b*T + t.

#include "core/text/embedding.h"
#include "core/text/textblock.h"
#include "core/text/textconfig.h"

#include <span>

namespace moe {

class TextModel
{
public:
    TextModel(const TextModelConfig &config, Rng &rng);

    const TextModelConfig &config() const { return m_config; }
    // logits (B*T, V) of B sequences of `length` tokens; caches for backward.
    const Matrix &forward(std::span<const int> ids, Index length, const ForwardContext &context);
    // The cross-entropy of the last forward's logits against `targets` (one per row), nats per
    // token; with `gradient`, also backpropagates it (and the auxiliary losses) into every
    // parameter's gradient (accumulated).
    double crossEntropy(std::span<const int> targets, bool gradient);
    // Sum of the MoE layers' balance and z-losses of the last forward pass.
    double auxiliaryLoss() const;
    // The same forward pass through every layer's plain reference (tests).
    Matrix forwardReference(std::span<const int> ids, Index length, const ForwardContext &context);

    std::vector<Parameter *> parameters();
    TextModelCost cost() const { return textModelCost(m_config); }
    int blockCount() const { return int(m_blocks.size()); }
    TextBlock &block(int i) { return m_blocks[std::size_t(i)]; }
    const TextBlock &block(int i) const { return m_blocks[std::size_t(i)]; }
    // The MoE layers, in block order.
    std::vector<MoeBlock *> moeLayers();
    std::vector<const MoeBlock *> moeLayers() const;
    void afterOptimizerStep();
    const Matrix &logits() const { return m_logits; }

    // Generation: the next token's logits (1, V) after feeding `id` at the next position.
    // Throws ConfigError for expert choice (core/text/generation.h says why).
    struct Cache
    {
        std::vector<KvCache> blocks;
        Index length = 0;
    };
    Cache newCache() const;
    const Matrix &step(int id, Cache &cache);

private:
    void head(const Matrix &h);

    TextModelConfig m_config;
    Embedding m_embedding;
    std::vector<TextBlock> m_blocks;
    LayerNorm m_lnf;
    Parameter m_head; // head.weight (V, d)
    // Forward cache: the input of each block (N + 1 entries, the last is the final LN's input).
    std::vector<int> m_ids;
    Index m_length = 0;
    std::vector<Matrix> m_hidden;
    Matrix m_z, m_logits, m_dLogits, m_dz, m_dh, m_dhNext;
};

} // namespace moe
