// `moelab-cli train`: one dense or MoE model.

#include "app/cli/command.h"
#include "app/cli/runner.h"
#include "app/cli/textrun.h"

#include <QJsonDocument>
#include <cstdio>

namespace moe::cli {

namespace {
int trainCommand(const QStringList &arguments, const char *command, const char *summary,
                 const OptionDefaults &defaults)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QString::fromUtf8(summary));
    addTrainOptions(parser, defaults);
    const bool canSave = std::string_view(command) == "train";
    if (canSave)
        parser.addOption({"save-model",
                          "Write the trained model (config, standardisation, every weight) to "
                          "FILE as JSON (docs/model-format.md).",
                          "FILE"});
    return runGuarded(command, [&] {
        TrainOptions options = parseTrainOptions(parser, arguments);
        if (canSave)
            options.saveModel = parser.value("save-model");
        if (options.help) {
            printHelp(parser, command);
            return int(kExitOk);
        }
        const PreparedData data = prepareData(options);
        const TrainReport report = trainModel(modelConfigFor(options, data), data, options,
                                              !options.json, options.logCsv);
        if (options.json)
            std::printf("%s\n", QJsonDocument(toJson(report)).toJson().constData());
        else
            printSummary(report);
        return int(kExitOk);
    });
}
} // namespace

int runTrain(const QStringList &arguments)
{
    // `--task text` (or --task=text) trains a language model: its own options (textrun.h).
    for (qsizetype i = 1; i < arguments.size(); ++i)
        if (arguments[i] == QLatin1String("--task=text")
            || ((arguments[i] == QLatin1String("--task") || arguments[i] == QLatin1String("-task"))
                && i + 1 < arguments.size() && arguments[i + 1] == QLatin1String("text")))
            return runTextTrain(arguments);
    return trainCommand(arguments, "train",
                        "Train a dense or MoE network on a dataset and report loss, accuracy,\n"
                        "parameters, FLOPs, throughput and (MoE) what the router did.",
                        OptionDefaults {"dense"});
}

} // namespace moe::cli
