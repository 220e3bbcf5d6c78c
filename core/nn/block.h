#pragma once

// A block of the model stack: x (T, d) -> y (T, d). Today a dense residual FFN; the MoE block is a
// drop-in with the same interface (it adds routing state and an auxiliary loss).

#include "core/base/parameter.h"
#include "core/base/rng.h"

#include <string>
#include <vector>

namespace moe {

// What a forward pass may need beyond its input.
struct ForwardContext
{
    bool training = true; // false for evaluation: no noise, no jitter
    Rng *rng = nullptr;   // for stochastic routers; may be null when training is false
};

// Parameter and compute accounting of one block, per sample (token).
struct BlockCost
{
    Index totalParams = 0;     // capacity: every parameter the block holds
    Index activeParams = 0;    // parameters one sample actually uses
    double forwardFlops = 0.0; // FLOPs of one sample's forward pass (multiply-add = 2)
};

class Block
{
public:
    virtual ~Block() = default;

    virtual std::string kind() const = 0;
    virtual int width() const = 0;
    // Caches what backward needs; the caller keeps x alive and passes it back to backward.
    virtual void forward(const Matrix &x, Matrix &y, const ForwardContext &context) = 0;
    // dx (T, d) from dy (T, d); accumulates parameter gradients (and those of auxiliaryLoss()).
    virtual void backward(const Matrix &x, const Matrix &dy, Matrix &dx) = 0;
    virtual std::vector<Parameter *> parameters() = 0;
    virtual BlockCost cost() const = 0;
    // Extra loss terms of the last forward pass (MoE balance and z-losses); 0 for dense blocks.
    virtual double auxiliaryLoss() const { return 0.0; }
    // Called once after every optimiser step (aux-loss-free bias balancing updates here).
    virtual void afterOptimizerStep() { }
    // Human-readable one-liner, e.g. "FFN 16 -> 32 -> 16 (relu)".
    virtual std::string describe() const = 0;
};

} // namespace moe
