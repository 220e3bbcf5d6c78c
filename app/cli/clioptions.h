#pragma once

// Options shared by `train`, `demo`, `compare` and `sweep`: the dataset, the model (dense or MoE),
// the training run and the output. Parsed and checked into engine configs.

#include "app/options/optionvalues.h"
#include "core/train/model.h"
#include "core/train/trainer.h"
#include "datasets/builtins.h"

#include <QString>
#include <QStringList>

namespace moe::cli {

struct TrainOptions
{
    datasets::DatasetSpec dataset;
    double testFraction = 0.2;
    bool standardize = true;
    ModelConfig model; // input/output widths are filled in from the data
    TrainingConfig training;
    Index steps = 2000;
    std::optional<Index> epochs; // when given, replaces steps
    int threads = 1;
    QString logCsv;    // empty: no per-step log
    QString saveModel; // train: write the trained model here (model file, JSON)
    bool json = false;
    bool help = false;
};

// The defaults a command starts from (demo and compare default to an MoE).
struct OptionDefaults
{
    const char *model = "dense";
    const char *experts = nullptr; // null: the settings table's default
    const char *topK = nullptr;
    bool lists
        = false; // sweep: --experts and --top-k are comma-separated lists, read by the caller
};

void addTrainOptions(QCommandLineParser &parser, const OptionDefaults &defaults = {});
// The MoE layer's options (--experts ... --bias-update-rate), shared with `train --task text`.
void addMoeOptions(QCommandLineParser &parser, const OptionDefaults &defaults = {});
// Reads them into `moe`; with `lists`, --experts and --top-k are left to the caller (sweep).
void parseMoe(const QCommandLineParser &parser, MoeConfig &moe, bool lists);
// Parses `arguments` (program name first). With --help set, returns at once with help = true.
TrainOptions parseTrainOptions(QCommandLineParser &parser, const QStringList &arguments,
                               const OptionDefaults &defaults = {});
// Prints the parser's help with the command's name in the usage line.
void printHelp(const QCommandLineParser &parser, const char *command);

} // namespace moe::cli
