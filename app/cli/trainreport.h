#pragma once

// What `moelab-cli train` reports at the end of a run: a readable summary or one JSON object.

#include "clioptions.h"
#include "trainingstats.h"

#include <QJsonObject>

namespace moe::cli {

struct TrainReport
{
    std::string dataset; // name, as given or the CSV file's stem
    Task task = Task::Classification;
    Index trainSamples = 0, testSamples = 0;
    int features = 0, outputs = 0;
    std::string model; // Model::describe()
    ModelConfig modelConfig;
    ModelCost cost;
    Index batchSize = 0;
    Index steps = 0;
    double epochs = 0.0; // steps * batch / train samples
    double trainingSeconds = 0.0;
    double samplesPerSecond = 0.0;
    int threads = 1;
    std::uint64_t seed = 0;
    EvalStats final;
};

void printSummary(const TrainReport &report);
QJsonObject toJson(const TrainReport &report);

} // namespace moe::cli
