#include "core/text/textblock.h"

#include "core/text/textinit.h"

#include <cmath>

namespace moe {

TextBlock::TextBlock(int n, const TextModelConfig &config, Rng &rng)
    : m_ln1("block" + std::to_string(n) + ".ln1", config.width)
    , m_ln2("block" + std::to_string(n) + ".ln2", config.width)
    , m_attention("block" + std::to_string(n) + ".attn", config.width, config.heads,
                  kTextInitStddev, kTextInitStddev / std::sqrt(2.0f * float(config.blocks)), rng)
{
    const std::string ffn = "block" + std::to_string(n) + ".ffn";
    if (config.isMoeBlock(n)) {
        m_moe = std::make_unique<MoeBlock>(ffn, config.width, config.moe, Activation::Gelu, rng);
        m_moe->setResidual(false);
        m_moe->setBlasProducts(true);
    } else {
        m_dense = std::make_unique<Ffn>(ffn, config.width, config.effectiveDenseHidden(),
                                        Activation::Gelu, rng);
        m_dense->setBlasProducts(true);
    }
    // nanoGPT's initialisation (core/text/textinit.h), over every FFN weight and the router's.
    const float downStddev = kTextInitStddev / std::sqrt(2.0f * float(config.blocks));
    for (Parameter *p : m_dense ? m_dense->parameters() : m_moe->parameters()) {
        const bool bias = p->name.ends_with(".bias");
        if (bias)
            p->value.setZero();
        else
            fillNormal(*p, p->name.ends_with(".down.weight") ? downStddev : kTextInitStddev, rng);
    }
}

std::vector<Parameter *> TextBlock::parameters()
{
    std::vector<Parameter *> all = m_ln1.parameters();
    for (Parameter *p : m_attention.parameters())
        all.push_back(p);
    for (Parameter *p : m_ln2.parameters())
        all.push_back(p);
    for (Parameter *p : m_dense ? m_dense->parameters() : m_moe->parameters())
        all.push_back(p);
    return all;
}

void TextBlock::ffnForward(const Matrix &f, Matrix &out, const ForwardContext &context)
{
    if (m_dense)
        m_dense->forward(f, out);
    else
        m_moe->forward(f, out, context);
}

void TextBlock::forward(const Matrix &h, Index sequences, Index length, Matrix &y,
                        const ForwardContext &context)
{
    m_ln1.forward(h, m_a);
    m_attention.forward(m_a, sequences, length, m_attnOut);
    m_h1 = h + m_attnOut;
    m_ln2.forward(m_h1, m_f);
    ffnForward(m_f, m_ffnOut, context);
    y = m_h1 + m_ffnOut;
}

void TextBlock::backward(const Matrix & /*h*/, const Matrix &dy, Matrix &dh)
{
    if (m_dense)
        m_dense->backward(m_f, dy, &m_dF);
    else
        m_moe->backward(m_f, dy, m_dF);
    m_ln2.backward(m_dF, m_dH1);
    m_dH1 += dy;
    m_attention.backward(m_a, m_dH1, m_dA);
    m_ln1.backward(m_dA, dh);
    dh += m_dH1;
}

void TextBlock::forwardReference(const Matrix &h, Index sequences, Index length, Matrix &y,
                                 const ForwardContext &context)
{
    Matrix a, attnOut, h1, f, ffnOut;
    m_ln1.forwardReference(h, a);
    m_attention.forwardReference(a, sequences, length, attnOut);
    h1 = h + attnOut;
    m_ln2.forwardReference(h1, f);
    if (m_dense)
        m_dense->forward(f, ffnOut);
    else
        m_moe->forwardReference(f, ffnOut, context);
    y = h1 + ffnOut;
}

void TextBlock::forwardCached(const Matrix &h, KvCache &cache, Matrix &y)
{
    // The fast layers, so that a generated token gets the numbers a batch would give it.
    Matrix a, attnOut, f, ffnOut;
    m_ln1.forward(h, a);
    m_attention.forwardCached(a, cache, attnOut);
    const Matrix h1 = h + attnOut;
    m_ln2.forward(h1, f);
    const ForwardContext evaluation {.training = false, .rng = nullptr};
    ffnForward(f, ffnOut, evaluation);
    y = h1 + ffnOut;
}

} // namespace moe
