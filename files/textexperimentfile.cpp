#include "files/textexperimentfile.h"

#include "core/base/error.h"
#include "datasets/text/preparedtext.h"
#include "files/configjson.h"

#include <QDir>
#include <QFileInfo>

namespace moe::files {

const QString kTextExperimentFormat = QStringLiteral("moelab-text-experiment");

QJsonObject textExperimentToJson(const TextExperiment &e)
{
    using namespace settings;
    const TextModelConfig &m = e.model;
    const TextTrainConfig &t = e.training;
    return QJsonObject {
        {"format", kTextExperimentFormat},
        {"version", kTextExperimentVersion},
        {"text",
         QJsonObject {{"corpus", QString::fromStdString(e.corpus)},
                      {"tokenizer", nameText(choiceName(datasets::kTokenizerChoices, e.tokenizer))},
                      {keyOf(kVocab), e.vocab}}},
        {"model",
         QJsonObject {{keyOf(kContext), m.context},
                      {keyOf(kTextWidth), m.width},
                      {keyOf(kHeads), m.heads},
                      {keyOf(kTextBlocks), m.blocks},
                      {keyOf(kDenseHidden), m.denseHidden},
                      {keyOf(kMoeEvery), std::max(1, m.moeEvery)},
                      {"matchCompute", e.matchCompute}}},
        {"moe", moeToJson(m.moe)},
        {"training",
         QJsonObject {{keyOf(kSequences), t.sequences},
                      {keyOf(kLearningRate), decimalValue(t.learningRate)},
                      {keyOf(kMinLearningRate), decimalValue(t.minLearningRate)},
                      {keyOf(kWarmup), t.warmup},
                      {keyOf(kWeightDecay), decimalValue(t.weightDecay)},
                      {keyOf(kGradClip), decimalValue(t.gradClip)},
                      {keyOf(kSeed), double(e.seed)}}},
        {"app",
         QJsonObject {{keyOf(kStepsPerSecond), e.stepsPerSecond},
                      {keyOf(kStepBudget), e.stepBudget},
                      {keyOf(kTextEvalEvery), e.evalEvery},
                      {keyOf(kEvalTokens), double(e.evalTokens)},
                      {keyOf(kTemperature), decimalValue(e.temperature)}}},
    };
}

TextExperiment textExperimentFromJson(const QJsonObject &object, const QString &where)
{
    using namespace settings;
    const JsonReader root(object, where);
    TextExperiment e;
    const JsonReader text = root.child(QStringLiteral("text"));
    e.corpus = text.string(QStringLiteral("corpus")).toStdString();
    if (e.corpus.empty())
        text.fail(QStringLiteral("corpus"), QStringLiteral("is empty"));
    e.tokenizer = choice<datasets::TokenizerKind>(
        text, QStringLiteral("tokenizer"),
        [](const std::string &s) { return parseChoice(datasets::kTokenizerChoices, s); },
        QString::fromStdString(choiceList(datasets::kTokenizerChoices)));
    e.vocab = text.integer(kVocab, JsonReader::Optional);
    const JsonReader model = root.child(QStringLiteral("model"));
    e.model.context = model.integer(kContext);
    e.model.width = model.integer(kTextWidth);
    e.model.heads = model.integer(kHeads);
    e.model.blocks = model.integer(kTextBlocks);
    e.model.denseHidden = model.integer(kDenseHidden, JsonReader::Optional);
    e.model.moeEvery = model.integer(kMoeEvery, JsonReader::Optional);
    e.matchCompute = model.boolean(QStringLiteral("matchCompute"), true);
    e.model.moe = moeFromJson(root.child(QStringLiteral("moe")));
    const JsonReader t = root.child(QStringLiteral("training"));
    e.training.sequences = t.integer(kSequences);
    e.training.learningRate = float(t.number(kLearningRate));
    e.training.minLearningRate = float(t.number(kMinLearningRate, JsonReader::Optional));
    e.training.warmup = t.integer(kWarmup, JsonReader::Optional);
    e.training.weightDecay = float(t.number(kWeightDecay, JsonReader::Optional));
    e.training.gradClip = float(t.number(kGradClip, JsonReader::Optional));
    e.seed = std::uint64_t(t.count(kSeed));
    if (root.has(QStringLiteral("app"))) {
        const JsonReader app = root.child(QStringLiteral("app"));
        e.stepsPerSecond = app.integer(kStepsPerSecond, JsonReader::Optional);
        e.stepBudget = app.integer(kStepBudget, JsonReader::Optional);
        e.evalEvery = app.integer(kTextEvalEvery, JsonReader::Optional);
        e.evalTokens = app.count(kEvalTokens, JsonReader::Optional);
        e.temperature = float(app.number(kTemperature, JsonReader::Optional));
    }
    e.training.steps = std::max(1, e.stepBudget);
    if (e.training.minLearningRate > e.training.learningRate)
        t.fail(keyOf(kMinLearningRate), QStringLiteral("is above the learning rate"));
    try {
        e.validate();
    } catch (const ConfigError &error) {
        throw DataError(
            QStringLiteral("%1: %2").arg(where, QString::fromUtf8(error.what())).toStdString());
    }
    return e;
}

void saveTextExperiment(const QString &path, const TextExperiment &experiment)
{
    saveJson(path, textExperimentToJson(experiment));
}

TextExperiment loadTextExperiment(const QString &path)
{
    const QJsonObject object = loadJson(path, kTextExperimentFormat, kTextExperimentVersion);
    TextExperiment e = textExperimentFromJson(object, QFileInfo(path).fileName());
    // A corpus file named relative to the experiment file.
    if (!datasets::isBuiltinCorpus(e.corpus)
        && QFileInfo(QString::fromStdString(e.corpus)).isRelative())
        e.corpus = QDir(QFileInfo(path).absolutePath())
                       .absoluteFilePath(QString::fromStdString(e.corpus))
                       .toStdString();
    return e;
}

} // namespace moe::files
