#pragma once

// Token and position embeddings of the text model (nanoGPT's wte + wpe):
//   h0 (B*T, d): row b*T + t = E_tok[x_bt] + E_pos[t]      E_tok (V, d), E_pos (L, d)
// Backward from dh0: dE_tok[x_bt] += dh0_row, dE_pos[t] += dh0_row, summed in row order.

#include "core/base/parameter.h"
#include "core/base/rng.h"

#include <span>
#include <string>
#include <vector>

namespace moe {

class Embedding
{
public:
    // Weights ~ N(0, stddev^2).
    Embedding(int vocab, int context, int width, float stddev, Rng &rng);

    // ids: B sequences of T tokens, sequence-major (ids[b*T + t]); T <= context.
    void forward(std::span<const int> ids, Index length, Matrix &h) const;
    // One token at `position` (generation): h (1, d).
    void forwardOne(int id, Index position, Matrix &h) const;
    void backward(std::span<const int> ids, Index length, const Matrix &dh);

    int vocab() const { return int(m_token.value.rows()); }
    int context() const { return int(m_position.value.rows()); }
    std::vector<Parameter *> parameters() { return {&m_token, &m_position}; }
    Index parameterCount() const { return m_token.size() + m_position.size(); }

private:
    Parameter m_token;    // tok_emb.weight (V, d)
    Parameter m_position; // pos_emb.weight (L, d)
};

} // namespace moe
