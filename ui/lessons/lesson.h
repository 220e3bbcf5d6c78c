#pragma once

// Guided lessons (docs/lessons.md): a lesson is a JSON file of short steps. Each step may change
// the experiment (a patch over the experiment file's fields), train for a number of steps, point at
// a view, and check on the live run that the effect it describes appeared, saying so or what to
// try. The app plays them in its Lessons panel; tests run every lesson headlessly.

#include "files/experiment.h"
#include "ui/worker/arenasnapshot.h"

#include <QJsonObject>
#include <QString>
#include <QVector>
#include <optional>

namespace moe::ui {

// "moe.loadCv >= 0.8", or "moe.testAccuracy > dense.testAccuracy + 0.02".
struct LessonCheck
{
    QString left; // a metric name (lessonMetricNames)
    QString op;   // ">=", "<=", ">", "<"
    std::optional<double> value;
    QString right;          // another metric, when not comparing with a value
    double margin = 0.0;    // added to the right-hand side
    QString passed, failed; // what the step says either way
};

struct LessonStep
{
    QString title;
    QString text;       // what to do and what to notice, in plain language
    QJsonObject set;    // patch over the experiment's JSON (experimentfile.h fields)
    bool reset = false; // fresh models even if the patch changes nothing structural
    qint64 train = 0;   // steps to train for this step (the app plays them)
    QString view;       // an export name to highlight ("routing-map", "expert-load", ...)
    std::optional<LessonCheck> check;
};

struct Lesson
{
    QString title, summary, path;
    QVector<LessonStep> steps;
};

// Throws DataError naming the file and field; metric names and views are checked here.
Lesson loadLesson(const QString &path);
// The bundled lessons (executableDir/../share/moelab/lessons, built or installed), in file-name
// order. Throws DataError naming the folder searched when it is missing.
QVector<Lesson> bundledLessons(const QString &executableDir);

// `experiment` with the step's patch applied (throws DataError for a bad patch).
Experiment applyStep(const Experiment &experiment, const LessonStep &step);

// The numbers a check can name, from a snapshot; nullopt for an unknown name or one the snapshot
// does not have yet (no evaluation, no routing).
std::optional<double> lessonMetric(const ArenaSnapshot &snapshot, const QString &name);
QStringList lessonMetricNames();

struct CheckOutcome
{
    bool passed = false;
    QString message; // the step's text for the outcome, with the numbers
};
CheckOutcome evaluateCheck(const LessonCheck &check, const ArenaSnapshot &snapshot);

} // namespace moe::ui
