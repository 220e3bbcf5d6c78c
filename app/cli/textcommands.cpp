// `moelab-cli train --task text`, `generate` and `eval` of a text model (docs/cli.md, "Text").

#include "app/cli/clioptions.h"
#include "app/cli/command.h"
#include "app/cli/textrun.h"
#include "app/options/settingoptions.h"
#include "core/base/error.h"
#include "core/base/parallel.h"
#include "core/text/generation.h"
#include "core/text/texteval.h"
#include "files/atomicfile.h"
#include "files/textmodelfile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cstdio>

namespace moe::cli {

int runTextTrain(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Train a tiny transformer language model (dense or MoE) on a text corpus and report\n"
        "its validation loss (nats/token, bits/char), parameters, FLOPs, speed and routing.");
    addTextOptions(parser);
    return runGuarded("train", [&] {
        const TextRunOptions options = parseTextOptions(parser, arguments);
        if (options.help) {
            printHelp(parser, "train --task text");
            return int(kExitOk);
        }
        const PreparedText text = prepareText(options.corpus, options.seed, options.tokenizer,
                                              options.vocab, options.model.context);
        const TextRunReport report = runTextTraining(options, text, !options.json);
        if (options.json)
            std::printf("%s\n",
                        QJsonDocument(textReportJson(options, text, report)).toJson().constData());
        else
            printTextSummary(options, text, report);
        return int(kExitOk);
    });
}

namespace {
// The routing of each generated token, for --json.
QJsonArray generatedJson(const std::vector<GeneratedToken> &tokens,
                         const datasets::Tokenizer &tokenizer)
{
    QJsonArray out;
    for (const GeneratedToken &t : tokens) {
        QJsonArray layers;
        for (const TokenRoute &route : t.layers) {
            QJsonArray experts, gates;
            for (std::size_t i = 0; i < route.experts.size(); ++i) {
                experts.append(route.experts[i]);
                gates.append(double(route.gates[i]));
            }
            layers.append(QJsonObject {{"experts", experts}, {"gates", gates}});
        }
        out.append(QJsonObject {{"id", t.id},
                                {"text", QString::fromStdString(tokenizer.pieceText(t.id))},
                                {"prompt", t.prompt},
                                {"moe_layers", layers}});
    }
    return out;
}
} // namespace

int runGenerate(const QStringList &arguments)
{
    using namespace settings;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Generate text with a saved text model (train --task text --save-model), one token at\n"
        "a time with a K/V cache; with --json, every token with the experts that took it.");
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions({
        {"help", "Show this help."},
        {"model", "The text model file.", "FILE"},
        {"prompt", "Text to start from (default: a newline).", "TEXT", "\n"},
        settingOption(kGenerateTokens, "N"),
        settingOption(kTemperature, "T"),
        settingOption(kSampleTopK, "K"),
        settingOption(kSeed, "S"),
        {"json", "Print one JSON object: the text and every token with its routing."},
    });
    return runGuarded("generate", [&] {
        parseOrThrow(parser, arguments);
        if (parser.isSet("help")) {
            printHelp(parser, "generate");
            return int(kExitOk);
        }
        if (!parser.isSet("model"))
            throw UsageError("--model FILE is required");
        // Every option is checked before the model is read.
        GenerationConfig config;
        config.tokens = settingInt(parser, kGenerateTokens);
        config.temperature = float(settingValue(parser, kTemperature));
        config.topK = settingInt(parser, kSampleTopK);
        const auto seed = std::uint64_t(settingValue(parser, kSeed));
        files::TextModelInfo info;
        std::unique_ptr<TextModel> model = files::loadTextModel(parser.value("model"), info);
        const std::unique_ptr<datasets::Tokenizer> tokenizer
            = datasets::makeTokenizer(info.tokenizer);
        const std::string prompt = parser.value("prompt").toStdString();
        if (prompt.empty())
            throw UsageError("--prompt must hold at least one character");
        std::vector<int> ids;
        for (const datasets::TokenSpan &span : tokenizer->encode(prompt))
            ids.push_back(span.id);
        Rng rng(seed);
        const std::vector<GeneratedToken> tokens = generateText(*model, ids, config, rng);
        std::vector<int> generated;
        for (const GeneratedToken &t : tokens)
            if (!t.prompt)
                generated.push_back(t.id);
        const std::string text = tokenizer->decode(generated);
        if (parser.isSet("json"))
            std::printf("%s\n",
                        QJsonDocument(QJsonObject {{"prompt", QString::fromStdString(prompt)},
                                                   {"text", QString::fromStdString(text)},
                                                   {"tokens", generatedJson(tokens, *tokenizer)}})
                            .toJson()
                            .constData());
        else
            std::printf("%s%s\n", prompt.c_str(), text.c_str());
        return int(kExitOk);
    });
}

} // namespace moe::cli
