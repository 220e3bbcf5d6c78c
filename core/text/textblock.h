#pragma once

// One pre-LN transformer block (GPT-2, nanoGPT's Block), on B sequences of T tokens:
//   h1 = h + Attn(LN1(h))        y = h1 + FFN(LN2(h1))
// FFN is dense, down(GELU(up(f))), or an MoE layer over the B*T tokens of the batch (every router,
// capacity, drop policy and auxiliary loss of core/moe). Backward:
//   dh1 = dy + LN2'(FFN'(dy))    dh = dh1 + LN1'(Attn'(dh1))

#include "core/moe/moeblock.h"
#include "core/nn/ffn.h"
#include "core/text/attention.h"
#include "core/text/layernorm.h"
#include "core/text/textconfig.h"

#include <memory>

namespace moe {

class TextBlock
{
public:
    // n counts from 1: the parameters are named "block<n>.ln1.weight", ...
    TextBlock(int n, const TextModelConfig &config, Rng &rng);

    // h (B*T, d) -> y (B*T, d); caches what backward needs (the caller keeps h).
    void forward(const Matrix &h, Index sequences, Index length, Matrix &y,
                 const ForwardContext &context);
    void backward(const Matrix &h, const Matrix &dy, Matrix &dh);
    // The same maths through every layer's plain reference (tests).
    void forwardReference(const Matrix &h, Index sequences, Index length, Matrix &y,
                          const ForwardContext &context);
    // One token at position cache.length (generation, evaluation routing): h, y (1, d).
    void forwardCached(const Matrix &h, KvCache &cache, Matrix &y);

    std::vector<Parameter *> parameters();
    MoeBlock *moe() { return m_moe.get(); }
    const MoeBlock *moe() const { return m_moe.get(); }
    const CausalSelfAttention &attention() const { return m_attention; }
    double auxiliaryLoss() const { return m_moe ? m_moe->auxiliaryLoss() : 0.0; }
    void afterOptimizerStep()
    {
        if (m_moe)
            m_moe->afterOptimizerStep();
    }

private:
    void ffnForward(const Matrix &f, Matrix &out, const ForwardContext &context);

    LayerNorm m_ln1, m_ln2;
    CausalSelfAttention m_attention;
    std::unique_ptr<Ffn> m_dense;    // a dense block's FFN
    std::unique_ptr<MoeBlock> m_moe; // an MoE block's layer (without its own residual)
    Matrix m_a, m_attnOut, m_h1, m_f, m_ffnOut;
    Matrix m_dF, m_dA, m_dH1;
};

} // namespace moe
