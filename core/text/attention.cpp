#include "core/text/attention.h"

#include "core/base/gemm.h"
#include "core/base/parallel.h"
#include "core/text/textinit.h"

#include <cmath>
#include <limits>

namespace moe {

namespace {
// Sequence-head pairs run in parallel when the products are worth a thread.
constexpr double kParallelWork = 1 << 16;

// P (T, T) = softmax over s <= t of each row t of S (T, T); entries above the diagonal are 0.
void causalSoftmax(Matrix &s)
{
    const Index T = s.rows();
    for (Index t = 0; t < T; ++t) {
        auto row = s.row(t).head(t + 1);
        const float top = row.maxCoeff();
        row = (row.array() - top).exp().matrix();
        row /= row.sum();
        s.row(t).tail(T - t - 1).setZero();
    }
}
} // namespace

CausalSelfAttention::CausalSelfAttention(const std::string &name, int width, int heads,
                                         float stddev, float outStddev, Rng &rng)
    : m_qkv(name + ".qkv", width, 3 * width, InitScheme::Xavier, rng)
    , m_out(name + ".out", width, width, InitScheme::Xavier, rng)
    , m_heads(heads)
{
    m_qkv.setBlasProducts(true);
    m_out.setBlasProducts(true);
    fillNormal(m_qkv.weight(), stddev, rng);
    fillNormal(m_out.weight(), outStddev, rng);
}

std::vector<Parameter *> CausalSelfAttention::parameters()
{
    return {&m_qkv.weight(), &m_qkv.bias(), &m_out.weight(), &m_out.bias()};
}

void CausalSelfAttention::forward(const Matrix &x, Index sequences, Index length, Matrix &y)
{
    const Index d = width(), hd = d / m_heads, T = length;
    const float scale = 1.0f / std::sqrt(float(hd));
    m_sequences = sequences;
    m_length = length;
    m_qkv.forward(x, m_qkvOut);
    m_headsOut.resize(x.rows(), d);
    m_probs.resize(std::size_t(sequences * m_heads));
    const bool parallel = double(sequences) * double(T) * double(T) * double(d) > kParallelWork;
    forEachItem(sequences * m_heads, parallel, [&](Index item) {
        const Index b = item / m_heads, j = item % m_heads;
        const auto q = m_qkvOut.block(b * T, j * hd, T, hd);
        const auto k = m_qkvOut.block(b * T, d + j * hd, T, hd);
        const auto v = m_qkvOut.block(b * T, 2 * d + j * hd, T, hd);
        Matrix &p = m_probs[std::size_t(item)];
        p.resize(T, T);
        gemm(Op::N, Op::T, scale, q, k, 0.0f, p); // S = Q K^T / sqrt(hd)
        causalSoftmax(p);
        gemm(Op::N, Op::N, 1.0f, p, v, 0.0f, m_headsOut.block(b * T, j * hd, T, hd)); // Y = P V
    });
    m_out.forward(m_headsOut, y);
}

void CausalSelfAttention::backward(const Matrix &x, const Matrix &dy, Matrix &dx)
{
    const Index d = width(), hd = d / m_heads, T = m_length;
    const float scale = 1.0f / std::sqrt(float(hd));
    m_out.backward(m_headsOut, dy, &m_dHeads);
    m_dQkv.resize(x.rows(), 3 * d);
    m_dProbs.resize(m_probs.size());
    const bool parallel = double(m_sequences) * double(T) * double(T) * double(d) > kParallelWork;
    forEachItem(m_sequences * m_heads, parallel, [&](Index item) {
        const Index b = item / m_heads, j = item % m_heads;
        const auto q = m_qkvOut.block(b * T, j * hd, T, hd);
        const auto k = m_qkvOut.block(b * T, d + j * hd, T, hd);
        const auto v = m_qkvOut.block(b * T, 2 * d + j * hd, T, hd);
        const auto dY = m_dHeads.block(b * T, j * hd, T, hd);
        const Matrix &p = m_probs[std::size_t(item)];
        Matrix &dp = m_dProbs[std::size_t(item)];
        dp.resize(T, T);
        gemm(Op::N, Op::T, 1.0f, dY, v, 0.0f, dp); // dP = dY V^T
        gemm(Op::T, Op::N, 1.0f, p, dY, 0.0f, m_dQkv.block(b * T, 2 * d + j * hd, T, hd)); // dV
        for (Index t = 0; t < T; ++t) { // dS = P o (dP - rowsum(dP o P)) / sqrt(hd)
            const float dot = dp.row(t).head(t + 1).dot(p.row(t).head(t + 1));
            dp.row(t).head(t + 1) = scale
                * (p.row(t).head(t + 1).array() * (dp.row(t).head(t + 1).array() - dot)).matrix();
            dp.row(t).tail(T - t - 1).setZero();
        }
        gemm(Op::N, Op::N, 1.0f, dp, k, 0.0f, m_dQkv.block(b * T, j * hd, T, hd));     // dQ
        gemm(Op::T, Op::N, 1.0f, dp, q, 0.0f, m_dQkv.block(b * T, d + j * hd, T, hd)); // dK
    });
    m_qkv.backward(x, m_dQkv, &dx);
}

void CausalSelfAttention::forwardReference(const Matrix &x, Index sequences, Index length,
                                           Matrix &y) const
{
    const Index d = width(), hd = d / m_heads, T = length;
    Matrix qkv;
    m_qkv.forward(x, qkv);
    Matrix heads = Matrix::Zero(x.rows(), d);
    std::vector<double> weights;
    for (Index b = 0; b < sequences; ++b)
        for (Index j = 0; j < m_heads; ++j)
            for (Index t = 0; t < T; ++t) {
                weights.assign(std::size_t(t + 1), 0.0);
                double top = -std::numeric_limits<double>::infinity(), sum = 0.0;
                for (Index s = 0; s <= t; ++s) {
                    double score = 0.0;
                    for (Index c = 0; c < hd; ++c)
                        score += double(qkv(b * T + t, j * hd + c))
                            * double(qkv(b * T + s, d + j * hd + c));
                    weights[std::size_t(s)] = score / std::sqrt(double(hd));
                    top = std::max(top, weights[std::size_t(s)]);
                }
                for (double &w : weights)
                    sum += (w = std::exp(w - top));
                for (Index c = 0; c < hd; ++c) {
                    double mixed = 0.0;
                    for (Index s = 0; s <= t; ++s)
                        mixed += weights[std::size_t(s)] / sum
                            * double(qkv(b * T + s, 2 * d + j * hd + c));
                    heads(b * T + t, j * hd + c) = float(mixed);
                }
            }
    m_out.forward(heads, y);
}

void CausalSelfAttention::forwardCached(const Matrix &x, KvCache &cache, Matrix &y) const
{
    const Index d = width(), hd = d / m_heads, t = cache.length;
    Matrix qkv;
    m_qkv.forward(x, qkv); // (1, 3d)
    cache.keys.row(t) = qkv.block(0, d, 1, d);
    cache.values.row(t) = qkv.block(0, 2 * d, 1, d);
    cache.length = t + 1;
    Matrix heads(1, d);
    RowVector scores;
    for (Index j = 0; j < m_heads; ++j) {
        // scores (1, t+1) = q_j K_j^T / sqrt(hd) over the cached positions 0..t
        scores = qkv.block(0, j * hd, 1, hd) * cache.keys.block(0, j * hd, t + 1, hd).transpose()
            / std::sqrt(float(hd));
        scores = (scores.array() - scores.maxCoeff()).exp().matrix();
        scores /= scores.sum();
        heads.block(0, j * hd, 1, hd) = scores * cache.values.block(0, j * hd, t + 1, hd);
    }
    m_out.forward(heads, y);
}

} // namespace moe
