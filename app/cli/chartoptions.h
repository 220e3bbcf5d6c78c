#pragma once

// The command line's chart exports: `--out DIR --format png,svg,pdf` on compare, demo and sweep,
// and the `report` command. The charts are the app's own widgets, drawn offscreen.

#include "app/cli/clioptions.h"
#include "ui/export/chartexport.h"

#include <QCommandLineParser>

namespace moe::cli {

struct ChartOptions
{
    QString folder; // empty: no charts
    QList<ui::ExportFormat> formats;
};

void addChartOptions(QCommandLineParser &parser);
ChartOptions parseChartOptions(const QCommandLineParser &parser);

// Trains the options' MoE and its dense baseline of matched total compute (the app's default)
// for `steps` steps as the app does and writes every chart (with CSVs, experiment.json and
// summary.csv) into the folder.
void writeArenaCharts(const TrainOptions &options, Index steps, const ChartOptions &charts,
                      bool quiet);

// Whether `command` with these arguments draws charts (and so needs a QApplication).
bool drawsCharts(const QString &command, const QStringList &arguments);

} // namespace moe::cli
