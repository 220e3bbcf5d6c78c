#pragma once

// Model files: a trained dense or MoE model as versioned JSON (docs/model-format.md): its config,
// what it was trained on, the input standardisation, and every parameter by name with its shape
// and row-major values (plus the aux-free routers' selection biases, which are state, not
// parameters). Floats are written in the shortest form that reads back to the same float, so a
// loaded model predicts bitwise what the saved one did.

#include "core/train/model.h"
#include "datasets/builtins.h"
#include "datasets/split.h"

#include <QString>
#include <memory>

namespace moe::files {

// 2: expert-choice evaluation thresholds; 3: text models (files/textmodelfile.h), task "text"
inline constexpr int kModelVersion = 3;

struct ModelInfo
{
    Task task = Task::Classification;
    int classes = 0;               // classification only
    datasets::Standardizer scaler; // unfitted: inputs are used as they are
    datasets::DatasetSpec dataset; // what it was trained on (for eval's defaults)
    double testFraction = 0.2;
    qint64 steps = 0; // training steps done
};

// Atomic (the old file survives a failed save). Throws DataError.
void saveModel(const QString &path, Model &model, const ModelInfo &info);

// Builds the model the file describes and fills in its weights. Throws DataError naming the file
// and the problem: unreadable, truncated, another format or a newer version, a bad config, a
// parameter missing, unknown, of the wrong shape or with a non-number value.
std::unique_ptr<Model> loadModel(const QString &path, ModelInfo &info);

// Copies every parameter and router state from `from` into `to` (same config). For starting a
// Trainer from a loaded model.
void copyWeights(Model &from, Model &to);

} // namespace moe::files
