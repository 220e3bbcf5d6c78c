#include "core/train/dataset.h"

namespace moe {

Dataset Dataset::subset(const std::vector<Index> &rows) const
{
    Dataset out;
    out.name = name;
    out.task = task;
    out.numClasses = numClasses;
    out.featureNames = featureNames;
    out.targetName = targetName;
    const auto n = static_cast<Index>(rows.size());
    out.features.resize(n, features.cols());
    if (task == Task::Classification)
        out.labels.resize(rows.size());
    else
        out.targets.resize(n, targets.cols());
    for (Index i = 0; i < n; ++i) {
        const Index r = rows[static_cast<std::size_t>(i)];
        out.features.row(i) = features.row(r);
        if (task == Task::Classification)
            out.labels[static_cast<std::size_t>(i)] = labels[static_cast<std::size_t>(r)];
        else
            out.targets.row(i) = targets.row(r);
    }
    return out;
}

std::vector<Index> Dataset::classCounts() const
{
    std::vector<Index> counts(static_cast<std::size_t>(numClasses > 0 ? numClasses : 0), 0);
    for (int label : labels)
        if (label >= 0 && label < numClasses)
            ++counts[static_cast<std::size_t>(label)];
    return counts;
}

} // namespace moe
