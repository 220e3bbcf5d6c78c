#include "app/cli/chartoptions.h"

#include "app/options/optionvalues.h"
#include "files/atomicfile.h"
#include "ui/export/headless.h"

#include <cstdio>

namespace moe::cli {

void addChartOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {"out", "Write the app's charts (and their CSVs) into DIR, created if missing.", "DIR"},
        {"format", "Chart formats for --out: any of png, svg, pdf, comma-separated.", "LIST",
         "png"},
    });
}

ChartOptions parseChartOptions(const QCommandLineParser &parser)
{
    ChartOptions charts;
    charts.folder = parser.value("out");
    for (const QString &name : parser.value("format").split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const std::optional<ui::ExportFormat> format = ui::parseFormat(name.trimmed());
        if (!format)
            throw UsageError("--format expects png, svg or pdf (comma-separated), got '"
                             + name.toStdString() + "'");
        if (!charts.formats.contains(*format))
            charts.formats.append(*format);
    }
    if (charts.formats.isEmpty())
        throw UsageError("--format needs at least one of png, svg, pdf");
    if (!charts.folder.isEmpty()) // a folder that cannot be written fails now, before training
        files::makeWritableFolder(charts.folder);
    return charts;
}

void writeArenaCharts(const TrainOptions &options, Index steps, const ChartOptions &charts,
                      bool quiet)
{
    Experiment e;
    e.dataset = options.dataset;
    e.testFraction = options.testFraction;
    e.model = options.model;
    e.model.blockKind = BlockKind::Moe;
    e.baseline = DenseBaseline::MatchTotalCompute; // the app's default
    e.training = options.training;
    e.steps = steps;
    if (!options.standardize)
        std::fprintf(stderr,
                     "moelab-cli: note: the charts train on standardised features, as "
                     "the app does (--no-standardize applies to the table only)\n");
    const QStringList written = ui::exportExperiment(e, charts.folder, charts.formats, QString());
    if (!quiet)
        std::printf("Charts: %lld files in %s\n", (long long)written.size(),
                    qPrintable(charts.folder));
}

bool drawsCharts(const QString &command, const QStringList &arguments)
{
    if (command == QLatin1String("report"))
        return true;
    if (command != QLatin1String("compare") && command != QLatin1String("demo")
        && command != QLatin1String("sweep") && command != QLatin1String("bench"))
        return false;
    bool out = false;
    for (const QString &argument : arguments) {
        out = out || argument == QLatin1String("--out")
            || argument.startsWith(QLatin1String("--out="));
        // sweep --plan writes commands and --run one result file: no charts in either
        if (command == QLatin1String("sweep")
            && (argument == QLatin1String("--plan") || argument.startsWith(QLatin1String("--plan="))
                || argument == QLatin1String("--run")
                || argument.startsWith(QLatin1String("--run="))))
            return false;
    }
    return out;
}

} // namespace moe::cli
