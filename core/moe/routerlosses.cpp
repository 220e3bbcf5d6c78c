#include "core/moe/routerlosses.h"

#include <cmath>
#include <numbers>

namespace moe {

double switchBalanceLoss(const Matrix &q, const std::vector<Index> &routed, int topK, double alpha,
                         Matrix *dq)
{
    const Index T = q.rows(), E = q.cols();
    if (alpha == 0.0 || T == 0)
        return 0.0;
    const double slots = double(topK) * double(T);
    // P_e for all e at once, row by row (q is row-major: a column walk would stride by E).
    Eigen::RowVectorXd probSum = Eigen::RowVectorXd::Zero(E);
    for (Index t = 0; t < T; ++t)
        probSum += q.row(t).cast<double>();
    double loss = 0.0;
    RowVector dRow(E); // dL/dq_te is the same for every token: one row, added to each row of dq
    for (Index e = 0; e < E; ++e) {
        const double f = double(routed[std::size_t(e)]) / slots;
        const double meanProb = probSum[e] / double(T);
        loss += f * meanProb;
        dRow[e] = float(alpha * double(E) * f / double(T));
    }
    if (dq)
        dq->rowwise() += dRow; // row-major: row by row, not a strided walk down each column
    return alpha * double(E) * loss;
}

double routerZLoss(const Matrix &logits, double cz, Matrix *dLogits)
{
    const Index T = logits.rows(), E = logits.cols();
    if (cz == 0.0 || T == 0)
        return 0.0;
    double loss = 0.0;
    for (Index t = 0; t < T; ++t) {
        const double max = logits.row(t).maxCoeff();
        double sum = 0.0;
        for (Index e = 0; e < E; ++e)
            sum += std::exp(double(logits(t, e)) - max);
        const double lse = max + std::log(sum);
        loss += lse * lse;
        if (dLogits)
            for (Index e = 0; e < E; ++e) {
                const double softmax = std::exp(double(logits(t, e)) - lse);
                (*dLogits)(t, e) += float(cz * 2.0 * lse * softmax / double(T));
            }
    }
    return cz * loss / double(T);
}

double cvSquared(const std::vector<double> &values, std::vector<double> *grad, double scale)
{
    const auto n = values.size();
    if (n < 2)
        return 0.0;
    double mean = 0.0;
    for (double v : values)
        mean += v;
    mean /= double(n);
    double variance = 0.0;
    for (double v : values)
        variance += (v - mean) * (v - mean);
    variance /= double(n);
    const double denominator = mean * mean + 1e-10;
    if (grad) {
        // d var / d v_e = 2 (v_e - mean) / n;   d mean / d v_e = 1 / n
        for (std::size_t e = 0; e < n; ++e) {
            const double dVariance = 2.0 * (values[e] - mean) / double(n);
            const double dMean = 1.0 / double(n);
            (*grad)[e] += scale
                * (dVariance / denominator
                   - variance * 2.0 * mean * dMean / (denominator * denominator));
        }
    }
    return variance / denominator;
}

double normalPdf(double z)
{
    return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi);
}

double normalCdf(double z)
{
    return 0.5 * std::erfc(-z / std::numbers::sqrt2);
}

} // namespace moe
