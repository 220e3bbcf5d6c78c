#include "files/textmodelfile.h"

#include "core/base/error.h"
#include "files/configjson.h"
#include "files/modelfile.h"
#include "files/tensorjson.h"

#include <QByteArray>
#include <QFileInfo>
#include <map>

namespace moe::files {

namespace {
const QString kFormat = QStringLiteral("moelab-model");

// Router state beyond the parameters (as in 2-D model files): the aux-free routers' selection
// bias and expert choice's evaluation thresholds, "blockN.ffn.router.<name>".
struct TextRouterState
{
    std::string name;
    Router *router = nullptr;
    bool threshold = false;
};

std::vector<TextRouterState> routerStates(TextModel &model)
{
    std::vector<TextRouterState> states;
    for (int b = 0; b < model.blockCount(); ++b) {
        MoeBlock *moe = model.block(b).moe();
        if (!moe)
            continue;
        const std::string prefix = "block" + std::to_string(b + 1) + ".ffn.router.";
        if (moe->config().router == RouterKind::AuxFree)
            states.push_back({prefix + "selection_bias", &moe->router(), false});
        if (moe->config().router == RouterKind::ExpertChoice)
            states.push_back({prefix + "eval_threshold", &moe->router(), true});
    }
    return states;
}

QJsonObject tokenizerToJson(const datasets::TokenizerState &state)
{
    QJsonObject object {{"kind", nameText(choiceName(datasets::kTokenizerChoices, state.kind))}};
    if (state.kind == datasets::TokenizerKind::Char) {
        QJsonArray symbols;
        for (const std::string &symbol : state.symbols)
            symbols.append(QString::fromStdString(symbol));
        object.insert("symbols", symbols);
        object.insert("unknown", qsizetype(state.symbols.size())); // the last id
    } else {
        object.insert("model",
                      QString::fromLatin1(QByteArray::fromStdString(state.modelProto).toBase64()));
    }
    return object;
}

datasets::TokenizerState tokenizerFromJson(const JsonReader &in)
{
    datasets::TokenizerState state;
    state.kind = choice<datasets::TokenizerKind>(
        in, QStringLiteral("kind"),
        [](std::string_view name) { return parseChoice(datasets::kTokenizerChoices, name); },
        QStringLiteral("char, bpe or unigram"));
    if (state.kind == datasets::TokenizerKind::Char) {
        const QJsonArray symbols = in.array(QStringLiteral("symbols"));
        for (qsizetype i = 0; i < symbols.size(); ++i) {
            if (!symbols[i].isString())
                in.fail(QStringLiteral("symbols"),
                        QStringLiteral("has a non-string at index %1").arg(i));
            state.symbols.push_back(symbols[i].toString().toStdString());
        }
        if (in.has(QStringLiteral("unknown")))
            in.integer(QStringLiteral("unknown"), int(symbols.size()), int(symbols.size()));
    } else {
        const QByteArray model
            = QByteArray::fromBase64Encoding(in.string(QStringLiteral("model")).toLatin1(),
                                             QByteArray::AbortOnBase64DecodingErrors)
                  .decoded;
        if (model.isEmpty())
            in.fail(QStringLiteral("model"), QStringLiteral("is not a base64 SentencePiece model"));
        state.modelProto = model.toStdString();
    }
    return state;
}

QJsonObject configToJson(const TextModelConfig &c)
{
    return QJsonObject {{"kind", "text"},
                        {keyOf(settings::kContext), c.context},
                        {"vocab", c.vocab},
                        {keyOf(settings::kTextWidth), c.width},
                        {keyOf(settings::kHeads), c.heads},
                        {keyOf(settings::kTextBlocks), c.blocks},
                        {keyOf(settings::kDenseHidden), c.denseHidden},
                        {"moeEvery", c.moeEvery},
                        {"moe", moeToJson(c.moe)}};
}

TextModelConfig configFromJson(const JsonReader &c)
{
    if (c.string(QStringLiteral("kind")) != QLatin1String("text"))
        c.fail(QStringLiteral("kind"), QStringLiteral("must be \"text\" in a text model"));
    TextModelConfig config;
    config.vocab = c.integer(QStringLiteral("vocab"), 2, 1 << 20);
    config.context = c.integer(settings::kContext);
    config.width = c.integer(settings::kTextWidth);
    config.heads = c.integer(settings::kHeads);
    config.blocks = c.integer(settings::kTextBlocks);
    config.denseHidden = c.integer(settings::kDenseHidden);
    config.moeEvery = c.integer(QStringLiteral("moeEvery"), 0, 2);
    config.moe = moeFromJson(c.child(QStringLiteral("moe")));
    return config;
}
} // namespace

void saveTextModel(const QString &path, TextModel &model, const TextModelInfo &info)
{
    QJsonArray parameters;
    for (Parameter *p : model.parameters())
        parameters.append(tensorToJson(p->name, p->value));
    QJsonArray state;
    for (const TextRouterState &s : routerStates(model))
        state.append(tensorToJson(
            s.name, Matrix(s.threshold ? s.router->evalThreshold() : s.router->selectionBias())));
    const QJsonObject object {
        {"format", kFormat},
        {"version", kModelVersion},
        {"task", "text"},
        {"config", configToJson(model.config())},
        {"tokenizer", tokenizerToJson(info.tokenizer)},
        {"trainedOn",
         QJsonObject {{"corpus", QString::fromStdString(info.corpus)},
                      {"seed", double(info.seed)},
                      {"steps", double(info.steps)}}},
        {"parameters", parameters},
        {"state", state},
    };
    saveJson(path, object, false);
}

std::unique_ptr<TextModel> loadTextModel(const QString &path, TextModelInfo &info)
{
    const QString file = QFileInfo(path).fileName();
    const QJsonObject object = loadJson(path, kFormat, kModelVersion);
    const JsonReader root(object, file);
    if (root.string(QStringLiteral("task"), QString()) != QLatin1String("text"))
        throw DataError((file
                         + QStringLiteral(": a model of 2-D data, not a text model (its "
                                          "\"task\" is not \"text\")"))
                            .toStdString());
    const TextModelConfig config = configFromJson(root.child(QStringLiteral("config")));
    info.tokenizer = tokenizerFromJson(root.child(QStringLiteral("tokenizer")));
    const JsonReader trained = root.child(QStringLiteral("trainedOn"));
    info.corpus
        = trained.string(QStringLiteral("corpus"), QStringLiteral("shakespeare")).toStdString();
    info.seed = std::uint64_t(trained.count(QStringLiteral("seed"), 0, 2147483647, 1));
    info.steps = trained.count(QStringLiteral("steps"), 0, qint64(1) << 53, 0);
    std::unique_ptr<TextModel> model;
    try {
        const std::unique_ptr<datasets::Tokenizer> tokenizer
            = datasets::makeTokenizer(info.tokenizer);
        if (tokenizer->vocabSize() != config.vocab)
            throw ConfigError("the tokenizer has " + std::to_string(tokenizer->vocabSize())
                              + " tokens but the model's vocabulary is "
                              + std::to_string(config.vocab));
        Rng rng(1);
        model = std::make_unique<TextModel>(config, rng);
    } catch (const std::exception &error) {
        throw DataError(
            QStringLiteral("%1: %2").arg(file, QString::fromUtf8(error.what())).toStdString());
    }
    readParameterValues(root, file, model->parameters());
    std::map<std::string, TextRouterState> states;
    for (const TextRouterState &s : routerStates(*model))
        states[s.name] = s;
    if (root.has(QStringLiteral("state")))
        readEntries(
            root, file, QStringLiteral("state"), [&](const JsonReader &entry, const QString &name) {
                const auto found = states.find(name.toStdString());
                if (found == states.end())
                    entry.fail(QStringLiteral("name"),
                               QStringLiteral("'%1' is not router state of this config").arg(name));
                Matrix values(1, found->second.router->config().experts);
                tensorFromJson(entry, name, values);
                found->second.threshold ? found->second.router->setEvalThreshold(values.row(0))
                                        : found->second.router->setSelectionBias(values.row(0));
                states.erase(found);
            });
    if (!states.empty())
        throw DataError(QStringLiteral("%1: router state '%2' is missing")
                            .arg(file, QString::fromStdString(states.begin()->first))
                            .toStdString());
    return model;
}

bool isTextModelFile(const QString &path)
{
    const QJsonObject object = loadJson(path, kFormat, kModelVersion);
    return object.value(QStringLiteral("task")).toString() == QLatin1String("text");
}

} // namespace moe::files
