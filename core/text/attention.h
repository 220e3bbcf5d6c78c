#pragma once

// Causal multi-head self-attention (nanoGPT's CausalSelfAttention), H heads of size hd = d / H,
// on B sequences of T tokens, rows sequence-major (row b*T + t):
//   qkv (B*T, 3d) = x Wqkv^T + bqkv      Q = cols [0, d), K = [d, 2d), V = [2d, 3d);
//                                         head j uses cols [j hd, (j+1) hd) of each
//   per sequence b and head j:  S (T, T) = Q K^T / sqrt(hd), S_ts = -inf for s > t (causal mask)
//                               P = softmax of each row of S       Y (T, hd) = P V
//   heads (B*T, d) = the Y of every head side by side      y (B*T, d) = heads Wout^T + bout
// Backward, per sequence and head, from dY:
//   dP = dY V^T    dV = P^T dY    dS = P o (dP - rowsum(dP o P)) / sqrt(hd)
//   dQ = dS K      dK = dS^T Q
// Sequences and heads run in parallel; each writes only its own blocks (same result for any
// thread count). Reference: forwardReference, one query, key and head at a time.

#include "core/nn/linear.h"

#include <vector>

namespace moe {

// Keys and values of the tokens seen so far, per block, for generating one token at a time:
// a new token computes only its own query, key and value, O(L d), instead of re-running the
// whole context, O(L^2 d).
struct KvCache
{
    Matrix keys;   // (L, d): row t = the key of position t (every head side by side)
    Matrix values; // (L, d)
    Index length = 0;
};

class CausalSelfAttention
{
public:
    CausalSelfAttention(const std::string &name, int width, int heads, float stddev,
                        float outStddev, Rng &rng);

    void forward(const Matrix &x, Index sequences, Index length, Matrix &y);
    // Accumulates parameter gradients; dx (B*T, d).
    void backward(const Matrix &x, const Matrix &dy, Matrix &dx);
    void forwardReference(const Matrix &x, Index sequences, Index length, Matrix &y) const;
    // One token x (1, d) at position cache.length: appends its key and value, y (1, d).
    void forwardCached(const Matrix &x, KvCache &cache, Matrix &y) const;

    int width() const { return m_qkv.inputs(); }
    int heads() const { return m_heads; }
    std::vector<Parameter *> parameters();
    Index parameterCount() const { return m_qkv.parameterCount() + m_out.parameterCount(); }
    // Attention weights P (T, T) of sequence b, head j from the last forward pass.
    const Matrix &probabilities(Index sequence, int head) const
    {
        return m_probs[std::size_t(sequence * m_heads + head)];
    }

private:
    Linear m_qkv; // attn.qkv: (3d, d)
    Linear m_out; // attn.out: (d, d)
    int m_heads;
    Index m_sequences = 0, m_length = 0;
    Matrix m_qkvOut;             // (B*T, 3d)
    Matrix m_headsOut;           // (B*T, d)
    std::vector<Matrix> m_probs; // B*H of (T, T)
    std::vector<Matrix> m_dProbs;
    Matrix m_dHeads, m_dQkv;
};

} // namespace moe
