#include "core/nn/ffnblock.h"

namespace moe {

FfnBlock::FfnBlock(const std::string &name, int width, int hidden, Activation activation, Rng &rng)
    : m_ffn(name, width, hidden, activation, rng)
{ }

void FfnBlock::forward(const Matrix &x, Matrix &y, const ForwardContext &)
{
    m_ffn.forward(x, y);
    y += x;
}

void FfnBlock::backward(const Matrix &x, const Matrix &dy, Matrix &dx)
{
    m_ffn.backward(x, dy, &m_dx);
    dx = dy + m_dx;
}

BlockCost FfnBlock::cost() const
{
    BlockCost cost;
    cost.totalParams = m_ffn.parameterCount();
    cost.activeParams = cost.totalParams;
    cost.forwardFlops = m_ffn.forwardFlopsPerSample();
    return cost;
}

} // namespace moe
