#pragma once

// Small helpers shared by the datasets tests.

#include "core/train/dataset.h"

#include <QString>
#include <algorithm>
#include <exception>
#include <vector>

namespace moe::testing {

// The what() of the E that f() throws, or a marker when it throws nothing (or something else), so
// that a QVERIFY on the message also fails when the wrong exception type escapes.
template<typename E, typename F> QString thrownMessage(F &&f)
{
    try {
        f();
    } catch (const E &error) {
        return QString::fromStdString(error.what());
    } catch (const std::exception &other) {
        return QStringLiteral("<other exception: %1>").arg(QString::fromStdString(other.what()));
    }
    return QStringLiteral("<no exception>");
}

// Accuracy of a k-nearest-neighbour vote (Euclidean) trained on `train`, scored on `test`:
// a model-free proxy for "a small network can learn this split".
inline double knnAccuracy(const moe::Dataset &train, const moe::Dataset &test, int k)
{
    Index correct = 0;
    std::vector<std::pair<float, int>> distances(static_cast<std::size_t>(train.size()));
    for (Index i = 0; i < test.size(); ++i) {
        for (Index j = 0; j < train.size(); ++j)
            distances[static_cast<std::size_t>(j)]
                = {(train.features.row(j) - test.features.row(i)).squaredNorm(),
                   train.labels[static_cast<std::size_t>(j)]};
        std::partial_sort(distances.begin(), distances.begin() + k, distances.end());
        std::vector<int> votes(static_cast<std::size_t>(train.numClasses), 0);
        for (int n = 0; n < k; ++n)
            ++votes[static_cast<std::size_t>(distances[static_cast<std::size_t>(n)].second)];
        const auto best = std::max_element(votes.begin(), votes.end()) - votes.begin();
        if (best == test.labels[static_cast<std::size_t>(i)])
            ++correct;
    }
    return static_cast<double>(correct) / static_cast<double>(test.size());
}

} // namespace moe::testing
