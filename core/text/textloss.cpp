#include "core/text/textloss.h"

#include "core/base/parallel.h"

#include <cassert>
#include <cmath>

namespace moe {

namespace {
constexpr Index kRowChunk = 32;
} // namespace

double tokenCrossEntropy(const Matrix &logits, std::span<const int> targets, Matrix *dLogits,
                         std::vector<double> *rowLosses)
{
    const Index rows = logits.rows(), vocab = logits.cols();
    assert(Index(targets.size()) == rows);
    if (rows == 0)
        return 0.0;
    std::vector<double> losses(std::size_t(rows), 0.0);
    if (dLogits)
        dLogits->resize(rows, vocab);
    const bool parallel = double(rows) * double(vocab) > double(1 << 15);
    forEachChunk(rows, kRowChunk, parallel, [&](Index begin, Index end) {
        Eigen::ArrayXf e(vocab);
        for (Index r = begin; r < end; ++r) {
            const auto row = logits.row(r).array().transpose();
            const float top = row.maxCoeff();
            e = (row - top).exp();
            double sum = 0.0;
            for (Index c = 0; c < vocab; ++c)
                sum += double(e[c]);
            const int target = targets[std::size_t(r)];
            losses[std::size_t(r)] = double(top) + std::log(sum) - double(row[target]);
            if (dLogits) {
                auto out = dLogits->row(r).array().transpose();
                out = e * float(1.0 / (sum * double(rows)));
                out[target] -= float(1.0 / double(rows));
            }
        }
    });
    double total = 0.0;
    for (double loss : losses)
        total += loss;
    if (rowLosses)
        *rowLosses = std::move(losses);
    return total / double(rows);
}

} // namespace moe
