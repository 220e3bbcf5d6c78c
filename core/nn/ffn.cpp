#include "core/nn/ffn.h"

namespace moe {

namespace {
InitScheme initFor(Activation activation)
{
    return activation == Activation::Tanh ? InitScheme::Xavier : InitScheme::He;
}
} // namespace

Ffn::Ffn(const std::string &name, int width, int hidden, Activation activation, Rng &rng)
    : m_up(name + ".up", width, hidden, initFor(activation), rng)
    , m_down(name + ".down", hidden, width, InitScheme::Xavier, rng)
    , m_activation(activation)
{ }

void Ffn::forward(const Matrix &x, Matrix &out)
{
    m_up.forward(x, m_pre);
    activate(m_activation, m_pre, m_hidden);
    m_down.forward(m_hidden, out);
}

void Ffn::backward(const Matrix &x, const Matrix &dOut, Matrix *dx)
{
    m_down.backward(m_hidden, dOut, &m_dHidden);
    activateBackward(m_activation, m_pre, m_hidden, m_dHidden, m_dPre);
    m_up.backward(x, m_dPre, dx);
}

std::vector<Parameter *> Ffn::parameters()
{
    return {&m_up.weight(), &m_up.bias(), &m_down.weight(), &m_down.bias()};
}

std::vector<const Parameter *> Ffn::parameters() const
{
    return {&m_up.weight(), &m_up.bias(), &m_down.weight(), &m_down.bias()};
}

std::string Ffn::describe() const
{
    return std::to_string(width()) + " -> " + std::to_string(hidden()) + " -> "
        + std::to_string(width()) + " (" + std::string(activationName(m_activation)) + ")";
}

} // namespace moe
