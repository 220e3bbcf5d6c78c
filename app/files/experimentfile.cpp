#include "experimentfile.h"

#include "error.h"
#include "jsonfile.h"
#include "split.h"

#include <QDir>
#include <QFileInfo>

namespace moe::files {

namespace {
const QString kFormat = QStringLiteral("moelab-experiment");

QString text(std::string_view name)
{
    return QString::fromLatin1(name.data(), qsizetype(name.size()));
}

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

// A name from a fixed set, or DataError listing the accepted ones.
template<typename T, typename Parse>
T choice(const JsonReader &in, const QString &key, Parse parse, const QString &accepted)
{
    const QString value = in.string(key);
    const std::optional<T> parsed = parse(value.toStdString());
    if (!parsed)
        in.fail(key, QStringLiteral("must be one of %1 (found \"%2\")").arg(accepted, value));
    return *parsed;
}
} // namespace

QJsonObject experimentToJson(const Experiment &e)
{
    const datasets::DatasetSpec &d = e.dataset;
    const MoeConfig &m = e.model.moe;
    const OptimizerConfig &o = e.training.optimizer;
    return QJsonObject {
        {"format", kFormat},
        {"version", kExperimentVersion},
        {"dataset",
         QJsonObject {{"name", QString::fromStdString(d.name)},
                      {"samples", double(d.samples)},
                      {"noise", d.noise ? QJsonValue(*d.noise) : QJsonValue()},
                      {"seed", double(d.seed)},
                      {"arms", d.arms},
                      {"clusters", d.clusters},
                      {"cells", d.cells},
                      {"labelColumn", QString::fromStdString(d.labelColumn)},
                      {"task", d.csvTask == Task::Regression ? "regression" : "classification"},
                      {"testFraction", e.testFraction}}},
        {"model",
         QJsonObject {{"width", e.model.width},
                      {"blocks", e.model.blocks},
                      {"activation", text(activationName(e.model.activation))}}},
        {"moe",
         QJsonObject {{"experts", m.experts},
                      {"topK", m.topK},
                      {"expertHidden", m.expertHidden},
                      {"router", text(routerName(m.router))},
                      {"renormalize", m.renormalize},
                      {"capacityFactor", m.capacityFactor ? QJsonValue(*m.capacityFactor)
                                                          : QJsonValue()},
                      {"dropPolicy", text(dropPolicyName(m.dropPolicy))},
                      {"balanceLoss", m.balanceLoss},
                      {"zLoss", m.zLoss},
                      {"jitter", m.jitter},
                      {"sharedExperts", m.sharedExperts},
                      {"biasUpdateRate", m.biasUpdateRate},
                      {"deadAfterSteps", m.deadAfterSteps}}},
        {"dense",
         QJsonObject {{"baseline", baselineName(e.baseline)},
                      {"customHidden", e.customHidden},
                      {"hidden", e.denseModel().hidden}}}, // what the baseline resolves to
        {"training",
         QJsonObject {{"optimizer", text(optimizerName(o.kind))},
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
    const JsonReader d = root.child(QStringLiteral("dataset"));
    QString name = d.string(QStringLiteral("name"));
    if (name.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive) && !baseDir.isEmpty()
        && QFileInfo(name).isRelative())
        name = QDir(baseDir).filePath(name);
    e.dataset.name = name.toStdString();
    e.dataset.samples = d.count(QStringLiteral("samples"), 0, 1'000'000, 0);
    if (d.has(QStringLiteral("noise")))
        e.dataset.noise = d.numberOrNull(QStringLiteral("noise"), 0.0, 10.0);
    e.dataset.seed = std::uint64_t(d.count(QStringLiteral("seed"), 0, qint64(1) << 53, 1));
    e.dataset.arms = d.integer(QStringLiteral("arms"), 2, 6, 3);
    e.dataset.clusters = d.integer(QStringLiteral("clusters"), 2, 8, 4);
    e.dataset.cells = d.integer(QStringLiteral("cells"), 2, 10, 4);
    e.dataset.labelColumn = d.string(QStringLiteral("labelColumn"), QString()).toStdString();
    e.dataset.csvTask = choice<Task>(
        d, QStringLiteral("task"),
        [](const std::string &s) -> std::optional<Task> {
            if (s == "classification")
                return Task::Classification;
            if (s == "regression")
                return Task::Regression;
            return std::nullopt;
        },
        QStringLiteral("classification, regression"));
    e.testFraction = d.number(QStringLiteral("testFraction"), 0.0, datasets::kMaxTestFraction);

    const JsonReader model = root.child(QStringLiteral("model"));
    e.model.width = model.integer(QStringLiteral("width"), 1, 4096);
    e.model.blocks = model.integer(QStringLiteral("blocks"), 1, 16);
    e.model.activation = choice<Activation>(model, QStringLiteral("activation"), parseActivation,
                                            QStringLiteral("relu, gelu, tanh, silu"));

    const JsonReader m = root.child(QStringLiteral("moe"));
    MoeConfig &moe = e.model.moe;
    moe.experts = m.integer(QStringLiteral("experts"), 1, 64);
    moe.topK = m.integer(QStringLiteral("topK"), 1, moe.experts);
    moe.expertHidden = m.integer(QStringLiteral("expertHidden"), 1, 16384);
    moe.router = choice<RouterKind>(m, QStringLiteral("router"), parseRouter,
                                    QStringLiteral("topk, switch, noisy-topk, expert-choice, "
                                                   "aux-free"));
    moe.renormalize = m.boolean(QStringLiteral("renormalize"), true);
    moe.capacityFactor = m.numberOrNull(QStringLiteral("capacityFactor"), 0.25, 4.0);
    moe.dropPolicy = choice<DropPolicy>(m, QStringLiteral("dropPolicy"), parseDropPolicy,
                                        QStringLiteral("position, score, random"));
    moe.balanceLoss = m.number(QStringLiteral("balanceLoss"), 0.0, 10.0);
    moe.zLoss = m.number(QStringLiteral("zLoss"), 0.0, 10.0, 0.0);
    moe.jitter = m.number(QStringLiteral("jitter"), 0.0, 1.0, 0.0);
    moe.sharedExperts = m.integer(QStringLiteral("sharedExperts"), 0, 4, 0);
    moe.biasUpdateRate = m.number(QStringLiteral("biasUpdateRate"), 0.0, 1.0, 1e-3);
    moe.deadAfterSteps = m.integer(QStringLiteral("deadAfterSteps"), 1, 1'000'000, 100);

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
        throw DataError(QStringLiteral("%1: %2").arg(where, QString::fromUtf8(error.what()))
                            .toStdString());
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
