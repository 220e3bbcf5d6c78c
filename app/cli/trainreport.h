#pragma once

// What a training run reports: a readable summary or one JSON object. The MoE figures come from
// the routing of the training batches since the last evaluation (EvalStats::routing).

#include "core/train/model.h"
#include "core/train/trainingstats.h"

#include <QJsonObject>

namespace moe::cli {

struct TrainReport
{
    std::string dataset; // name, as given or the CSV file's stem
    Task task = Task::Classification;
    Index trainSamples = 0, testSamples = 0;
    double testFraction = 0.0;
    int features = 0, outputs = 0;
    std::string model; // Model::describe()
    ModelConfig modelConfig;
    ModelCost cost;
    Index batchSize = 0;
    Index steps = 0;
    double epochs = 0.0; // samples seen / train samples
    StepTime time;       // seconds over the whole run (Trainer::timeSpent()), broken down
    double samplesPerSecond = 0.0;
    int threads = 1;
    std::uint64_t seed = 0;
    EvalStats final;

    bool isMoe() const { return modelConfig.blockKind == BlockKind::Moe; }
    // Mean ms per step, broken down (zero without steps).
    StepTime msPerStep() const { return time.scaled(steps > 0 ? 1000.0 / double(steps) : 0.0); }
};

void printSummary(const TrainReport &report);
QJsonObject toJson(const TrainReport &report);
// One line on what the router of MoE block `block` (from 1) did over `over` ("last 200 steps"):
// load per expert, CV, drops.
void printRouting(const RoutingStats &stats, int block, const QString &over);
// The routing figures of one MoE block, as in the JSON summary.
QJsonObject routingJson(const RoutingStats &stats);
// A step's time in ms, broken down: {"routing", "experts", "rest", "optimizer", "total"}.
QJsonObject stepTimeJson(const StepTime &ms);

} // namespace moe::cli
