#pragma once

// Exports of a whole arena: every chart in one format with its CSV, the experiment and a summary
// of both models ("Export all"), and a report: one PDF with the configuration, the metrics and
// every chart, titled and dated, for a handout. Used by the app's menus and by the command line.

#include "files/experiment.h"
#include "ui/export/chartexport.h"
#include "ui/worker/arenasnapshot.h"

#include <QStringList>
#include <vector>

namespace moe::ui {

// A row of a report's table: a label and up to two numbers, each escaped for HTML.
QString reportRow(const QString &label, const QString &first, const QString &second = QString());

// Both models' figures, one row each: parameters, FLOPs, steps, losses, accuracies, time per
// step, and the MoE's load CV, dropped share and dead experts.
QString summaryCsv(const ArenaSnapshot &snapshot);

// Writes NAME.FORMAT (PNG at 2x) and NAME.csv for every chart into `folder` (created if missing).
// Returns the files written. Throws DataError naming what failed.
QStringList exportCharts(const QString &folder, ExportFormat format,
                         const std::vector<Exportable *> &charts);

// Writes NAME.FORMAT and NAME.csv for every chart, experiment.json and summary.csv into `folder`
// (created if missing). Returns the files written. Throws DataError naming what failed.
QStringList exportAll(const QString &folder, ExportFormat format,
                      const std::vector<Exportable *> &charts, const Experiment &experiment,
                      const ArenaSnapshot &snapshot);

// A4 PDF: a title page (date, data, both models' configuration and metrics) and the charts, two a
// page, each titled, all vector. Atomic; throws DataError.
void writeReport(const QString &path, const std::vector<Exportable *> &charts,
                 const Experiment &experiment, const ArenaSnapshot &snapshot);
// The same for any title page (HTML): an arena's configuration and results, then the charts.
void writeReportPdf(const QString &path, const QString &titleHtml,
                    const std::vector<Exportable *> &charts);

} // namespace moe::ui
