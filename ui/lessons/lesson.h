#pragma once

// Guided lessons (docs/lessons.md): a lesson is a JSON file of short steps. Each step changes the
// experiment (a patch over the experiment file's fields, on top of the steps before it), trains
// for a number of steps from fresh models, points at a view, and checks on the run that the
// effect it describes appeared, saying so or what to try. The app plays them in its Lessons panel;
// tests run every lesson headlessly over three seeds. Checks read their numbers through
// snapshotMetric (ui/worker/snapshotmetrics.h), as the views do.

#include "files/experiment.h"
#include "files/textexperiment.h"
#include "ui/text/textsnapshot.h"
#include "ui/worker/arenasnapshot.h"

#include <QJsonObject>
#include <QString>
#include <QVector>
#include <functional>
#include <optional>

namespace moe::ui {

// "moe.loadCv >= 0.8", "moe.testAccuracy > dense.testAccuracy + 0.08", or against the step
// before: "moe.testAccuracy > before.moe.testAccuracy + 0.02".
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
    QString text;     // what to do and what to notice, in plain language
    QJsonObject set;  // patch over the experiment's JSON (experimentfile.h fields)
    qint64 train = 0; // steps to train from fresh models (the app plays them, then pauses)
    QString view;     // an export name to highlight ("routing-map", "expert-load", ...)
    QVector<LessonCheck> checks; // all must hold
    QString where;               // "02-router.json: steps[1]", for messages about the step
};

struct Lesson
{
    QString title, summary, path;
    // "arena": "text" in the file: the steps patch the Text arena's experiment (files/
    // textexperimentfile.h), run there, and check the text metrics (ui/text/textmetrics.h).
    bool text = false;
    int stepsPerSecond = 0; // the pace the lesson plays at (the app's default when absent)
    QVector<LessonStep> steps;
};

// Throws DataError naming the file and field; metric names and views are checked here.
Lesson loadLesson(const QString &path);
// The bundled lessons (executableDir/../share/moelab/lessons, built or installed), in file-name
// order, as the app reads them: every lesson that loads, and for each one that does not (and for
// a missing folder) a problem naming the file and what is wrong in it. One bad file costs only
// itself.
struct LessonShelf
{
    QVector<Lesson> lessons;
    QStringList problems;
};
LessonShelf readBundledLessons(const QString &executableDir);
// The same, strict (tests): throws DataError with the first problem.
QVector<Lesson> bundledLessons(const QString &executableDir);

// `experiment` with the step's patch applied (throws DataError for a bad patch).
Experiment applyStep(const Experiment &experiment, const LessonStep &step);
// What step `index` runs, whatever was set before: the classroom demo (files/experiment.h) with
// `seed` (data and training),
// the patches of steps 0..index in order, the lesson's pace and a step budget of the step's
// training, so that the run stops where the check is made.
Experiment stepExperiment(const Lesson &lesson, int index, std::uint64_t seed);

// A metric by name (snapshotMetricNames), or "before.<name>": its value when the step before
// finished. nullopt when unknown or not measured yet (or no step before has run).
std::optional<double> lessonMetric(const ArenaSnapshot &now, const ArenaSnapshot *before,
                                   const QString &name);
QStringList lessonMetricNames();

struct CheckOutcome
{
    bool passed = false;
    QString message; // the step's text for the outcome, with the numbers
};
CheckOutcome evaluateCheck(const LessonCheck &check, const ArenaSnapshot &now,
                           const ArenaSnapshot *before = nullptr);
// Every check of the step: passed when all pass; the messages in order.
CheckOutcome evaluateChecks(const LessonStep &step, const ArenaSnapshot &now,
                            const ArenaSnapshot *before = nullptr);
// Whether a check of the step compares with the step before ("before." metrics).
bool needsStepBefore(const LessonStep &step);

// A check against any arena's figures: `read` gives a metric by name (with "before." for the step
// before, nullopt when it has none), `describe` writes one for the student.
using MetricReader = std::function<std::optional<double>(const QString &name)>;
using MetricWriter = std::function<QString(const QString &name, double value)>;
CheckOutcome evaluateCheckWith(const LessonCheck &check, const MetricReader &read, bool hasBefore,
                               const MetricWriter &describe);
CheckOutcome evaluateChecksWith(const LessonStep &step, const MetricReader &read, bool hasBefore,
                                const MetricWriter &describe);

// Text lessons (ui/lessons/textlesson.cpp), as the functions above for the 2-D arena.
TextExperiment applyTextStep(const TextExperiment &experiment, const LessonStep &step);
// The Text arena's default demo with `seed`, the patches of steps 0..index, the lesson's pace and
// a step budget of the step's training (also the length of its learning-rate schedule).
TextExperiment textStepExperiment(const Lesson &lesson, int index, std::uint64_t seed);
CheckOutcome evaluateTextChecks(const LessonStep &step, const TextSnapshot &now,
                                const TextSnapshot *before = nullptr);
// The names a text lesson's checks and views may use.
QStringList textLessonMetricNames();
const QStringList &textLessonViews();

} // namespace moe::ui
