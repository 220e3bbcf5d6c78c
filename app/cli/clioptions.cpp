#include "app/cli/clioptions.h"

#include "core/base/parallel.h"
#include "core/nn/activation.h"
#include "datasets/split.h"
#include "files/experimentfile.h"

#include <cstdio>

namespace moe::cli {

namespace {
constexpr long long kMaxSeed = (1LL << 53) - 1; // exact in JSON numbers
constexpr long long kMaxSteps = 100'000'000;

void addDatasetAndModelOptions(QCommandLineParser &parser, const OptionDefaults &defaults)
{
    parser.addOptions({
        {"help", "Show this help."},
        {"config",
         "Experiment file (JSON, as the app's File > Save experiment writes it): its dataset, "
         "MoE (or, with --model dense, its dense baseline) and training settings replace the "
         "options for them; --steps, --threads and the output options still apply.",
         "FILE"},
        {"dataset", "Built-in dataset name (see `moelab-cli datasets`) or a .csv file.",
         "NAME|FILE", "spiral"},
        {"samples", "Number of generated samples, 1-1000000 (default: the dataset's).", "N"},
        {"noise", "Noise of a generated dataset, 0-1 (default: the dataset's).", "X"},
        {"arms", "Spiral arms (2-6).", "N", "3"},
        {"clusters", "Gaussian blobs clusters (2-8).", "N", "4"},
        {"cells", "Checkerboard cells per side (2-10).", "N", "4"},
        {"label-column", "CSV: name of the label column (default: the last one).", "NAME"},
        {"regression", "CSV: the label column is a real-valued target, not a class id."},
        {"test-fraction", "Fraction of samples held out for testing (0-0.9).", "F", "0.2"},
        {"no-standardize", "Do not standardise features (z-score fitted on the training part)."},
        {"model", "dense or moe: what each residual block is.", "KIND", defaults.model},
        {"width", "Model width d (the residual stream).", "D", "16"},
        {"hidden", "Hidden width of each dense FFN block.", "H", "64"},
        {"blocks", "Number of residual blocks.", "N", "2"},
        {"activation", "relu, gelu, tanh or silu.", "A", "relu"},
        {"experts", "MoE: number of experts E (1-64).", "E", defaults.experts},
        {"top-k", "MoE: experts per token k (1-E; switch always uses 1).", "K", defaults.topK},
        {"expert-hidden", "MoE: hidden width h of each expert.", "H", "32"},
        {"router", "MoE: topk, switch, noisy-topk, expert-choice or aux-free.", "R", "topk"},
        {"raw-gates", "MoE topk/aux-free: keep the chosen probabilities raw (no renormalisation)."},
        {"capacity-factor", "MoE: slots per expert relative to an even split (0.25-4), or none.",
         "F|none", "1.25"},
        {"drop-policy", "MoE: which slots an over-full expert keeps: position, score, random.", "P",
         "position"},
        {"balance-loss", "MoE: load-balancing loss weight alpha (noisy-topk: CV^2 weight).", "A",
         "0.01"},
        {"z-loss", "MoE: router z-loss weight (1e-3 recommended).", "Z", "0"},
        {"shared-experts", "MoE: always-active shared experts (0-4).", "S", "0"},
        {"jitter", "MoE switch: router input noise eps (0-0.5).", "EPS", "0"},
        {"bias-update-rate", "MoE aux-free: bias step u per training step.", "U", "0.001"},
    });
}

void addTrainingOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {"optimizer", "sgd, momentum or adam.", "O", "adam"},
        {"lr", "Learning rate.", "LR", "0.005"},
        {"weight-decay", "Weight decay (decoupled for Adam, L2 for SGD).", "WD", "0"},
        {"batch", "Mini-batch size (the MoE routing group).", "B", "64"},
        {"steps", "Training steps (mini-batches).", "N", "2000"},
        {"epochs", "Train for N passes over the training set instead of --steps.", "N"},
        {"eval-every", "Steps between evaluations on the train and test sets.", "N", "200"},
        {"seed", "Seed of everything random: data, split, initialisation, shuffling.", "S", "1"},
        {"threads", "Worker threads (default: all cores); results do not depend on it.", "T"},
        {"log-csv", "Write one CSV row per training step to FILE.", "FILE"},
        {"json", "Print one JSON object with the results instead of the readable summary."},
    });
}

template<typename T, typename Parse>
T enumOption(const QCommandLineParser &parser, const char *name, Parse parse, const char *accepted)
{
    const auto value = parse(parser.value(QString::fromLatin1(name)).toStdString());
    if (!value)
        throw UsageError(std::string("--") + name + " expects " + accepted + ", got '"
                         + parser.value(QString::fromLatin1(name)).toStdString() + "'");
    return *value;
}

void parseMoe(const QCommandLineParser &parser, MoeConfig &moe, bool lists)
{
    if (!lists) {
        moe.experts = int(integerOption(parser, "experts", 1, 64));
        moe.topK = int(integerOption(parser, "top-k", 1, 64));
    }
    if (moe.topK > moe.experts)
        throw UsageError("--top-k " + std::to_string(moe.topK) + " is more than --experts "
                         + std::to_string(moe.experts)
                         + ": a token cannot use more experts than exist");
    moe.expertHidden = int(integerOption(parser, "expert-hidden", 1, 16384));
    moe.router = enumOption<RouterKind>(parser, "router", parseRouter,
                                        "topk, switch, noisy-topk, expert-choice or aux-free");
    moe.renormalize = !parser.isSet("raw-gates");
    if (parser.value("capacity-factor") == QLatin1String("none")) {
        moe.capacityFactor.reset();
    } else {
        bool ok = false;
        const double cf = parser.value("capacity-factor").toDouble(&ok);
        if (!ok || !(cf >= 0.25 && cf <= 4.0))
            throw UsageError("--capacity-factor expects a number from 0.25 to 4 or none, got '"
                             + parser.value("capacity-factor").toStdString() + "'");
        moe.capacityFactor = cf;
    }
    moe.dropPolicy = enumOption<DropPolicy>(parser, "drop-policy", parseDropPolicy,
                                            "position, score or random");
    moe.balanceLoss = realOption(parser, "balance-loss", 0.0, 100.0);
    moe.zLoss = realOption(parser, "z-loss", 0.0, 100.0);
    moe.sharedExperts = int(integerOption(parser, "shared-experts", 0, 4));
    moe.jitter = realOption(parser, "jitter", 0.0, 0.5);
    moe.biasUpdateRate = realOption(parser, "bias-update-rate", 0.0, 1.0);
}
} // namespace

void addTrainOptions(QCommandLineParser &parser, const OptionDefaults &defaults)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    addDatasetAndModelOptions(parser, defaults);
    addTrainingOptions(parser);
}

namespace {
void applyExperiment(const QCommandLineParser &parser, TrainOptions &o)
{
    // The file decides the data, the model and the training; an option that would too is a
    // contradiction, not an override.
    for (const char *name : {"dataset",       "samples",
                             "noise",         "arms",
                             "clusters",      "cells",
                             "label-column",  "regression",
                             "test-fraction", "no-standardize",
                             "width",         "hidden",
                             "blocks",        "activation",
                             "experts",       "top-k",
                             "expert-hidden", "router",
                             "raw-gates",     "capacity-factor",
                             "drop-policy",   "balance-loss",
                             "z-loss",        "shared-experts",
                             "jitter",        "bias-update-rate",
                             "optimizer",     "lr",
                             "weight-decay",  "batch",
                             "epochs",        "seed"})
        if (parser.isSet(QString::fromLatin1(name)))
            throw UsageError(std::string("--config sets the data, model and training; --") + name
                             + " cannot be combined with it");
    const Experiment e = files::loadExperiment(parser.value("config"));
    o.dataset = e.dataset;
    o.testFraction = e.testFraction;
    o.standardize = true; // as the app trains
    const bool dense = parser.isSet("model") && parser.value("model") == QLatin1String("dense");
    o.model = dense ? e.denseModel() : e.moeModel();
    o.training = e.training;
    if (parser.isSet("eval-every"))
        o.training.evalEvery = integerOption(parser, "eval-every", 0, kMaxSteps);
    if (!parser.isSet("steps"))
        o.steps = e.steps;
}
} // namespace

TrainOptions parseTrainOptions(QCommandLineParser &parser, const QStringList &arguments,
                               const OptionDefaults &defaults)
{
    parseOrThrow(parser, arguments);
    TrainOptions o;
    o.help = parser.isSet("help");
    if (o.help)
        return o;
    o.dataset.name = parser.value("dataset").toStdString();
    if (parser.isSet("samples"))
        o.dataset.samples = integerOption(parser, "samples", 1, 1'000'000);
    if (parser.isSet("noise"))
        o.dataset.noise = realOption(parser, "noise", 0.0, 1.0);
    o.dataset.arms = int(integerOption(parser, "arms", 2, 6));
    o.dataset.clusters = int(integerOption(parser, "clusters", 2, 8));
    o.dataset.cells = int(integerOption(parser, "cells", 2, 10));
    o.dataset.labelColumn = parser.value("label-column").toStdString();
    o.dataset.csvTask = parser.isSet("regression") ? Task::Regression : Task::Classification;
    o.testFraction = realOption(parser, "test-fraction", 0.0, datasets::kMaxTestFraction);
    o.standardize = !parser.isSet("no-standardize");

    const QString kind = parser.value("model");
    if (kind != QLatin1String("dense") && kind != QLatin1String("moe"))
        throw UsageError("--model expects dense or moe, got '" + kind.toStdString() + "'");
    o.model.blockKind = kind == QLatin1String("moe") ? BlockKind::Moe : BlockKind::Dense;
    o.model.width = int(integerOption(parser, "width", 1, 4096));
    o.model.hidden = int(integerOption(parser, "hidden", 1, 65536));
    o.model.blocks = int(integerOption(parser, "blocks", 0, 64));
    o.model.activation
        = enumOption<Activation>(parser, "activation", parseActivation, "relu, gelu, tanh or silu");
    parseMoe(parser, o.model.moe, defaults.lists);

    o.training.optimizer.kind
        = enumOption<OptimizerKind>(parser, "optimizer", parseOptimizer, "sgd, momentum or adam");
    o.training.optimizer.learningRate = float(realOption(parser, "lr", 1e-7, 100.0));
    o.training.optimizer.weightDecay = float(realOption(parser, "weight-decay", 0.0, 10.0));
    o.training.batchSize = integerOption(parser, "batch", 1, 1'000'000);
    o.steps = integerOption(parser, "steps", 1, kMaxSteps);
    if (parser.isSet("epochs")) {
        if (parser.isSet("steps"))
            throw UsageError("--steps and --epochs both set the training length; give one of them");
        o.epochs = integerOption(parser, "epochs", 1, 1'000'000);
    }
    o.training.evalEvery = integerOption(parser, "eval-every", 0, kMaxSteps);
    o.training.seed = std::uint64_t(integerOption(parser, "seed", 0, kMaxSeed));
    o.dataset.seed = o.training.seed;
    o.threads = parser.isSet("threads") ? int(integerOption(parser, "threads", 1, 1024))
                                        : availableThreads();
    o.logCsv = parser.value("log-csv");
    o.json = parser.isSet("json");
    if (parser.isSet("config"))
        applyExperiment(parser, o);
    return o;
}

void printHelp(const QCommandLineParser &parser, const char *command)
{
    std::printf("%s",
                qPrintable(parser.helpText().replace(
                    QStringLiteral("[options]"),
                    QStringLiteral("%1 [options]").arg(QString::fromUtf8(command)))));
}

} // namespace moe::cli
