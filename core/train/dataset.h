#pragma once

// A labelled set of samples, the engine's view of data. Producers (generators, the CSV loader) live
// in datasets/; the engine only consumes this struct.

#include "core/base/tensor.h"

#include <string>
#include <vector>

namespace moe {

enum class Task { Classification, Regression };

struct Dataset
{
    std::string name;
    Task task = Task::Classification;
    Matrix features;                       // (N, inputDim)
    std::vector<int> labels;               // (N), class ids 0..numClasses-1; classification only
    Matrix targets;                        // (N, outputDim); regression only
    int numClasses = 0;                    // classification only
    std::vector<std::string> featureNames; // inputDim names
    std::string targetName = "label";

    Index size() const { return features.rows(); }
    int inputDim() const { return static_cast<int>(features.cols()); }
    // Width of the model's output: one logit per class, or one value per regression target.
    int outputDim() const
    {
        return task == Task::Classification ? numClasses : static_cast<int>(targets.cols());
    }
    bool isClassification() const { return task == Task::Classification; }

    // The rows listed, in that order, with the same metadata.
    Dataset subset(const std::vector<Index> &rows) const;
    // Samples per class (classification), numClasses entries.
    std::vector<Index> classCounts() const;
};

} // namespace moe
