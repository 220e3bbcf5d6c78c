#pragma once

#include "core/base/tensor.h"

#include <string>

namespace moe {

// A trainable tensor and its gradient, same shape. Biases are (1, out) matrices so that optimisers
// treat every parameter alike. `decay` is false for biases: weight decay applies to weights only.
struct Parameter
{
    std::string name; // "block1.ffn.up.weight": stable, used by optimisers and model files
    Matrix value;
    Matrix grad;
    bool decay = true;

    Index size() const { return value.size(); }
    void zeroGrad() { grad.setZero(value.rows(), value.cols()); }
};

} // namespace moe
