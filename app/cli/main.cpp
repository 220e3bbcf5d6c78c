// moelab-cli: MoE Lab without a window. Trains models, lists datasets; prints text or JSON.
// Exit status: 0 success, 1 unusable data or files, 2 bad arguments.

#include "app/cli/chartoptions.h"
#include "app/cli/command.h"

#include <QApplication>
#include <QCoreApplication>
#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace {

constexpr const char *kUsage = R"(MoE Lab command line: train and compare networks without a window.

Usage: moelab-cli <command> [options]

Commands:
  train      Train a dense or MoE network; report loss, accuracy, parameters, FLOPs, routing
             (--task text: a tiny transformer language model on a text corpus)
  compare    An MoE against dense baselines of matched expert compute, total compute, parameters
  sweep      Many MoE and dense sizes over several seeds -> tradeoff.csv (--plan, --merge:
             across machines)
  eval       A saved model (train --save-model) on a dataset: metrics, routing, predictions;
             a text model on a text: loss, logits and routing per token
  generate   Text from a saved text model (train --task text --save-model), with routing
  report     The app's PDF report for an experiment file (--config FILE --out FILE.pdf)
  demo       The default classroom demo (MoE vs dense on the 16 x 16 grid)
  bench      Training speed: steps/s against E, k, batch and threads; GEMM; maps; memory
  datasets   List the built-in datasets with their shapes
  settings   Every setting with its range and default (docs/settings.md)
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
    // Charts are drawn by the app's widgets: those commands get a QApplication, offscreen unless
    // told otherwise; the rest stay light.
    QStringList raw;
    for (int i = 1; i < argc; ++i)
        raw << QString::fromLocal8Bit(argv[i]);
    const bool charts = !raw.isEmpty() && moe::cli::drawsCharts(raw.front(), raw);
    if (charts && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (charts) // the offscreen platform's notes about window hints are not the user's business
        qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &text) {
            if (!text.contains(QLatin1String("propagateSizeHints"))
                && !text.contains(QLatin1String("XDG_RUNTIME_DIR")))
                std::fprintf(stderr, "%s\n", qPrintable(text));
            if (type == QtFatalMsg)
                std::abort();
        });
    std::unique_ptr<QCoreApplication> app = charts ? std::make_unique<QApplication>(argc, argv)
                                                   : std::make_unique<QCoreApplication>(argc, argv);
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
    if (command == QLatin1String("report"))
        return moe::cli::runReport(arguments);
    if (command == QLatin1String("eval"))
        return moe::cli::runEval(arguments);
    if (command == QLatin1String("generate"))
        return moe::cli::runGenerate(arguments);
    if (command == QLatin1String("bench"))
        return moe::cli::runBench(arguments);
    if (command == QLatin1String("datasets"))
        return moe::cli::runDatasets(arguments);
    if (command == QLatin1String("settings"))
        return moe::cli::runSettings(arguments);
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
