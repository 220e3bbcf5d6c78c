#pragma once

// The Text arena's whole-arena exports, as the 2-D arena's (ui/export/exports.h): Export all
// writes every text view in one format with its CSV, the text experiment and a summary of both
// models; the report is one PDF with the configuration, the results and every view.

#include "files/textexperiment.h"
#include "ui/export/chartexport.h"
#include "ui/text/textsnapshot.h"

#include <QStringList>
#include <vector>

namespace moe::ui {

// Both models, one row each: parameters, FLOPs per token, steps, validation bits/char, the
// reference levels, time per step; the MoE's routing figures per layer follow in their columns.
QString textSummaryCsv(const TextSnapshot &snapshot);

// NAME.FORMAT and NAME.csv for every view, text-experiment.json and text-summary.csv into
// `folder`. Returns the files written. Throws DataError naming what failed.
QStringList exportAllText(const QString &folder, ExportFormat format,
                          const std::vector<Exportable *> &charts, const TextExperiment &experiment,
                          const TextSnapshot &snapshot);

// The A4 PDF report of the Text arena. Atomic; throws DataError.
void writeTextReport(const QString &path, const std::vector<Exportable *> &charts,
                     const TextExperiment &experiment, const TextSnapshot &snapshot);

} // namespace moe::ui
