#include "core/nn/activation.h"

#include "core/base/parallel.h"

#include <cmath>
#include <numbers>
#include <unsupported/Eigen/SpecialFunctions>

namespace moe {

namespace {
constexpr float kInvSqrt2 = 0.70710678118654752f;
constexpr float kInvSqrt2Pi = 0.39894228040143268f; // 1 / sqrt(2 pi)

float sigmoid(float z)
{
    return 1.0f / (1.0f + std::exp(-z));
}

constexpr Index kRowChunk = 64;
constexpr Index kParallelElements = 1 << 15;

template<typename In, typename Out>
void activateBlock(Activation activation, const In &pre, Out out)
{
    switch (activation) {
    case Activation::Relu:
        out = pre.cwiseMax(0.0f);
        return;
    case Activation::Gelu:
        // Eigen's vectorised erf (about 12x std::erf per element: GELU is the text model's
        // widest activation).
        out = (0.5f * pre.array() * (1.0f + (pre.array() * kInvSqrt2).erf())).matrix();
        return;
    case Activation::Tanh:
        out = pre.array().tanh().matrix();
        return;
    case Activation::Silu:
        out = pre.unaryExpr([](float z) { return z * sigmoid(z); });
        return;
    }
}

template<typename In, typename Out>
void activateBackwardBlock(Activation activation, const In &pre, const In &dOut, Out dPre)
{
    switch (activation) {
    case Activation::Relu:
        dPre = (pre.array() > 0.0f).select(dOut.array(), 0.0f).matrix();
        return;
    case Activation::Gelu:
        dPre = ((0.5f * (1.0f + (pre.array() * kInvSqrt2).erf())
                 + pre.array() * kInvSqrt2Pi * (-0.5f * pre.array().square()).exp())
                * dOut.array())
                   .matrix();
        return;
    case Activation::Tanh:
        dPre = (1.0f - pre.array().tanh().square()).matrix().cwiseProduct(dOut);
        return;
    case Activation::Silu:
        dPre = pre.unaryExpr([](float z) {
                      const float s = sigmoid(z);
                      return s + z * s * (1.0f - s);
                  })
                   .cwiseProduct(dOut);
        return;
    }
}

// GELU's derivative from its output: Phi(z) = gelu(z) / z, phi(z) = exp(-z^2 / 2) / sqrt(2 pi).
// Written without select() so that Eigen vectorises it (3.4 evaluates select one scalar at a
// time, exp included); the rare z = 0 is set afterwards (Phi(0) = 1/2).
template<typename In, typename Out>
void geluBackwardFromOutput(const In &pre, const In &out, const In &dOut, Out dPre)
{
    const auto z = pre.array();
    dPre = ((out.array() / z + z * kInvSqrt2Pi * (-0.5f * z.square()).exp()) * dOut.array())
               .matrix();
    for (Index r = 0; r < pre.rows(); ++r)
        for (Index c = 0; c < pre.cols(); ++c)
            if (pre(r, c) == 0.0f)
                dPre(r, c) = 0.5f * dOut(r, c);
}
} // namespace

// Element-wise, so rows are cut into fixed chunks and run in parallel when the matrix is large
// (the text model's FFN hidden layer); the chunks do not depend on the thread count.
void activate(Activation activation, const Matrix &pre, Matrix &out)
{
    out.resize(pre.rows(), pre.cols());
    if (pre.size() <= kParallelElements) { // one block: the numbers of a single expression
        activateBlock(activation, pre.middleRows(0, pre.rows()), out.middleRows(0, pre.rows()));
        return;
    }
    forEachChunk(pre.rows(), kRowChunk, pre.size() > kParallelElements, [&](Index b, Index e) {
        activateBlock(activation, pre.middleRows(b, e - b), out.middleRows(b, e - b));
    });
}

void activateBackward(Activation activation, const Matrix &pre, const Matrix &dOut, Matrix &dPre)
{
    dPre.resize(pre.rows(), pre.cols());
    if (pre.size() <= kParallelElements) {
        activateBackwardBlock(activation, pre.middleRows(0, pre.rows()),
                              dOut.middleRows(0, pre.rows()), dPre.middleRows(0, pre.rows()));
        return;
    }
    forEachChunk(pre.rows(), kRowChunk, pre.size() > kParallelElements, [&](Index b, Index e) {
        activateBackwardBlock(activation, pre.middleRows(b, e - b), dOut.middleRows(b, e - b),
                              dPre.middleRows(b, e - b));
    });
}

void activateBackward(Activation activation, const Matrix &pre, const Matrix &out,
                      const Matrix &dOut, Matrix &dPre)
{
    if (activation != Activation::Gelu) {
        activateBackward(activation, pre, dOut, dPre);
        return;
    }
    dPre.resize(pre.rows(), pre.cols());
    forEachChunk(pre.rows(), kRowChunk, pre.size() > kParallelElements, [&](Index b, Index e) {
        geluBackwardFromOutput(pre.middleRows(b, e - b), out.middleRows(b, e - b),
                               dOut.middleRows(b, e - b), dPre.middleRows(b, e - b));
    });
}

} // namespace moe
