#pragma once

// Command-line options of `moelab-cli train` (and `demo`), parsed and checked into engine configs.

#include "builtins.h"
#include "model.h"
#include "trainer.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <stdexcept>

namespace moe::cli {

// A bad argument: the message says which option and what is accepted. Exit status 2.
class UsageError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

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
    QString logCsv; // empty: no per-step log
    bool json = false;
    bool help = false;
};

// Declares the options of `train` on the parser.
void addTrainOptions(QCommandLineParser &parser);
// Parses `arguments` (the command's own, program name first); throws UsageError.
TrainOptions parseTrainOptions(QCommandLineParser &parser, const QStringList &arguments);

} // namespace moe::cli
