#include "pca.h"

#include <Eigen/Eigenvalues>
#include <algorithm>

namespace moe {

Matrix principalComponents(const Matrix &x, int components)
{
    const Index d = x.cols();
    const int k = int(std::min<Index>(components, d));
    if (x.rows() == 0 || k <= 0)
        return Matrix::Zero(d, std::max(k, 0));
    // covariance (d, d) = (x - mean)^T (x - mean) / N, in double
    const Eigen::MatrixXd centred = x.cast<double>().rowwise() - x.cast<double>().colwise().mean();
    const Eigen::MatrixXd covariance = centred.transpose() * centred / double(x.rows());
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(covariance);
    Matrix basis(d, k);
    for (int c = 0; c < k; ++c) {
        Eigen::VectorXd v = solver.eigenvectors().col(d - 1 - c); // eigenvalues ascend
        Index largest = 0;
        v.cwiseAbs().maxCoeff(&largest);
        if (v[largest] < 0)
            v = -v;
        basis.col(c) = v.cast<float>();
    }
    return basis;
}

} // namespace moe
