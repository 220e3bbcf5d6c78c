#pragma once

// One training run as every command does it: load and split the data once, then train any number
// of models on exactly that data with the same seed, batches and steps.

#include "app/cli/clioptions.h"
#include "app/cli/trainreport.h"
#include "datasets/split.h"

namespace moe::cli {

// Training finished but its numbers are meaningless (NaN or infinite loss or weights).
class TrainingDiverged : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

struct PreparedData
{
    std::string name;
    datasets::TrainTestSplit split;
    datasets::Standardizer scaler; // fitted on the training part; unfitted with --no-standardize
};

// Loads the dataset (bundled sets from the data folder next to the executable), splits it and
// standardises it as the options say. Throws DataError / ConfigError.
PreparedData prepareData(const TrainOptions &options);

// The model the options describe, sized for the data.
ModelConfig modelConfigFor(const TrainOptions &options, const PreparedData &data);

// Trains one model; with `progress` prints a line per evaluation. Throws TrainingDiverged.
TrainReport trainModel(const ModelConfig &model, const PreparedData &data,
                       const TrainOptions &options, bool progress, const QString &logCsv);

} // namespace moe::cli
