#pragma once

// The app's charts without a window, for the command line: an experiment trained by the app's
// training worker (its code, on this thread), its views built alone at the size they have in a
// 1280x720 window and fed the final snapshot, then every chart exported (Export all) and, if
// asked, the PDF report. Needs a QApplication; with QT_QPA_PLATFORM=offscreen no display is used.

#include "files/experiment.h"
#include "ui/export/chartexport.h"
#include "ui/worker/arenasnapshot.h"

#include <QStringList>

namespace moe::ui {

// Trains `experiment` for its steps as the app's worker does (evaluating at the app's cadence,
// whatever its training.evalEvery says) and returns the last snapshot.
// Throws DataError (unusable files or settings) or std::runtime_error (refused settings, a
// diverged run).
ArenaSnapshot trainHeadless(const Experiment &experiment);

// Writes into `folder` every chart in each of `formats` (with their CSVs, experiment.json and
// summary.csv) and, when `reportPath` is not empty, the report. Returns the files written; throws
// as trainHeadless, or DataError when a file cannot be written.
QStringList exportExperiment(const Experiment &experiment, const QString &folder,
                             const QList<ExportFormat> &formats, const QString &reportPath);

} // namespace moe::ui
