#include "files/modelfile.h"

#include "core/base/error.h"
#include "core/base/rng.h"
#include "core/moe/moeblock.h"
#include "files/configjson.h"
#include "files/tensorjson.h"

#include <QFileInfo>
#include <map>

namespace moe::files {

namespace {
const QString kFormat = QStringLiteral("moelab-model");

QJsonArray rowToJson(const RowVector &v)
{
    QJsonArray a;
    for (Index i = 0; i < v.size(); ++i)
        a.append(double(v[i]));
    return a;
}

// Router state beyond the parameters, one (E) vector per MoE block that has one: the selection
// bias of aux-free routers ("block2.router.selection_bias") and the evaluation thresholds of
// expert choice ("block2.router.eval_threshold", from version 2).
struct RouterState
{
    std::string name;
    Router *router = nullptr;
    bool threshold = false; // eval_threshold, else selection_bias

    RowVector get() const { return threshold ? router->evalThreshold() : router->selectionBias(); }
    void set(const RowVector &values) const
    {
        threshold ? router->setEvalThreshold(values) : router->setSelectionBias(values);
    }
};

std::vector<RouterState> routerStates(Model &model)
{
    std::vector<RouterState> states;
    for (std::size_t b = 0; b < model.blocks().size(); ++b) {
        auto *moe = dynamic_cast<MoeBlock *>(model.blocks()[b].get());
        if (!moe)
            continue;
        const std::string block = "block" + std::to_string(b + 1) + ".router.";
        if (moe->config().router == RouterKind::AuxFree)
            states.push_back({block + "selection_bias", &moe->router(), false});
        if (moe->config().router == RouterKind::ExpertChoice)
            states.push_back({block + "eval_threshold", &moe->router(), true});
    }
    return states;
}

ModelConfig configFromJson(const JsonReader &c)
{
    ModelConfig config;
    const QString kind = c.string(QStringLiteral("kind"));
    if (kind != QLatin1String("moe") && kind != QLatin1String("dense"))
        c.fail(QStringLiteral("kind"), QStringLiteral("must be \"moe\" or \"dense\""));
    config.blockKind = kind == QLatin1String("moe") ? BlockKind::Moe : BlockKind::Dense;
    config.inputDim = c.integer(settings::kInputDim);
    config.outputDim = c.integer(settings::kOutputDim);
    config.width = c.integer(settings::kWidth);
    config.hidden = c.integer(settings::kHidden);
    config.blocks = c.integer(settings::kBlocks);
    config.activation = activationFromJson(c, QStringLiteral("activation"));
    config.moe = moeFromJson(c.child(QStringLiteral("moe")));
    return config;
}

// {"mean": [...], "scale": [...]}, each of inputDim numbers.
datasets::Standardizer standardizerFromJson(const JsonReader &s, int inputDim)
{
    Matrix mean(1, inputDim), scale(1, inputDim);
    const QJsonObject entryMean {{"shape", QJsonArray {1, inputDim}},
                                 {"values", s.array(QStringLiteral("mean"))}};
    const QJsonObject entryScale {{"shape", QJsonArray {1, inputDim}},
                                  {"values", s.array(QStringLiteral("scale"))}};
    tensorFromJson(JsonReader(entryMean, s.where()), QStringLiteral("mean"), mean);
    tensorFromJson(JsonReader(entryScale, s.where()), QStringLiteral("scale"), scale);
    datasets::Standardizer scaler;
    try {
        scaler.setStatistics(mean.row(0), scale.row(0));
    } catch (const ConfigError &error) {
        s.fail(QStringLiteral("scale"), QString::fromUtf8(error.what()));
    }
    return scaler;
}

// Everything but the weights: the task, the standardisation and what the model was trained on.
void infoFromJson(const QJsonObject &object, const JsonReader &root, const ModelConfig &config,
                  const QString &path, ModelInfo &info)
{
    const QString task = root.string(QStringLiteral("task"));
    if (task != QLatin1String("classification") && task != QLatin1String("regression"))
        root.fail(QStringLiteral("task"), QStringLiteral("must be classification or regression"));
    info.task = task == QLatin1String("regression") ? Task::Regression : Task::Classification;
    info.classes = root.integer(QStringLiteral("classes"), 0, 1'000'000);
    if (info.task == Task::Classification && info.classes != config.outputDim)
        root.fail(QStringLiteral("classes"),
                  QStringLiteral("must equal config.outputDim (%1)").arg(config.outputDim));
    info.scaler = datasets::Standardizer();
    if (!object.value(QStringLiteral("standardizer")).isNull()) // absent: the reader says so
        info.scaler
            = standardizerFromJson(root.child(QStringLiteral("standardizer")), config.inputDim);
    if (root.has(QStringLiteral("trainedOn"))) {
        const JsonReader t = root.child(QStringLiteral("trainedOn"));
        info.dataset = datasetFromJson(t.child(QStringLiteral("dataset")),
                                       QFileInfo(path).absolutePath(), info.testFraction);
        info.steps = t.count(QStringLiteral("steps"), 0, qint64(1) << 53, 0);
    }
}

// A model of `config` whose weights are all about to be overwritten; a config the engine refuses
// is the file's error.
std::unique_ptr<Model> emptyModel(ModelConfig config, const QString &file)
{
    try {
        config.validate();
        Rng rng(1);
        return std::make_unique<Model>(config, rng);
    } catch (const ConfigError &error) {
        throw DataError(QStringLiteral("%1: config: %2")
                            .arg(file, QString::fromUtf8(error.what()))
                            .toStdString());
    }
}

// Every parameter the config has, by name, exactly once; nothing else.
void readParameters(const JsonReader &root, const QString &file, Model &model)
{
    readParameterValues(root, file, model.parameters());
}

// The router states: one entry per such block, nothing else. Version 1 files have no expert-choice
// thresholds (those blocks keep 1/E, docs/moe.md "[7] Expert choice").
void readRouterState(const JsonReader &root, const QString &file, Model &model, int version)
{
    std::map<std::string, RouterState> states;
    for (const RouterState &state : routerStates(model))
        if (!(state.threshold && version < 2))
            states[state.name] = state;
    if (root.has(QStringLiteral("state")))
        readEntries(
            root, file, QStringLiteral("state"), [&](const JsonReader &entry, const QString &name) {
                const auto found = states.find(name.toStdString());
                if (found == states.end())
                    entry.fail(QStringLiteral("name"),
                               QStringLiteral("'%1' is not router state of this config").arg(name));
                Matrix values(1, found->second.router->config().experts);
                tensorFromJson(entry, name, values);
                found->second.set(values.row(0));
                states.erase(found);
            });
    if (!states.empty())
        throw DataError(QStringLiteral("%1: router state '%2' is missing")
                            .arg(file, QString::fromStdString(states.begin()->first))
                            .toStdString());
}
} // namespace

void saveModel(const QString &path, Model &model, const ModelInfo &info)
{
    const ModelConfig &c = model.config();
    QJsonArray parameters;
    for (Parameter *p : model.parameters())
        parameters.append(tensorToJson(p->name, p->value));
    QJsonArray state;
    for (const RouterState &entry : routerStates(model))
        state.append(tensorToJson(entry.name, Matrix(entry.get())));
    QJsonObject object {
        {"format", kFormat},
        {"version", kModelVersion},
        {"config",
         QJsonObject {{"kind", c.blockKind == BlockKind::Moe ? "moe" : "dense"},
                      {"inputDim", c.inputDim},
                      {"outputDim", c.outputDim},
                      {"width", c.width},
                      {"hidden", c.hidden},
                      {"blocks", c.blocks},
                      {"activation", nameText(activationName(c.activation))},
                      {"moe", moeToJson(c.moe)}}},
        {"task", info.task == Task::Regression ? "regression" : "classification"},
        {"classes", info.classes},
        {"standardizer",
         info.scaler.isFitted() ? QJsonValue(QJsonObject {
             {"mean", rowToJson(info.scaler.mean())}, {"scale", rowToJson(info.scaler.scale())}})
                                : QJsonValue()},
        {"trainedOn",
         QJsonObject {{"dataset", datasetToJson(info.dataset, info.testFraction)},
                      {"steps", double(info.steps)}}},
        {"parameters", parameters},
        {"state", state},
    };
    saveJson(path, object, false);
}

std::unique_ptr<Model> loadModel(const QString &path, ModelInfo &info)
{
    const QString file = QFileInfo(path).fileName();
    const QJsonObject object = loadJson(path, kFormat, kModelVersion);
    const JsonReader root(object, file);
    if (object.value(QStringLiteral("task")).toString() == QLatin1String("text"))
        throw DataError((file
                         + QStringLiteral(": a text model (task \"text\"): it reads text, "
                                          "not 2-D data (moelab-cli eval --text FILE, "
                                          "generate)"))
                            .toStdString());
    const ModelConfig config = configFromJson(root.child(QStringLiteral("config")));
    infoFromJson(object, root, config, path, info);
    std::unique_ptr<Model> model = emptyModel(config, file);
    readParameters(root, file, *model);
    readRouterState(root, file, *model, object.value(QStringLiteral("version")).toInt());
    return model;
}

void copyWeights(Model &from, Model &to)
{
    const std::vector<Parameter *> source = from.parameters(), target = to.parameters();
    if (source.size() != target.size())
        throw ConfigError("copyWeights: the models have different parameters");
    for (std::size_t i = 0; i < source.size(); ++i) {
        if (source[i]->name != target[i]->name || source[i]->value.rows() != target[i]->value.rows()
            || source[i]->value.cols() != target[i]->value.cols())
            throw ConfigError("copyWeights: parameter " + source[i]->name + " does not match");
        target[i]->value = source[i]->value;
    }
    const auto a = routerStates(from), b = routerStates(to);
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
        b[i].set(a[i].get());
}

} // namespace moe::files
