#include "core/base/pca.h"

#include <Eigen/Eigenvalues>
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
    // centred C (n, d) = x - mean, in double
    const Eigen::MatrixXd centred = x.cast<double>().rowwise() - x.cast<double>().colwise().mean();
    Eigen::MatrixXd directions(d, k);
    Eigen::VectorXd variances(k);
    if (n >= d) {
        // covariance (d, d) = C^T C / n; eigenvalues ascend
        const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(centred.transpose() * centred
                                                                    / double(n));
        for (int c = 0; c < k; ++c) {
            directions.col(c) = solver.eigenvectors().col(d - 1 - c);
            variances[c] = solver.eigenvalues()[d - 1 - c];
        }
    } else {
        // Fewer samples than features: the Gram matrix G (n, n) = C C^T / n has the same nonzero
        // eigenvalues, and for G u = l u the direction is v = C^T u / |C^T u|. Far cheaper: 2
        // samples of 3,000 features took ~10 s through the (3000, 3000) covariance.
        const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(centred * centred.transpose()
                                                                    / double(n));
        for (int c = 0; c < k; ++c) {
            variances[c] = c < n ? solver.eigenvalues()[n - 1 - c] : 0.0;
            if (c < n)
                directions.col(c)
                    = (centred.transpose() * solver.eigenvectors().col(n - 1 - c)).normalized();
        }
    }
    const double largest = std::max(variances[0], 0.0);
    Matrix basis(d, k);
    for (int c = 0; c < k; ++c) {
        // No variance along it (fewer independent samples than components): any orthogonal unit
        // vector; the covariance path's eigenvector there is just as arbitrary.
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
