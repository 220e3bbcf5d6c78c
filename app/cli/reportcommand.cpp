// `moelab-cli report`: the app's PDF report for an experiment file, without a window.

#include "app/cli/clioptions.h"
#include "app/cli/command.h"
#include "app/options/settingoptions.h"
#include "files/atomicfile.h"
#include "files/experimentfile.h"
#include "ui/export/headless.h"

#include <cstdio>

namespace moe::cli {

int runReport(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Train an experiment file (the app's File > Save experiment) as the app does and write\n"
        "its PDF report: configuration, metrics of the MoE and its dense baseline, every chart."));
    parser.addOptions({
        {"help", "Show this help."},
        {"config", "The experiment file (JSON).", "FILE"},
        {"out", "The report to write (PDF).", "FILE.pdf"},
        settingOption(settings::kSteps, "N", "Default: the experiment's training.steps. ",
                      QString()),
    });
    return runGuarded("report", [&] {
        parseOrThrow(parser, arguments);
        if (parser.isSet("help")) {
            printHelp(parser, "report");
            return int(kExitOk);
        }
        if (!parser.isSet("config") || !parser.isSet("out"))
            throw UsageError("--config FILE and --out FILE.pdf are both required");
        Experiment e = files::loadExperiment(parser.value("config"));
        files::checkWritable(parser.value("out")); // before the training, not after it
        if (const auto steps = settingIfSet(parser, settings::kSteps))
            e.steps = Index(*steps);
        ui::exportExperiment(e, QString(), {}, parser.value("out"));
        std::printf("Wrote %s (%lld training steps)\n", qPrintable(parser.value("out")),
                    (long long)e.steps);
        return int(kExitOk);
    });
}

} // namespace moe::cli
