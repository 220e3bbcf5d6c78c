#include "files/experimentfile.h"

#include "core/base/error.h"
#include "files/configjson.h"

#include <QFileInfo>

namespace moe::files {

namespace {
const QString kFormat = QStringLiteral("moelab-experiment");

const char *baselineName(DenseBaseline b)
{
    switch (b) {
    case DenseBaseline::MatchCompute:
        return "match-compute";
    case DenseBaseline::MatchParameters:
        return "match-parameters";
    case DenseBaseline::Custom:
        break;
    }
    return "custom";
}
} // namespace

QJsonObject experimentToJson(const Experiment &e)
{
    const OptimizerConfig &o = e.training.optimizer;
    return QJsonObject {
        {"format", kFormat},
        {"version", kExperimentVersion},
        {"dataset", datasetToJson(e.dataset, e.testFraction)},
        {"model",
         QJsonObject {{"width", e.model.width},
                      {"blocks", e.model.blocks},
                      {"activation", nameText(activationName(e.model.activation))}}},
        {"moe", moeToJson(e.model.moe)},
        {"dense",
         QJsonObject {{"baseline", baselineName(e.baseline)},
                      {"customHidden", e.customHidden},
                      {"hidden", e.denseModel().hidden}}}, // what the baseline resolves to
        {"training",
         QJsonObject {{"optimizer", nameText(optimizerName(o.kind))},
                      {"learningRate", double(o.learningRate)},
                      {"momentum", double(o.momentum)},
                      {"beta1", double(o.beta1)},
                      {"beta2", double(o.beta2)},
                      {"epsilon", double(o.epsilon)},
                      {"weightDecay", double(o.weightDecay)},
                      {"batchSize", double(e.training.batchSize)},
                      {"evalEvery", double(e.training.evalEvery)},
                      {"seed", double(e.training.seed)},
                      {"steps", double(e.steps)}}},
        {"app", QJsonObject {{"stepsPerSecond", e.stepsPerSecond}}},
    };
}

Experiment experimentFromJson(const QJsonObject &object, const QString &where,
                              const QString &baseDir)
{
    const JsonReader root(object, where);
    Experiment e;
    e.dataset = datasetFromJson(root.child(QStringLiteral("dataset")), baseDir, e.testFraction);
    const JsonReader model = root.child(QStringLiteral("model"));
    e.model.width = model.integer(QStringLiteral("width"), 1, 4096);
    e.model.blocks = model.integer(QStringLiteral("blocks"), 1, 16);
    e.model.activation = activationFromJson(model, QStringLiteral("activation"));
    e.model.moe = moeFromJson(root.child(QStringLiteral("moe")));

    const JsonReader dense = root.child(QStringLiteral("dense"));
    e.baseline = choice<DenseBaseline>(
        dense, QStringLiteral("baseline"),
        [](const std::string &s) -> std::optional<DenseBaseline> {
            for (DenseBaseline b : {DenseBaseline::MatchCompute, DenseBaseline::MatchParameters,
                                    DenseBaseline::Custom})
                if (s == baselineName(b))
                    return b;
            return std::nullopt;
        },
        QStringLiteral("match-compute, match-parameters, custom"));
    e.customHidden = dense.integer(QStringLiteral("customHidden"), 1, 65536, 64);

    const JsonReader t = root.child(QStringLiteral("training"));
    OptimizerConfig &o = e.training.optimizer;
    o.kind = choice<OptimizerKind>(t, QStringLiteral("optimizer"), parseOptimizer,
                                   QStringLiteral("sgd, momentum, adam"));
    o.learningRate = float(t.number(QStringLiteral("learningRate"), 1e-7, 100.0));
    o.momentum = float(t.number(QStringLiteral("momentum"), 0.0, 1.0, 0.9));
    o.beta1 = float(t.number(QStringLiteral("beta1"), 0.0, 1.0, 0.9));
    o.beta2 = float(t.number(QStringLiteral("beta2"), 0.0, 1.0, 0.999));
    o.epsilon = float(t.number(QStringLiteral("epsilon"), 0.0, 1.0, 1e-8));
    o.weightDecay = float(t.number(QStringLiteral("weightDecay"), 0.0, 1.0, 0.0));
    e.training.batchSize = t.count(QStringLiteral("batchSize"), 1, 65536);
    e.training.evalEvery = t.count(QStringLiteral("evalEvery"), 0, 1'000'000, 50);
    e.training.seed = std::uint64_t(t.count(QStringLiteral("seed"), 0, qint64(1) << 53));
    e.steps = t.count(QStringLiteral("steps"), 1, 100'000'000, 2000);
    if (root.has(QStringLiteral("app")))
        e.stepsPerSecond = root.child(QStringLiteral("app"))
                               .integer(QStringLiteral("stepsPerSecond"), 0, 100000, 0);
    try { // what only the engine knows how to check (e.g. k and the router together)
        e.model.validate();
        e.training.validate();
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

Experiment loadExperiment(const QString &path)
{
    const QJsonObject object = loadJson(path, kFormat, kExperimentVersion);
    const Experiment e
        = experimentFromJson(object, QFileInfo(path).fileName(), QFileInfo(path).absolutePath());
    if (QString::fromStdString(e.dataset.name).endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
        datasets::makeDataset(e.dataset, {}); // throws DataError naming the CSV file, line, column
    return e;
}

} // namespace moe::files
