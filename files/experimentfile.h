#pragma once

// Experiment files: one Experiment (experiment.h) as versioned JSON, the schema in
// docs/experiment-format.md. Opening one and training it again gives the same curves (same seeds).

#include "files/experiment.h"

#include <QJsonObject>
#include <QString>

namespace moe::files {

inline constexpr int kExperimentVersion = 1;

QJsonObject experimentToJson(const Experiment &experiment);
// `where` names the source in messages. Relative CSV paths are taken relative to `baseDir`.
// Throws DataError naming the field that is missing, mistyped or out of range.
Experiment experimentFromJson(const QJsonObject &object, const QString &where,
                              const QString &baseDir = QString());

// Atomic (the old file survives a failed save). Throws DataError.
void saveExperiment(const QString &path, const Experiment &experiment);
// Throws DataError for an unreadable, truncated, foreign or newer file, a bad field, or a CSV
// dataset that cannot be read (checked here, so that opening changes nothing when it fails).
Experiment loadExperiment(const QString &path);
// The same without reading the CSV dataset: the app's worker reads it (a large file on a worker
// thread, with progress and Cancel), so that opening never blocks the window.
Experiment readExperiment(const QString &path);

} // namespace moe::files
