// moelab-cli: MoE Lab without a window. Trains models, lists datasets; prints text or JSON.
// Exit status: 0 success, 1 unusable data or files, 2 bad arguments.

#include "command.h"

#include <QCoreApplication>
#include <clocale>
#include <cstdio>

namespace {

constexpr const char *kUsage = R"(MoE Lab command line: train and compare networks without a window.

Usage: moelab-cli <command> [options]

Commands:
  train      Train a dense or MoE network; report loss, accuracy, parameters, FLOPs, routing
  compare    An MoE against dense baselines of matched compute and matched parameters
  sweep      Many MoE and dense sizes over several seeds -> tradeoff.csv
  eval       A saved model (train --save-model) on a dataset: metrics, routing, predictions
  demo       The default classroom demo (MoE vs dense on the 3-arm spiral)
  datasets   List the built-in datasets with their shapes
  help       Show this text

Run `moelab-cli <command> --help` for a command's options.
)";

int usageError(const QString &message)
{
    std::fprintf(stderr, "moelab-cli: %s\n\n%s", qPrintable(message), kUsage);
    return moe::cli::kExitBadArguments;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("moelab-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MOELAB_VERSION));
    std::setlocale(LC_NUMERIC, "C"); // printf's decimal point is '.', whatever the user's locale

    QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 2)
        return usageError(QStringLiteral("no command given"));
    const QString command = arguments.takeAt(1); // the rest keeps the program name first
    if (command == QLatin1String("train"))
        return moe::cli::runTrain(arguments);
    if (command == QLatin1String("demo"))
        return moe::cli::runDemo(arguments);
    if (command == QLatin1String("compare"))
        return moe::cli::runCompare(arguments);
    if (command == QLatin1String("sweep"))
        return moe::cli::runSweep(arguments);
    if (command == QLatin1String("eval"))
        return moe::cli::runEval(arguments);
    if (command == QLatin1String("datasets"))
        return moe::cli::runDatasets(arguments);
    if (command == QLatin1String("help") || command == QLatin1String("--help")
        || command == QLatin1String("-h")) {
        std::printf("%s", kUsage);
        return moe::cli::kExitOk;
    }
    if (command == QLatin1String("--version")) {
        std::printf("moelab-cli %s\n", MOELAB_VERSION);
        return moe::cli::kExitOk;
    }
    return usageError(QStringLiteral("unknown command '%1'").arg(command));
}
