// `moelab-cli eval` of a text model: its loss on a text (a file, or a part of a corpus), each
// position's logits and each token's routing as CSV, and the routing analyses (docs/cli.md,
// "Text").

#include "app/cli/clioptions.h"
#include "app/cli/command.h"
#include "app/cli/textrun.h"
#include "app/options/settingoptions.h"
#include "core/base/error.h"
#include "core/base/userfile.h"
#include "core/text/texteval.h"
#include "files/atomicfile.h"
#include "files/textmodelfile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cstdio>

namespace moe::cli {

namespace {
// A CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180).
QByteArray csvField(const std::string &text)
{
    QByteArray field = QByteArray::fromStdString(text);
    if (field.contains(',') || field.contains('"') || field.contains('\n')
        || field.contains('\r')) {
        field.replace("\"", "\"\"");
        field = '"' + field + '"';
    }
    return field;
}

struct TextUnderTest
{
    std::string name;
    datasets::TokenStream stream;
    std::vector<std::string> domains {"text"};
};

TextUnderTest readText(const QCommandLineParser &parser, const files::TextModelInfo &info,
                       const datasets::Tokenizer &tokenizer)
{
    TextUnderTest text;
    if (parser.isSet("text")) {
        const datasets::TextCorpus corpus
            = datasets::loadTextFile(parser.value("text").toStdString());
        text.name = corpus.name;
        for (const datasets::TokenSpan &span : tokenizer.encode(corpus.text))
            text.stream.ids.push_back(span.id);
        text.stream.domain.assign(text.stream.ids.size(), 0);
        text.stream.characters = datasets::countCodePoints(corpus.text);
    } else {
        const std::string name
            = parser.isSet("corpus") ? parser.value("corpus").toStdString() : info.corpus;
        const bool builtin = std::find(std::begin(datasets::kBuiltinCorpora),
                                       std::end(datasets::kBuiltinCorpora), name)
            != std::end(datasets::kBuiltinCorpora);
        std::filesystem::path dataDir;
        if (builtin && name != "arithmetic")
            dataDir
                = datasets::findDataDirectory(QCoreApplication::applicationDirPath().toStdString());
        const datasets::TextCorpus corpus = datasets::makeCorpus(name, dataDir, info.seed);
        datasets::TokenizedCorpus tokens = datasets::tokenize(corpus, tokenizer);
        const QString part = parser.value("part");
        if (part != QLatin1String("validation") && part != QLatin1String("train"))
            throw UsageError("--part expects validation or train, got '" + part.toStdString()
                             + "'");
        text.name = corpus.name + " (" + part.toStdString() + ")";
        text.stream = part == QLatin1String("train") ? std::move(tokens.train)
                                                     : std::move(tokens.validation);
        text.domains = corpus.domains;
    }
    if (text.stream.ids.size() < 2)
        throw DataError(text.name + ": " + std::to_string(text.stream.ids.size())
                        + " token(s): evaluating needs at least 2 (a token and the next)");
    return text;
}
} // namespace

int runTextEval(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Evaluate a saved text model on a text: loss in nats/token and bits/char, the logits\n"
        "and the routing of every token (CSV), and what the routers do (specialisation by\n"
        "token and domain, consecutive tokens, drops by position).");
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions({
        {"help", "Show this help."},
        {"model", "The text model file.", "FILE"},
        {"text", "A UTF-8 text file to evaluate (default: the model's corpus, --part).", "FILE"},
        {"corpus", "A corpus (default: the one the model was trained on).", "NAME"},
        {"part", "validation or train: the part of the corpus.", "PART", "validation"},
        {"logits", "Write every position's logits to FILE (CSV).", "FILE"},
        {"routing-csv",
         "Write every token's routing to FILE (CSV): its experts and gates in each "
         "MoE layer.",
         "FILE"},
        {"json", "Print one JSON object with the results."},
    });
    return runGuarded("eval", [&] {
        parseOrThrow(parser, arguments);
        if (parser.isSet("help")) {
            printHelp(parser, "eval");
            return int(kExitOk);
        }
        if (parser.isSet("text") && (parser.isSet("corpus") || parser.isSet("part")))
            throw UsageError("--text names the text to evaluate; --corpus and --part choose a "
                             "corpus's part instead: give one or the other");
        for (const char *name : {"logits", "routing-csv"})
            if (parser.isSet(name))
                files::checkWritable(parser.value(name));
        files::TextModelInfo info;
        std::unique_ptr<TextModel> model = files::loadTextModel(parser.value("model"), info);
        const std::unique_ptr<datasets::Tokenizer> tokenizer
            = datasets::makeTokenizer(info.tokenizer);
        const TextUnderTest text = readText(parser, info, *tokenizer);
        QByteArray logitsCsv, routingCsv;
        const int V = model->config().vocab;
        if (parser.isSet("logits")) {
            logitsCsv = "window,position,token,target";
            for (int v = 0; v < V; ++v)
                logitsCsv += ",logit_" + QByteArray::number(v);
            logitsCsv += '\n';
        }
        const int k
            = model->config().isMoe() ? std::max(1, model->config().moe.effectiveTopK()) : 0;
        if (parser.isSet("routing-csv")) {
            routingCsv = "window,position,token,text,domain,loss";
            for (int b = 1; b <= model->config().blocks; ++b)
                if (model->config().isMoeBlock(b))
                    for (int i = 1; i <= k; ++i)
                        routingCsv += ",block" + QByteArray::number(b) + "_expert"
                            + QByteArray::number(i) + ",block" + QByteArray::number(b) + "_gate"
                            + QByteArray::number(i);
            routingCsv += '\n';
        }
        Index window = 0;
        const std::span<const int> ids(text.stream.ids);
        const TextEvalResult result = evaluateText(
            *model, ids, 0,
            [&](Index start, Index length, const Matrix &logits,
                const std::vector<double> &losses) {
                for (Index t = 0; t < length && parser.isSet("logits"); ++t) {
                    logitsCsv += QByteArray::number(window) + ',' + QByteArray::number(t) + ','
                        + QByteArray::number(ids[std::size_t(start + t)]) + ','
                        + QByteArray::number(ids[std::size_t(start + t + 1)]);
                    for (int v = 0; v < V; ++v)
                        logitsCsv += ',' + QByteArray::number(double(logits(t, v)), 'g', 9);
                    logitsCsv += '\n';
                }
                if (parser.isSet("routing-csv")) {
                    const std::vector<MoeBlock *> layers = model->moeLayers();
                    for (Index t = 0; t < length; ++t) {
                        const int id = ids[std::size_t(start + t)];
                        const auto domain = std::size_t(text.stream.domain[std::size_t(start + t)]);
                        routingCsv += QByteArray::number(window) + ',' + QByteArray::number(t) + ','
                            + QByteArray::number(id) + ',' + csvField(tokenizer->pieceText(id))
                            + ','
                            + csvField(domain < text.domains.size() ? text.domains[domain] : "text")
                            + ',' + QByteArray::number(losses[std::size_t(t)], 'g', 9);
                        for (const MoeBlock *layer : layers) {
                            std::vector<std::pair<float, int>> taken;
                            for (const Assignment &a : layer->lastDecision().assignments)
                                if (a.kept && a.token == t)
                                    taken.push_back({a.gate, a.expert});
                            std::sort(taken.begin(), taken.end(), std::greater<>());
                            for (int i = 0; i < k; ++i)
                                routingCsv += i < int(taken.size())
                                    ? ',' + QByteArray::number(taken[std::size_t(i)].second) + ','
                                        + QByteArray::number(double(taken[std::size_t(i)].first),
                                                             'g', 7)
                                    : QByteArray(",,");
                        }
                        routingCsv += '\n';
                    }
                }
                ++window;
            });
        if (parser.isSet("logits"))
            files::saveBytes(parser.value("logits"), logitsCsv);
        if (parser.isSet("routing-csv"))
            files::saveBytes(parser.value("routing-csv"), routingCsv);
        const double bits = bitsPerCharacter(result.nats, result.tokens, text.stream.ids.size(),
                                             text.stream.characters);
        QJsonArray layers;
        for (const TextEvalLayer &l : result.moeLayers)
            layers.append(QJsonObject {
                {"block", l.block}, {"balance_loss", l.balanceLoss}, {"z_loss", l.zLoss}});
        QJsonObject json {{"model", parser.value("model")},
                          {"text", QString::fromStdString(text.name)},
                          {"tokens", double(result.tokens)},
                          {"windows", double(result.windows)},
                          {"loss_nats_per_token", result.lossNatsPerToken},
                          {"bits_per_char", bits},
                          {"moe_layers", layers}};
        if (model->config().isMoe()) {
            RoutingAnalysisInput input;
            input.tokens = ids;
            input.domain = text.stream.domain;
            input.domains = int(text.domains.size());
            input.seed = info.seed;
            json.insert("routing",
                        routingAnalysisJson(analyseRouting(*model, input), text.domains));
        }
        if (parser.isSet("json")) {
            std::printf("%s\n", QJsonDocument(json).toJson().constData());
        } else {
            std::printf("%s on %s: %.4f nats/token, %.3f bits/char over %lld tokens\n",
                        qPrintable(parser.value("model")), text.name.c_str(),
                        result.lossNatsPerToken, bits, (long long)result.tokens);
        }
        return int(kExitOk);
    });
}

} // namespace moe::cli
