#pragma once

// The app's charts without a window, for the command line: an experiment trained exactly as the
// app trains it, then every chart exported (Export all) and, if asked, the PDF report. Needs a
// QApplication; with QT_QPA_PLATFORM=offscreen no display is used.

#include "files/experiment.h"
#include "ui/export/chartexport.h"

#include <QStringList>

namespace moe::ui {

// Writes into `folder` every chart in each of `formats` (with their CSVs, experiment.json and
// summary.csv) and, when `reportPath` is not empty, the report. Returns the files written; throws
// DataError (unusable files or settings) or std::runtime_error (a diverged run).
QStringList exportExperiment(const Experiment &experiment, const QString &folder,
                             const QList<ExportFormat> &formats, const QString &reportPath);

} // namespace moe::ui
