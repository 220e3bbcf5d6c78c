#pragma once

// The one layout convention of the whole engine (stated here, nowhere else):
//   * every matrix is float and row-major;
//   * rows are samples (tokens), columns are features;
//   * a layer's weight W has shape (out, in), as in PyTorch, so that
//       y (T, out) = x (T, in) * W^T + b
// Parameters, activations and gradients all use these aliases.

#include <Eigen/Core>

namespace moe {

using Index = Eigen::Index;
using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
// A bias, or one sample as a row.
using RowVector = Eigen::Matrix<float, 1, Eigen::Dynamic>;

} // namespace moe
