#include "files/experimentfile.h"

#include "core/base/error.h"
#include "files/configjson.h"

#include <QFileInfo>

namespace moe::files {

namespace {
const QString kFormat = QStringLiteral("moelab-experiment");
} // namespace

QJsonObject experimentToJson(const Experiment &e)
{
    using namespace settings;
    const OptimizerConfig &o = e.training.optimizer;
    return QJsonObject {
        {"format", kFormat},
        {"version", kExperimentVersion},
        {"dataset", datasetToJson(e.dataset, e.testFraction)},
        {"model",
         QJsonObject {{keyOf(kWidth), e.model.width},
                      {keyOf(kBlocks), e.model.blocks},
                      {"activation", nameText(activationName(e.model.activation))}}},
        {"moe", moeToJson(e.model.moe)},
        {"dense",
         QJsonObject {{"baseline", nameText(choiceName(kBaselineChoices, e.baseline))},
                      {keyOf(kCustomHidden), e.customHidden},
                      {"hidden", e.denseModel().hidden}}}, // what the baseline resolves to
        {"training",
         QJsonObject {{"optimizer", nameText(optimizerName(o.kind))},
                      // floats as their shortest decimal text, so they read back in range
                      {keyOf(kLearningRate), decimalValue(o.learningRate)},
                      {keyOf(kMomentum), decimalValue(o.momentum)},
                      {keyOf(kBeta1), decimalValue(o.beta1)},
                      {keyOf(kBeta2), decimalValue(o.beta2)},
                      {keyOf(kEpsilon), decimalValue(o.epsilon)},
                      {keyOf(kWeightDecay), decimalValue(o.weightDecay)},
                      {keyOf(kBatchSize), double(e.training.batchSize)},
                      {keyOf(kEvalEvery), double(e.training.evalEvery)},
                      {keyOf(kSeed), double(e.training.seed)},
                      {keyOf(kSteps), double(e.steps)}}},
        {"app", appToJson(e)},
    };
}

Experiment experimentFromJson(const QJsonObject &object, const QString &where,
                              const QString &baseDir)
{
    using namespace settings;
    const JsonReader root(object, where);
    Experiment e;
    e.dataset = datasetFromJson(root.child(QStringLiteral("dataset")), baseDir, e.testFraction);
    const JsonReader model = root.child(QStringLiteral("model"));
    e.model.width = model.integer(kWidth);
    e.model.blocks = model.integer(kBlocks);
    e.model.activation = activationFromJson(model, QStringLiteral("activation"));
    e.model.moe = moeFromJson(root.child(QStringLiteral("moe")));

    const JsonReader dense = root.child(QStringLiteral("dense"));
    e.baseline = choice<DenseBaseline>(
        dense, QStringLiteral("baseline"), [](const std::string &s) { return parseBaseline(s); },
        QString::fromStdString(choiceList(kBaselineChoices)));
    e.customHidden = dense.integer(kCustomHidden, JsonReader::Optional);

    const JsonReader t = root.child(QStringLiteral("training"));
    OptimizerConfig &o = e.training.optimizer;
    o.kind = choice<OptimizerKind>(t, QStringLiteral("optimizer"), parseOptimizer,
                                   QString::fromStdString(choiceList(kOptimizerChoices)));
    o.learningRate = float(t.number(kLearningRate));
    o.momentum = float(t.number(kMomentum, JsonReader::Optional));
    o.beta1 = float(t.number(kBeta1, JsonReader::Optional));
    o.beta2 = float(t.number(kBeta2, JsonReader::Optional));
    o.epsilon = float(t.number(kEpsilon, JsonReader::Optional));
    o.weightDecay = float(t.number(kWeightDecay, JsonReader::Optional));
    e.training.batchSize = t.count(kBatchSize);
    e.training.evalEvery = t.count(kEvalEvery, JsonReader::Optional);
    e.training.seed = std::uint64_t(t.count(kSeed));
    e.steps = t.count(kSteps, JsonReader::Optional);
    if (root.has(QStringLiteral("app")))
        appFromJson(root.child(QStringLiteral("app")), e);
    try { // what only the engine knows how to check (e.g. k and the router together)
        e.validate();
    } catch (const ConfigError &error) {
        throw DataError(
            QStringLiteral("%1: %2").arg(where, QString::fromUtf8(error.what())).toStdString());
    }
    return e;
}

void saveExperiment(const QString &path, const Experiment &experiment)
{
    saveJson(path, experimentToJson(experiment));
}

Experiment readExperiment(const QString &path)
{
    const QJsonObject object = loadJson(path, kFormat, kExperimentVersion);
    return experimentFromJson(object, QFileInfo(path).fileName(), QFileInfo(path).absolutePath());
}

Experiment loadExperiment(const QString &path)
{
    const Experiment e = readExperiment(path);
    if (QString::fromStdString(e.dataset.name).endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
        datasets::makeDataset(e.dataset, {}); // throws DataError naming the CSV file, line, column
    return e;
}

} // namespace moe::files
