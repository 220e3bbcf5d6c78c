#pragma once

// The data of an arena run, as the training worker and the sweep both need it: the raw split (for
// drawing points in the data's own units) and the standardised split the models train on, with
// the standardizer fitted on the training part (to map plot points into the models' input space).

#include "datasets/split.h"
#include "ui/worker/arenaconfig.h"

#include <QString>

namespace moe::ui {

struct ArenaData
{
    datasets::TrainTestSplit raw, scaled;
    datasets::Standardizer scaler;
};

// Builds or reads config.dataset (bundled CSVs from the app's data folder) and splits it with
// config.testFraction and the dataset seed. Throws ConfigError or DataError, saying what is wrong,
// or moe::Cancelled when `progress` cancels the load of a CSV file.
ArenaData loadArenaData(const ArenaConfig &config, const datasets::CsvProgress &progress = {});

// A text that differs whenever the data differ (dataset, its parameters, seed, split): results
// measured on one dataset are only comparable with results on the same key.
QString datasetKey(const ArenaConfig &config);

} // namespace moe::ui
