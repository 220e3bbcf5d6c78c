#pragma once

// Text experiment files: one TextExperiment (textexperiment.h), the Text arena's settings, as
// versioned JSON ("format": "moelab-text-experiment"; docs/experiment-format.md, "Text
// experiments"). Opening one and training it again gives the same curves (same seed).

#include "files/textexperiment.h"

#include <QJsonObject>
#include <QString>

namespace moe::files {

inline constexpr int kTextExperimentVersion = 1;
extern const QString kTextExperimentFormat;

QJsonObject textExperimentToJson(const TextExperiment &experiment);
// Throws DataError naming the field that is missing, mistyped or out of range (`where` names the
// source in messages).
TextExperiment textExperimentFromJson(const QJsonObject &object, const QString &where);
// Atomic (the old file survives a failed save). Throws DataError.
void saveTextExperiment(const QString &path, const TextExperiment &experiment);
// Throws DataError for an unreadable, truncated, foreign or newer file, or a bad field. A corpus
// that is a file is read later, by the arena's worker (a large file never blocks the window).
TextExperiment loadTextExperiment(const QString &path);

} // namespace moe::files
