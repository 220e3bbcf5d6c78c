#include "app/cli/clioptions.h"

#include "app/options/settingoptions.h"
#include "core/base/parallel.h"
#include "core/nn/activation.h"
#include "datasets/split.h"
#include "files/experimentfile.h"

#include <cstdio>

namespace moe::cli {

namespace {
QString choices(std::string list)
{
    return QString::fromStdString(list);
}

// A command's own default for an option (sweep: a list), or the table's.
std::optional<QString> listDefault(const char *text)
{
    return text ? std::optional<QString>(QString::fromLatin1(text)) : std::nullopt;
}

void addDatasetAndModelOptions(QCommandLineParser &parser, const OptionDefaults &defaults)
{
    using namespace settings;
    const QString moe = QStringLiteral("[MoE] ");
    parser.addOptions({
        {"help", "Show this help."},
        {"config",
         "Experiment file (JSON, as the app's File > Save experiment writes it): its dataset, "
         "MoE (or, with --model dense, its dense baseline) and training settings replace the "
         "options for them; --steps, --threads and the output options still apply.",
         "FILE"},
        {"dataset", "Built-in dataset name (see `moelab-cli datasets`) or a .csv file.",
         "NAME|FILE", "spiral"},
        settingOption(kSamples, "N", {}, QString()), // default: the dataset's own
        settingOption(kNoise, "X", {}, QString()),
        settingOption(kArms, "N"),
        settingOption(kClusters, "N"),
        settingOption(kCells, "N"),
        settingOption(kGridCells, "K"),
        settingOption(kGridClasses, "C"),
        {"label-column", "CSV: name of the label column (default: the last one).", "NAME"},
        {"regression", "CSV: the label column is a real-valued target, not a class id."},
        settingOption(kTestFraction, "F"),
        {"no-standardize", "Do not standardise features (z-score fitted on the training part)."},
        {"model", "dense or moe: what each residual block is.", "KIND", defaults.model},
        settingOption(kWidth, "D"),
        settingOption(kHidden, "H"),
        settingOption(kBlocks, "N"),
        {"activation", choices(choiceList(kActivationChoices, " or ")) + ".", "A",
         QString::fromLatin1(activationName(Activation::Relu).data())},
    });
    addMoeOptions(parser, defaults);
}

void addTrainingOptions(QCommandLineParser &parser)
{
    using namespace settings;
    parser.addOptions({
        {"optimizer", choices(choiceList(kOptimizerChoices, " or ")) + ".", "O",
         QString::fromLatin1(optimizerName(OptimizerKind::Adam).data())},
        settingOption(kLearningRate, "LR"),
        settingOption(kWeightDecay, "WD"),
        settingOption(kBatchSize, "B"),
        settingOption(kSteps, "N"),
        {"epochs", "Train for N passes over the training set instead of --steps.", "N"},
        settingOption(kEvalEvery, "N"),
        settingOption(kSeed, "S"),
        {"threads", "Worker threads (default: all cores); results do not depend on it.", "T"},
        {"log-csv", "Write one CSV row per training step to FILE.", "FILE"},
        {"json", "Print one JSON object with the results instead of the readable summary."},
    });
}

} // namespace

void addMoeOptions(QCommandLineParser &parser, const OptionDefaults &defaults)
{
    using namespace settings;
    const QString moe = QStringLiteral("[MoE] ");
    parser.addOptions({
        settingOption(kExperts, "E", moe, listDefault(defaults.experts)),
        settingOption(kTopK, "K", moe, listDefault(defaults.topK)),
        settingOption(kExpertHidden, "H", moe),
        {"router", moe + choices(choiceList(kRouterChoices, " or ")) + ".", "R",
         QString::fromLatin1(routerName(RouterKind::TopK).data())},
        {"raw-gates",
         "[MoE] topk and aux-free: keep the chosen probabilities raw (no renormalisation)."},
        settingOption(kCapacityFactor, "F|none", moe),
        {"drop-policy",
         moe + "which slots an over-full expert keeps: "
             + choices(choiceList(kDropPolicyChoices, " or ")) + ".",
         "P", QString::fromLatin1(dropPolicyName(DropPolicy::Position).data())},
        settingOption(kBalanceLoss, "A", moe),
        settingOption(kZLoss, "Z", moe),
        settingOption(kSharedExperts, "S", moe),
        settingOption(kJitter, "EPS", moe),
        settingOption(kBiasUpdateRate, "U", moe),
    });
}

void parseMoe(const QCommandLineParser &parser, MoeConfig &moe, bool lists)
{
    using namespace settings;
    if (!lists) {
        moe.experts = settingInt(parser, kExperts);
        moe.topK = settingInt(parser, kTopK);
    }
    if (moe.topK > moe.experts)
        throw UsageError("--top-k " + std::to_string(moe.topK) + " is more than --experts "
                         + std::to_string(moe.experts)
                         + ": a token cannot use more experts than exist");
    moe.expertHidden = settingInt(parser, kExpertHidden);
    moe.router = choiceOption(parser, "router", kRouterChoices);
    moe.renormalize = !parser.isSet("raw-gates");
    if (parser.value(optionName(kCapacityFactor)) == QLatin1String("none")) {
        moe.capacityFactor.reset();
    } else {
        bool ok = false;
        const double cf = parser.value(optionName(kCapacityFactor)).toDouble(&ok);
        if (!ok || !kCapacityFactor.contains(cf))
            throw UsageError("--capacity-factor expects a number from "
                             + kCapacityFactor.rangeText() + " or none, got '"
                             + parser.value(optionName(kCapacityFactor)).toStdString() + "'");
        moe.capacityFactor = cf;
    }
    moe.dropPolicy = choiceOption(parser, "drop-policy", kDropPolicyChoices);
    moe.balanceLoss = settingValue(parser, kBalanceLoss);
    moe.zLoss = settingValue(parser, kZLoss);
    moe.sharedExperts = settingInt(parser, kSharedExperts);
    moe.jitter = settingValue(parser, kJitter);
    moe.biasUpdateRate = settingValue(parser, kBiasUpdateRate);
}
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
                             "grid-cells",    "grid-classes",
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
        o.training.evalEvery = Index(settingValue(parser, settings::kEvalEvery));
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
    using namespace settings;
    o.dataset.name = parser.value("dataset").toStdString();
    if (const auto samples = settingIfSet(parser, kSamples))
        o.dataset.samples = Index(*samples);
    o.dataset.noise = settingIfSet(parser, kNoise);
    o.dataset.arms = settingInt(parser, kArms);
    o.dataset.clusters = settingInt(parser, kClusters);
    o.dataset.cells = settingInt(parser, kCells);
    o.dataset.gridCells = settingInt(parser, kGridCells);
    o.dataset.gridClasses = settingInt(parser, kGridClasses);
    o.dataset.labelColumn = parser.value("label-column").toStdString();
    o.dataset.csvTask = parser.isSet("regression") ? Task::Regression : Task::Classification;
    o.testFraction = settingValue(parser, kTestFraction);
    o.standardize = !parser.isSet("no-standardize");

    const QString kind = parser.value("model");
    if (kind != QLatin1String("dense") && kind != QLatin1String("moe"))
        throw UsageError("--model expects dense or moe, got '" + kind.toStdString() + "'");
    o.model.blockKind = kind == QLatin1String("moe") ? BlockKind::Moe : BlockKind::Dense;
    o.model.width = settingInt(parser, kWidth);
    o.model.hidden = settingInt(parser, kHidden);
    o.model.blocks = settingInt(parser, kBlocks);
    o.model.activation = choiceOption(parser, "activation", kActivationChoices);
    parseMoe(parser, o.model.moe, defaults.lists);

    o.training.optimizer.kind = choiceOption(parser, "optimizer", kOptimizerChoices);
    o.training.optimizer.learningRate = float(settingValue(parser, kLearningRate));
    o.training.optimizer.weightDecay = float(settingValue(parser, kWeightDecay));
    o.training.batchSize = Index(settingValue(parser, kBatchSize));
    o.steps = Index(settingValue(parser, kSteps));
    if (parser.isSet("epochs")) {
        if (parser.isSet("steps"))
            throw UsageError("--steps and --epochs both set the training length; give one of them");
        o.epochs = integerOption(parser, "epochs", 1, 1'000'000);
    }
    o.training.evalEvery = Index(settingValue(parser, kEvalEvery));
    o.training.seed = std::uint64_t(settingValue(parser, kSeed));
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
