// `moelab-cli eval`: a saved model (model file) on a dataset: loss and accuracy on the training
// part, the test part and all samples, what the router does with them, and optionally one CSV row
// per sample with the model's outputs and, for an MoE, each block's chosen experts and gates.

#include "app/cli/clioptions.h"
#include "app/cli/command.h"
#include "app/cli/textrun.h"
#include "app/cli/trainreport.h"
#include "app/options/settingoptions.h"
#include "core/base/error.h"
#include "core/moe/routingstats.h"
#include "core/nn/loss.h"
#include "core/train/trainer.h"
#include "files/atomicfile.h"
#include "files/modelfile.h"
#include "files/textmodelfile.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>
#include <cmath>
#include <cstdio>

namespace moe::cli {

namespace {
Dataset concatenate(const Dataset &a, const Dataset &b)
{
    Dataset all = a;
    all.features.resize(a.size() + b.size(), a.features.cols());
    all.features << a.features, b.features;
    if (a.isClassification()) {
        all.labels.insert(all.labels.end(), b.labels.begin(), b.labels.end());
    } else {
        all.targets.resize(a.size() + b.size(), a.targets.cols());
        all.targets << a.targets, b.targets;
    }
    return all;
}

QJsonObject metricsJson(const Metrics &m)
{
    QJsonObject o {{"loss", m.loss}, {"samples", double(m.samples)}};
    if (m.accuracy)
        o["accuracy"] = *m.accuracy;
    return o;
}

// One row per sample of `data` (the rows of `part`): outputs, and each MoE block's decision.
void writePredictions(const QString &path, Trainer &trainer, const Dataset &data,
                      const QString &part)
{
    Matrix out;
    trainer.predict(data.features, out);
    const std::vector<RoutingDecision> routing = trainer.inspectRouting(data.features);
    const bool classification = data.isClassification();
    // Composed in memory (a few MB for 10^5 rows), then written whole or not at all.
    QByteArray bytes;
    QTextStream csv(&bytes, QIODevice::WriteOnly);
    csv << "index,part," << (classification ? "label,predicted" : "target");
    for (Index c = 0; c < out.cols(); ++c)
        csv << (classification ? ",p" : ",value") << c;
    for (std::size_t b = 0; b < routing.size(); ++b)
        csv << ",block" << b + 1 << "_experts,block" << b + 1 << "_gates";
    csv << '\n';
    const Matrix shown = classification ? softmaxRows(out) : out;
    // Per block and sample: the kept assignments, in the router's order.
    std::vector<std::vector<std::vector<const Assignment *>>> kept(routing.size());
    for (std::size_t b = 0; b < routing.size(); ++b) {
        kept[b].resize(std::size_t(data.size()));
        for (const Assignment &a : routing[b].assignments)
            if (a.kept)
                kept[b][std::size_t(a.token)].push_back(&a);
    }
    for (Index i = 0; i < data.size(); ++i) {
        csv << i << ',' << part << ',';
        if (classification) {
            Index best = 0;
            out.row(i).maxCoeff(&best);
            csv << data.labels[std::size_t(i)] << ',' << best;
        } else {
            csv << QString::number(double(data.targets(i, 0)), 'g', 9);
        }
        for (Index c = 0; c < shown.cols(); ++c)
            csv << ',' << QString::number(double(shown(i, c)), 'g', 9);
        for (std::size_t b = 0; b < routing.size(); ++b) {
            QStringList experts, gates;
            for (const Assignment *a : kept[b][std::size_t(i)]) {
                experts << QString::number(a->expert + 1); // experts count from 1, as in the app
                gates << QString::number(double(a->gate), 'g', 6);
            }
            csv << ',' << experts.join(QLatin1Char(' ')) << ',' << gates.join(QLatin1Char(' '));
        }
        csv << '\n';
    }
    csv.flush();
    files::saveBytes(path, bytes);
}

// The data to evaluate on: the training run's (as the model file records it), split the same
// way, unless the options name other data, seed or test fraction.
datasets::DatasetSpec evalDataSpec(const QCommandLineParser &parser, const files::ModelInfo &info,
                                   double &testFraction)
{
    datasets::DatasetSpec spec = info.dataset;
    testFraction = info.testFraction;
    if (parser.isSet("dataset")) {
        spec = datasets::DatasetSpec {};
        spec.name = parser.value("dataset").toStdString();
        spec.seed = info.dataset.seed;
        spec.csvTask = info.task;
    }
    if (const auto seed = settingIfSet(parser, settings::kSeed))
        spec.seed = std::uint64_t(*seed);
    if (const auto fraction = settingIfSet(parser, settings::kTestFraction))
        testFraction = *fraction;
    if (parser.isSet("label-column"))
        spec.labelColumn = parser.value("label-column").toStdString();
    if (spec.name.empty())
        throw UsageError("the model file does not say what it was trained on: give --dataset");
    return spec;
}

// Loads the data and checks that the model can read it: its features, its task, its classes.
Dataset loadEvalDataset(const datasets::DatasetSpec &spec, const ModelConfig &config, Task task)
{
    const datasets::DatasetInfo *builtin = datasets::findBuiltinDataset(spec.name);
    std::filesystem::path dataDir;
    if (builtin && !builtin->file.empty())
        dataDir = datasets::findDataDirectory(QCoreApplication::applicationDirPath().toStdString());
    Dataset data = datasets::makeDataset(spec, dataDir);
    if (data.inputDim() != config.inputDim)
        throw DataError(data.name + " has " + std::to_string(data.inputDim())
                        + " features; the model expects " + std::to_string(config.inputDim));
    if (data.task != task)
        throw DataError(data.name + " is a "
                        + (data.isClassification() ? "classification" : "regression")
                        + " dataset; the model was trained for the other task");
    if (data.isClassification() && data.numClasses > config.outputDim)
        throw DataError(data.name + " has " + std::to_string(data.numClasses)
                        + " classes; the model knows " + std::to_string(config.outputDim));
    if (data.isClassification() && data.numClasses < config.outputDim) {
        // Fewer classes (a part of the data, moons for a 5-class model): each label is read as
        // the model's class of that number, and the model's outputs stay as many as it has.
        std::fprintf(stderr,
                     "moelab-cli: note: %s has %d classes; the model knows %d: its labels are "
                     "read as the model's classes 0 to %d\n",
                     data.name.c_str(), data.numClasses, config.outputDim, data.numClasses - 1);
        data.numClasses = config.outputDim;
    }
    return data;
}

// What each MoE block's router does with all the samples.
std::vector<RoutingStats> routingOver(Trainer &trainer, const Dataset &all)
{
    std::vector<RoutingStats> routing;
    const std::vector<RoutingDecision> decisions = trainer.inspectRouting(all.features);
    for (std::size_t b = 0; b < decisions.size(); ++b) {
        RoutingCounts counts;
        if (all.isClassification())
            counts.add(decisions[b], all.labels, all.numClasses);
        else
            counts.add(decisions[b]);
        routing.push_back(summarizeRouting(counts, *trainer.moeBlocks()[b]));
    }
    return routing;
}

struct Evaluation
{
    Metrics train, test, whole;
    std::vector<RoutingStats> routing; // over all the samples, one per MoE block
};

void printEvalJson(const QString &modelPath, const ModelConfig &config, const Dataset &data,
                   const Evaluation &e)
{
    QJsonArray blocks;
    for (const RoutingStats &s : e.routing)
        blocks.append(routingJson(s));
    const QJsonObject report {
        {"model", modelPath},
        {"kind", config.blockKind == BlockKind::Moe ? "moe" : "dense"},
        {"dataset", QString::fromStdString(data.name)},
        {"train", metricsJson(e.train)},
        {"test", metricsJson(e.test)},
        {"all", metricsJson(e.whole)},
        {"routing", blocks},
    };
    std::printf("%s\n", QJsonDocument(report).toJson().constData());
}

// A model whose weights are all finite floats can still overflow on data (weights of 3e38 do):
// its losses are then NaN or infinite and mean nothing, so they are refused with the largest
// weight, never printed as results. Throws DataError.
void checkFinite(const Evaluation &e, Model &model, const QString &modelPath)
{
    const auto finite = [](const Metrics &m) { return m.samples == 0 || std::isfinite(m.loss); };
    if (finite(e.train) && finite(e.test) && finite(e.whole))
        return;
    float largest = 0.0f;
    std::string where;
    for (const Parameter *p : model.parameters()) {
        const float top = p->value.size() > 0 ? p->value.cwiseAbs().maxCoeff() : 0.0f;
        if (top > largest) {
            largest = top;
            where = p->name;
        }
    }
    throw DataError(modelPath.toStdString()
                    + ": the model's outputs overflow on this data (its "
                      "loss is not a finite number), so it has no result to report; its largest "
                      "weight is "
                    + QString::number(double(largest), 'g', 3).toStdString() + " in " + where
                    + ": the file's weights are not those of a trained model");
}

void printEvalSummary(const QString &modelPath, const Model &model, const files::ModelInfo &info,
                      const Dataset &data, const datasets::TrainTestSplit &split,
                      const Evaluation &e)
{
    std::printf("Model     %s (%s, trained %lld steps)\nDataset   %s: %lld train / %lld test "
                "samples\n",
                qPrintable(modelPath), model.describe().c_str(), (long long)info.steps,
                data.name.c_str(), (long long)split.train.size(), (long long)split.test.size());
    for (const auto &[name, m] : {std::pair {"Train", &e.train}, std::pair {"Test", &e.test},
                                  std::pair {"All", &e.whole}}) {
        if (m->samples == 0)
            continue;
        std::printf("%-9s loss %.4f", name, m->loss);
        if (m->accuracy)
            std::printf("  accuracy %.4f", *m->accuracy);
        std::printf("  (%lld samples)\n", (long long)m->samples);
    }
    for (std::size_t b = 0; b < e.routing.size(); ++b)
        printRouting(e.routing[b], int(b) + 1,
                     QStringLiteral("all %1 samples").arg(e.whole.samples));
}
} // namespace

int runEval(const QStringList &arguments)
{
    // A text model reads text: its own options (textevalcommand.cpp).
    for (qsizetype i = 1; i + 1 < arguments.size(); ++i)
        if (arguments[i] == QLatin1String("--model")) {
            bool text = false;
            try {
                text = files::isTextModelFile(arguments[i + 1]);
            } catch (const std::exception &) { // the 2-D path says what is wrong with it
            }
            if (text)
                return runTextEval(arguments);
        }
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Evaluate a saved model (moelab-cli train --save-model, or the app's File > Save model)\n"
        "on a dataset: loss and accuracy on the training part, the test part and all samples,\n"
        "and what the router does. By default the data it was trained on, split the same way."));
    parser.addOptions({
        {"help", "Show this help."},
        {"model", "The model file (JSON).", "FILE"},
        {"dataset", "Built-in dataset or .csv file (default: the one it was trained on).",
         "NAME|FILE"},
        settingOption(settings::kSeed, "S",
                      "Of the data and its split (default: the training run's). ", QString()),
        settingOption(settings::kTestFraction, "F", "Default: the training run's. ", QString()),
        {"label-column", "CSV: name of the label column (default: the last one).", "NAME"},
        {"part", "Rows written to --predictions: train, test or all.", "PART", "all"},
        {"predictions",
         "Write one CSV row per sample: label, prediction, class probabilities (or values), and "
         "for an MoE each block's chosen experts and their gates.",
         "FILE"},
        {"json", "Print one JSON object instead of the readable summary."},
    });
    return runGuarded("eval", [&] {
        parseOrThrow(parser, arguments);
        if (parser.isSet("help")) {
            printHelp(parser, "eval");
            return int(kExitOk);
        }
        if (!parser.isSet("model"))
            throw UsageError("--model FILE is required");
        const QString part = parser.value("part");
        if (part != QLatin1String("train") && part != QLatin1String("test")
            && part != QLatin1String("all"))
            throw UsageError("--part expects train, test or all, got '" + part.toStdString() + "'");
        if (parser.isSet("predictions"))
            files::checkWritable(parser.value("predictions"));
        files::ModelInfo info;
        std::unique_ptr<Model> model = files::loadModel(parser.value("model"), info);
        const ModelConfig &config = model->config();
        double testFraction = 0.0;
        const datasets::DatasetSpec spec = evalDataSpec(parser, info, testFraction);
        const Dataset data = loadEvalDataset(spec, config, info.task);
        datasets::TrainTestSplit split = datasets::splitTrainTest(data, testFraction, spec.seed);
        if (info.scaler.isFitted()) { // the training run's standardisation, not a new one
            info.scaler.apply(split.train.features);
            info.scaler.apply(split.test.features);
        }
        Trainer trainer(config, split.train, split.test, TrainingConfig {});
        files::copyWeights(*model, trainer.model());
        const Dataset all = concatenate(split.train, split.test);
        const Evaluation e {trainer.evaluate(split.train), trainer.evaluate(split.test),
                            trainer.evaluate(all), routingOver(trainer, all)};
        checkFinite(e, trainer.model(), parser.value("model"));
        if (parser.isSet("predictions")) {
            const Dataset &rows = part == QLatin1String("train") ? split.train
                : part == QLatin1String("test")                  ? split.test
                                                                 : all;
            writePredictions(parser.value("predictions"), trainer, rows, part);
        }
        if (parser.isSet("json"))
            printEvalJson(parser.value("model"), config, data, e);
        else
            printEvalSummary(parser.value("model"), *model, info, data, split, e);
        return int(kExitOk);
    });
}

} // namespace moe::cli
