#include "core/nn/loss.h"

#include <cassert>
#include <cmath>

namespace moe {

Matrix softmaxRows(const Matrix &logits)
{
    Matrix probs(logits.rows(), logits.cols());
    for (Index t = 0; t < logits.rows(); ++t) {
        const float max = logits.row(t).maxCoeff();
        probs.row(t) = (logits.row(t).array() - max).exp().matrix();
        probs.row(t) /= probs.row(t).sum();
    }
    return probs;
}

double softmaxCrossEntropy(const Matrix &logits, std::span<const int> labels, Matrix *dLogits)
{
    const Index rows = logits.rows();
    assert(static_cast<Index>(labels.size()) == rows);
    if (rows == 0)
        return 0.0;
    double total = 0.0;
    if (dLogits)
        dLogits->resize(rows, logits.cols());
    for (Index t = 0; t < rows; ++t) {
        const auto row = logits.row(t);
        const double max = row.maxCoeff();
        double sumExp = 0.0;
        for (Index c = 0; c < row.size(); ++c)
            sumExp += std::exp(double(row[c]) - max);
        const double logSumExp = max + std::log(sumExp);
        const int label = labels[static_cast<std::size_t>(t)];
        total += logSumExp - double(row[label]);
        if (dLogits) {
            for (Index c = 0; c < row.size(); ++c) {
                const double p = std::exp(double(row[c]) - logSumExp);
                (*dLogits)(t, c)
                    = static_cast<float>((p - (c == label ? 1.0 : 0.0)) / double(rows));
            }
        }
    }
    return total / double(rows);
}

double meanSquaredError(const Matrix &predictions, const Matrix &targets, Matrix *dPredictions)
{
    assert(predictions.rows() == targets.rows() && predictions.cols() == targets.cols());
    const Index n = predictions.size();
    if (n == 0)
        return 0.0;
    double total = 0.0;
    for (Index i = 0; i < n; ++i) {
        const double diff = double(predictions.data()[i]) - double(targets.data()[i]);
        total += diff * diff;
    }
    if (dPredictions)
        *dPredictions = (predictions - targets) * (2.0f / static_cast<float>(n));
    return total / double(n);
}

Index countCorrect(const Matrix &logits, std::span<const int> labels)
{
    Index correct = 0;
    for (Index t = 0; t < logits.rows(); ++t) {
        Index best = 0;
        logits.row(t).maxCoeff(&best);
        if (best == labels[static_cast<std::size_t>(t)])
            ++correct;
    }
    return correct;
}

} // namespace moe
