#include "clioptions.h"

#include "activation.h"
#include "parallel.h"
#include "split.h"

#include <limits>

namespace moe::cli {

namespace {

QString quoted(const QString &text)
{
    return QLatin1Char('\'') + text + QLatin1Char('\'');
}

long long integerOption(const QCommandLineParser &parser, const QString &name, long long lo,
                        long long hi)
{
    bool ok = false;
    const QString text = parser.value(name);
    const long long value = text.toLongLong(&ok);
    if (!ok || value < lo || value > hi)
        throw UsageError(QStringLiteral("--%1 expects a whole number from %2 to %3, got %4")
                             .arg(name)
                             .arg(lo)
                             .arg(hi)
                             .arg(quoted(text))
                             .toStdString());
    return value;
}

double realOption(const QCommandLineParser &parser, const QString &name, double lo, double hi)
{
    bool ok = false;
    const QString text = parser.value(name);
    const double value = text.toDouble(&ok); // C locale: '.' is the decimal point
    if (!ok || !(value >= lo && value <= hi))
        throw UsageError(QStringLiteral("--%1 expects a number from %2 to %3, got %4")
                             .arg(name)
                             .arg(lo)
                             .arg(hi)
                             .arg(quoted(text))
                             .toStdString());
    return value;
}

} // namespace

void addTrainOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {"help", "Show this help."},
        {"dataset", "Built-in dataset name (see `moelab-cli datasets`) or a .csv file.",
         "NAME|FILE", "spiral"},
        {"samples", "Number of generated samples (default: the dataset's).", "N"},
        {"noise", "Noise of a generated dataset (default: the dataset's).", "X"},
        {"arms", "Spiral arms (2-6).", "N", "3"},
        {"clusters", "Gaussian blobs clusters (2-8).", "N", "4"},
        {"cells", "Checkerboard cells per side (2-10).", "N", "4"},
        {"label-column", "CSV: name of the label column (default: the last one).", "NAME"},
        {"regression", "CSV: the label column is a real-valued target, not a class id."},
        {"test-fraction", "Fraction of samples held out for testing (0-0.9).", "F", "0.2"},
        {"no-standardize", "Do not standardise features (z-score fitted on the training part)."},
        {"width", "Model width d (the residual stream).", "D", "16"},
        {"hidden", "Hidden width of each FFN block.", "H", "64"},
        {"blocks", "Number of residual FFN blocks.", "N", "2"},
        {"activation", "relu, gelu, tanh or silu.", "A", "relu"},
        {"optimizer", "sgd, momentum or adam.", "O", "adam"},
        {"lr", "Learning rate.", "LR", "0.01"},
        {"weight-decay", "Weight decay (decoupled for Adam, L2 for SGD).", "WD", "0"},
        {"batch", "Mini-batch size.", "B", "64"},
        {"steps", "Training steps (mini-batches).", "N", "2000"},
        {"epochs", "Train for N passes over the training set instead of --steps.", "N"},
        {"eval-every", "Steps between evaluations on the train and test sets.", "N", "200"},
        {"seed", "Seed of everything random: data, split, initialisation, shuffling.", "S", "1"},
        {"threads", "Worker threads (default: all cores).", "T"},
        {"log-csv", "Write one CSV row per training step to FILE.", "FILE"},
        {"json", "Print one JSON object with the results instead of the readable summary."},
    });
}

TrainOptions parseTrainOptions(QCommandLineParser &parser, const QStringList &arguments)
{
    if (!parser.parse(arguments))
        throw UsageError(parser.errorText().toStdString());
    if (!parser.positionalArguments().isEmpty())
        throw UsageError("unexpected argument "
                         + quoted(parser.positionalArguments().first()).toStdString());
    TrainOptions o;
    o.help = parser.isSet("help");
    o.dataset.name = parser.value("dataset").toStdString();
    if (parser.isSet("samples"))
        o.dataset.samples = integerOption(parser, "samples", 1, 10'000'000);
    if (parser.isSet("noise"))
        o.dataset.noise = realOption(parser, "noise", 0.0, 10.0);
    o.dataset.arms = int(integerOption(parser, "arms", 2, 6));
    o.dataset.clusters = int(integerOption(parser, "clusters", 2, 8));
    o.dataset.cells = int(integerOption(parser, "cells", 2, 10));
    o.dataset.labelColumn = parser.value("label-column").toStdString();
    o.dataset.csvTask = parser.isSet("regression") ? Task::Regression : Task::Classification;
    o.testFraction = realOption(parser, "test-fraction", 0.0, datasets::kMaxTestFraction);
    o.standardize = !parser.isSet("no-standardize");

    o.model.width = int(integerOption(parser, "width", 1, 4096));
    o.model.hidden = int(integerOption(parser, "hidden", 1, 16384));
    o.model.blocks = int(integerOption(parser, "blocks", 0, 64));
    const auto activation = parseActivation(parser.value("activation").toStdString());
    if (!activation)
        throw UsageError("--activation expects relu, gelu, tanh or silu, got "
                         + quoted(parser.value("activation")).toStdString());
    o.model.activation = *activation;

    const auto optimizer = parseOptimizer(parser.value("optimizer").toStdString());
    if (!optimizer)
        throw UsageError("--optimizer expects sgd, momentum or adam, got "
                         + quoted(parser.value("optimizer")).toStdString());
    o.training.optimizer.kind = *optimizer;
    o.training.optimizer.learningRate = float(realOption(parser, "lr", 1e-7, 100.0));
    o.training.optimizer.weightDecay = float(realOption(parser, "weight-decay", 0.0, 10.0));
    o.training.batchSize = integerOption(parser, "batch", 1, 1'000'000);
    o.steps = integerOption(parser, "steps", 1, 100'000'000);
    if (parser.isSet("epochs")) {
        if (parser.isSet("steps"))
            throw UsageError("--steps and --epochs both set the training length; give one of them");
        o.epochs = integerOption(parser, "epochs", 1, 1'000'000);
    }
    o.training.evalEvery = integerOption(parser, "eval-every", 0, 100'000'000);
    o.training.seed
        = std::uint64_t(integerOption(parser, "seed", 0, std::numeric_limits<long long>::max()));
    o.dataset.seed = o.training.seed;
    o.threads = parser.isSet("threads") ? int(integerOption(parser, "threads", 1, 1024))
                                        : availableThreads();
    o.logCsv = parser.value("log-csv");
    o.json = parser.isSet("json");
    return o;
}

} // namespace moe::cli
