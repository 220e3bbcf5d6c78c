#include "core/text/embedding.h"

namespace moe {

Embedding::Embedding(int vocab, int context, int width, float stddev, Rng &rng)
{
    m_token.name = "tok_emb.weight";
    m_position.name = "pos_emb.weight";
    for (Parameter *p : {&m_token, &m_position}) {
        p->value.resize(p == &m_token ? vocab : context, width);
        for (Index i = 0; i < p->value.size(); ++i)
            p->value.data()[i] = float(stddev * rng.normal());
        p->zeroGrad();
    }
}

void Embedding::forward(std::span<const int> ids, Index length, Matrix &h) const
{
    const auto rows = Index(ids.size());
    h.resize(rows, m_token.value.cols());
    for (Index r = 0; r < rows; ++r)
        h.row(r) = m_token.value.row(ids[std::size_t(r)]) + m_position.value.row(r % length);
}

void Embedding::forwardOne(int id, Index position, Matrix &h) const
{
    h = m_token.value.row(id) + m_position.value.row(position);
}

void Embedding::backward(std::span<const int> ids, Index length, const Matrix &dh)
{
    for (Index r = 0; r < dh.rows(); ++r) {
        m_token.grad.row(ids[std::size_t(r)]) += dh.row(r);
        m_position.grad.row(r % length) += dh.row(r);
    }
}

} // namespace moe
