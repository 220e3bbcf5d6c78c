#include "core/base/pca.h"

#include <Eigen/SVD>
#include <algorithm>

namespace moe {

namespace {

// A unit vector orthogonal to the first `filled` columns of `basis` (d, k): the direction of a
// component the data has no variance in, where any such direction is as good as another.
Eigen::VectorXd orthogonalDirection(const Eigen::MatrixXd &basis, int filled)
{
    const Index d = basis.rows();
    for (Index j = 0; j < d; ++j) {
        Eigen::VectorXd v = Eigen::VectorXd::Unit(d, j);
        for (int c = 0; c < filled; ++c)
            v -= basis.col(c).dot(v) * basis.col(c);
        if (v.norm() > 0.5)
            return v.normalized();
    }
    return Eigen::VectorXd::Zero(d);
}

} // namespace

Matrix principalComponents(const Matrix &x, int components)
{
    const Index n = x.rows(), d = x.cols();
    const int k = int(std::min<Index>(components, d));
    if (n == 0 || k <= 0)
        return Matrix::Zero(d, std::max(k, 0));
    // centred C (n, d) = x - mean, in double. Its SVD C = U S V^T gives the principal directions
    // as the columns of V, with variances s_c^2 / n, largest first. Only V's first min(n, d)
    // columns are computed: 2 samples of 3,000 features stay as cheap as they are small.
    const Eigen::MatrixXd centred = x.cast<double>().rowwise() - x.cast<double>().colwise().mean();
    const Eigen::BDCSVD<Eigen::MatrixXd> svd(centred, Eigen::ComputeThinV);
    const Index found = svd.singularValues().size(); // min(n, d)
    Eigen::MatrixXd directions = Eigen::MatrixXd::Zero(d, k);
    Eigen::VectorXd variances = Eigen::VectorXd::Zero(k);
    for (int c = 0; c < k && c < found; ++c) {
        directions.col(c) = svd.matrixV().col(c);
        variances[c] = svd.singularValues()[c] * svd.singularValues()[c] / double(n);
    }
    const double largest = std::max(variances[0], 0.0);
    Matrix basis(d, k);
    for (int c = 0; c < k; ++c) {
        // No variance along it (fewer independent samples than components): any orthogonal unit
        // vector, as arbitrary there as a singular vector of a zero singular value would be.
        if (!(variances[c] > 1e-12 * largest))
            directions.col(c) = orthogonalDirection(directions, c);
        Eigen::VectorXd v = directions.col(c);
        Index top = 0;
        v.cwiseAbs().maxCoeff(&top);
        if (v[top] < 0)
            v = -v;
        basis.col(c) = v.cast<float>();
    }
    return basis;
}

} // namespace moe
