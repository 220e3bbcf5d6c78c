#pragma once

// Principal component analysis, for drawing data with more than two features on a plane.

#include "core/base/tensor.h"

namespace moe {

// The `components` leading principal directions of x (N, d), as the columns of a (d, components)
// matrix, largest variance first, each with a positive largest-magnitude entry (a fixed sign, so
// the picture does not flip between runs). Fewer columns when d < components.
Matrix principalComponents(const Matrix &x, int components);

} // namespace moe
