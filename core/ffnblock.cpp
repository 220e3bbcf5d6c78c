#include "ffnblock.h"

namespace moe {

namespace {
InitScheme initFor(Activation activation)
{
    return activation == Activation::Tanh ? InitScheme::Xavier : InitScheme::He;
}
} // namespace

FfnBlock::FfnBlock(const std::string &name, int width, int hidden, Activation activation, Rng &rng)
    : m_up(name + ".up", width, hidden, initFor(activation), rng)
    , m_down(name + ".down", hidden, width, InitScheme::Xavier, rng)
    , m_activation(activation)
{ }

void FfnBlock::forward(const Matrix &x, Matrix &y, const ForwardContext &)
{
    m_up.forward(x, m_pre);
    activate(m_activation, m_pre, m_hidden);
    m_down.forward(m_hidden, y);
    y += x;
}

void FfnBlock::backward(const Matrix &x, const Matrix &dy, Matrix &dx)
{
    m_down.backward(m_hidden, dy, &m_dHidden);
    activateBackward(m_activation, m_pre, m_dHidden, m_dPre);
    m_up.backward(x, m_dPre, &m_dx);
    dx = dy + m_dx; // the residual path passes dy through unchanged
}

std::vector<Parameter *> FfnBlock::parameters()
{
    return {&m_up.weight(), &m_up.bias(), &m_down.weight(), &m_down.bias()};
}

BlockCost FfnBlock::cost() const
{
    BlockCost cost;
    cost.totalParams = m_up.parameterCount() + m_down.parameterCount();
    cost.activeParams = cost.totalParams;
    // 2 * (d*h + h*d), MOE_SPEC's count for one FFN
    cost.forwardFlops = m_up.forwardFlopsPerSample() + m_down.forwardFlopsPerSample();
    return cost;
}

std::string FfnBlock::describe() const
{
    return "FFN " + std::to_string(width()) + " -> " + std::to_string(hidden()) + " -> "
        + std::to_string(width()) + " (" + std::string(activationName(m_activation)) + ")";
}

} // namespace moe
