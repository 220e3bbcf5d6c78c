#include "traincommand.h"

#include "clioptions.h"
#include "error.h"
#include "parallel.h"
#include "split.h"
#include "steplog.h"
#include "trainreport.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <cstdio>

namespace moe::cli {

namespace {

// Training ran but its numbers are meaningless; reported with the bad-data status.
class TrainingDiverged : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

void printError(const std::string &message)
{
    std::fprintf(stderr, "moelab-cli: %s\n", message.c_str());
}

std::filesystem::path dataDirectory()
{
    const std::filesystem::path appDir = QCoreApplication::applicationDirPath().toStdString();
    try {
        return datasets::findDataDirectory(appDir);
    } catch (const DataError &) {
        return {}; // generated datasets need no files; the real ones then report what is missing
    }
}

TrainReport train(const TrainOptions &o)
{
    setThreadCount(o.threads);
    const datasets::DatasetInfo *builtin = datasets::findBuiltinDataset(o.dataset.name);
    if ((!builtin || !builtin->file.empty()) && (o.dataset.samples > 0 || o.dataset.noise))
        std::fprintf(stderr,
                     "moelab-cli: note: --samples and --noise apply to generated datasets; "
                     "ignored for %s\n",
                     o.dataset.name.c_str());
    const Dataset data = datasets::makeDataset(o.dataset, dataDirectory());
    datasets::TrainTestSplit split
        = datasets::prepareData(data, o.testFraction, o.dataset.seed, o.standardize);

    ModelConfig modelConfig = o.model;
    modelConfig.inputDim = data.inputDim();
    modelConfig.outputDim = data.outputDim();
    Trainer trainer(modelConfig, std::move(split.train), std::move(split.test), o.training);
    const Index steps = o.epochs ? *o.epochs * trainer.batchesPerEpoch() : o.steps;

    StepLog log(o.logCsv, !o.json);
    if (!o.json)
        std::printf("Training a dense model on %s for %lld steps...\n", data.name.c_str(),
                    (long long)steps);
    TrainReport r;
    r.final = trainer.train(steps, &log);
    log.finish();
    if (log.firstNonFiniteStep())
        throw TrainingDiverged(
            "training diverged: the loss became NaN or infinite at step "
            + std::to_string(*log.firstNonFiniteStep()) + "; try a smaller learning rate (--lr "
            + QString::number(o.training.optimizer.learningRate / 10, 'g', 3).toStdString() + ")");

    r.dataset = data.name;
    r.task = data.task;
    r.trainSamples = trainer.trainSet().size();
    r.testSamples = trainer.testSet().size();
    r.features = data.inputDim();
    r.outputs = data.outputDim();
    r.model = trainer.model().describe();
    r.modelConfig = modelConfig;
    r.cost = trainer.model().cost();
    r.batchSize = std::min(o.training.batchSize, r.trainSamples);
    r.steps = trainer.stepsDone();
    r.epochs = double(trainer.samplesSeen()) / double(r.trainSamples);
    r.trainingSeconds = trainer.trainingSeconds();
    r.samplesPerSecond
        = r.trainingSeconds > 0 ? double(trainer.samplesSeen()) / r.trainingSeconds : 0.0;
    r.threads = threadCount();
    r.seed = o.training.seed;
    return r;
}

int runWithOptions(const QStringList &arguments, const char *command, const char *summary)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.setApplicationDescription(QString::fromUtf8(summary));
    addTrainOptions(parser);
    try {
        const TrainOptions options = parseTrainOptions(parser, arguments);
        if (options.help) {
            std::printf("%s",
                        qPrintable(parser.helpText().replace(
                            QStringLiteral("[options]"),
                            QStringLiteral("%1 [options]").arg(QString::fromUtf8(command)))));
            return kExitOk;
        }
        const TrainReport report = train(options);
        if (options.json)
            std::printf("%s\n",
                        QJsonDocument(toJson(report)).toJson(QJsonDocument::Indented).constData());
        else
            printSummary(report);
        return kExitOk;
    } catch (const UsageError &error) {
        printError(std::string(command) + ": " + error.what() + " (see moelab-cli " + command
                   + " --help)");
        return kExitBadArguments;
    } catch (const ConfigError &error) {
        printError(std::string(command) + ": " + error.what());
        return kExitBadArguments;
    } catch (const DataError &error) {
        printError(error.what());
        return kExitBadData;
    } catch (const std::exception &error) {
        printError(error.what());
        return kExitBadData;
    }
}

} // namespace

int runTrain(const QStringList &arguments)
{
    return runWithOptions(arguments, "train",
                          "Train a dense network on a dataset and report loss, accuracy, size,\n"
                          "FLOPs and throughput.");
}

int runDemo(const QStringList &arguments)
{
    return runWithOptions(arguments, "demo",
                          "The default classroom demo: a dense network learns the 3-arm spiral.\n"
                          "Accepts the same options as `train`.");
}

} // namespace moe::cli
