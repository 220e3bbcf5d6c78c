#include "ui/lessons/lesson.h"

#include "core/base/error.h"
#include "files/experimentfile.h"
#include "files/jsonfile.h"
#include "ui/text/textmetrics.h"
#include "ui/worker/snapshotmetrics.h"

#include <QDir>
#include <QFileInfo>
#include <algorithm>
#include <cmath>

namespace moe::ui {

namespace {
const QStringList kViews {QStringLiteral("dense-map"),
                          QStringLiteral("moe-map"),
                          QStringLiteral("routing-map"),
                          QStringLiteral("class-by-expert"),
                          QStringLiteral("expert-load"),
                          QStringLiteral("load-over-time"),
                          QStringLiteral("loss"),
                          QStringLiteral("accuracy"),
                          QStringLiteral("capacity-vs-compute"),
                          QStringLiteral("accuracy-vs-compute"),
                          QStringLiteral("time-vs-compute"),
                          QStringLiteral("router-share")};
const QString kBefore = QStringLiteral("before.");

QJsonObject merged(QJsonObject base, const QJsonObject &patch)
{
    for (auto it = patch.begin(); it != patch.end(); ++it)
        base[it.key()] = it.value().isObject() && base.value(it.key()).isObject()
            ? QJsonValue(merged(base.value(it.key()).toObject(), it.value().toObject()))
            : QJsonValue(it.value());
    return base;
}

LessonCheck checkFromJson(const files::JsonReader &in, bool firstStep, bool text)
{
    LessonCheck c;
    c.left = in.string(QStringLiteral("left"));
    c.op = in.string(QStringLiteral("op"));
    if (!QStringList {">=", "<=", ">", "<"}.contains(c.op))
        in.fail(QStringLiteral("op"), QStringLiteral("must be one of >=, <=, >, <"));
    c.right = in.string(QStringLiteral("right"), QString());
    for (const auto &[field, name] : {std::pair {QStringLiteral("left"), c.left},
                                      std::pair {QStringLiteral("right"), c.right}}) {
        if (name.isEmpty())
            continue;
        const QStringList known = text ? textLessonMetricNames() : lessonMetricNames();
        if (!known.contains(name))
            in.fail(field,
                    QStringLiteral("names an unknown metric '%1' (known: %2, each also as "
                                   "before.<name>: its value when the step before ended)")
                        .arg(name,
                             (text ? textMetricNames() : snapshotMetricNames())
                                 .join(QStringLiteral(", "))));
        if (firstStep && name.startsWith(kBefore))
            in.fail(field,
                    QStringLiteral("'%1' compares with the step before, and the first "
                                   "step has none")
                        .arg(name));
    }
    if (c.right.isEmpty())
        c.value = in.number(QStringLiteral("value"), -1e12, 1e12);
    c.margin = in.number(QStringLiteral("margin"), -1e12, 1e12, 0.0);
    c.passed = in.string(QStringLiteral("passed"));
    c.failed = in.string(QStringLiteral("failed"));
    return c;
}

} // namespace

QStringList lessonMetricNames()
{
    QStringList names = snapshotMetricNames();
    // System entries too (a FIFO named 03.json): loadLesson refuses them by name, so they are
    // reported rather than skipped in silence.
    for (const QString &name : snapshotMetricNames())
        names.push_back(kBefore + name);
    return names;
}

std::optional<double> lessonMetric(const ArenaSnapshot &now, const ArenaSnapshot *before,
                                   const QString &name)
{
    if (!name.startsWith(kBefore))
        return snapshotMetric(now, name);
    return before ? snapshotMetric(*before, name.mid(kBefore.size())) : std::nullopt;
}

CheckOutcome evaluateCheckWith(const LessonCheck &c, const MetricReader &read, bool hasBefore,
                               const MetricWriter &describe)
{
    const std::optional<double> left = read(c.left);
    const std::optional<double> base = c.right.isEmpty() ? c.value : read(c.right);
    if (!left || !base) {
        const bool needsBefore = c.left.startsWith(kBefore) || c.right.startsWith(kBefore);
        return {false,
                needsBefore && !hasBefore
                    ? QStringLiteral("This check compares with the step before: run that "
                                     "step first (Back), then this one.")
                    : QStringLiteral("Not measured yet: train a little first.")};
    }
    const double right = *base + c.margin;
    const bool passed = c.op == QLatin1String(">=") ? *left >= right
        : c.op == QLatin1String("<=")               ? *left <= right
        : c.op == QLatin1String(">")                ? *left > right
                                                    : *left < right;
    const auto say = [&describe](const QString &name, double value) {
        return name.startsWith(kBefore)
            ? describe(name.mid(kBefore.size()), value) + QStringLiteral(" in the step before")
            : describe(name, value);
    };
    const QString numbers = c.right.isEmpty()
        ? say(c.left, *left)
        : say(c.left, *left) + QStringLiteral(", ") + say(c.right, *base);
    return {passed,
            (passed ? c.passed : c.failed) + QStringLiteral(" (") + numbers + QLatin1Char(')')};
}

CheckOutcome evaluateChecksWith(const LessonStep &step, const MetricReader &read, bool hasBefore,
                                const MetricWriter &describe)
{
    // With several checks, each says whether it held (a passed one under "Not yet" must not read
    // as the step's verdict).
    CheckOutcome all {true, QString()};
    const bool mark = step.checks.size() > 1;
    for (const LessonCheck &check : step.checks) {
        const CheckOutcome one = evaluateCheckWith(check, read, hasBefore, describe);
        all.passed = all.passed && one.passed;
        const QString tick = !mark ? QString()
            : one.passed           ? QStringLiteral("\u2713 ")
                                   : QStringLiteral("\u2717 ");
        all.message
            += (all.message.isEmpty() ? QString() : QStringLiteral(" ")) + tick + one.message;
    }
    return all;
}

CheckOutcome evaluateCheck(const LessonCheck &c, const ArenaSnapshot &now,
                           const ArenaSnapshot *before)
{
    return evaluateCheckWith(
        c, [&](const QString &name) { return lessonMetric(now, before, name); }, before != nullptr,
        describeMetric);
}

CheckOutcome evaluateChecks(const LessonStep &step, const ArenaSnapshot &now,
                            const ArenaSnapshot *before)
{
    return evaluateChecksWith(
        step, [&](const QString &name) { return lessonMetric(now, before, name); },
        before != nullptr, describeMetric);
}

bool needsStepBefore(const LessonStep &step)
{
    return std::any_of(step.checks.begin(), step.checks.end(), [](const LessonCheck &c) {
        return c.left.startsWith(kBefore) || c.right.startsWith(kBefore);
    });
}

Experiment applyStep(const Experiment &experiment, const LessonStep &step)
{
    if (step.set.isEmpty())
        return experiment;
    return files::experimentFromJson(
        merged(files::experimentToJson(experiment), step.set),
        QStringLiteral("%1 ('%2').set")
            .arg(step.where.isEmpty() ? QStringLiteral("lesson step") : step.where, step.title));
}

Experiment stepExperiment(const Lesson &lesson, int index, std::uint64_t seed)
{
    Experiment e = classroomDemo(); // the demo: nothing left over from earlier play
    e.dataset.seed = seed;
    e.training.seed = seed;
    for (int i = 0; i <= index && i < lesson.steps.size(); ++i)
        e = applyStep(e, lesson.steps[i]);
    if (lesson.stepsPerSecond > 0)
        e.stepsPerSecond = lesson.stepsPerSecond;
    if (index >= 0 && index < lesson.steps.size())
        e.stepBudget = lesson.steps[index].train;
    return e;
}

Lesson loadLesson(const QString &path)
{
    const QJsonObject object = files::loadJson(path, QStringLiteral("moelab-lesson"), 1);
    const files::JsonReader root(object, QFileInfo(path).fileName());
    Lesson lesson;
    lesson.path = path;
    lesson.title = root.string(QStringLiteral("title"));
    lesson.summary = root.string(QStringLiteral("summary"));
    lesson.stepsPerSecond = int(
        root.count(QStringLiteral("stepsPerSecond"), 0, qint64(settings::kStepsPerSecond.max), 0));
    const QString arena = root.string(QStringLiteral("arena"), QStringLiteral("2d"));
    if (arena != QLatin1String("2d") && arena != QLatin1String("text"))
        root.fail(QStringLiteral("arena"), QStringLiteral("must be 2d or text"));
    lesson.text = arena == QLatin1String("text");
    TextExperiment textProbe;
    const QJsonArray steps = root.array(QStringLiteral("steps"));
    Experiment probe; // each patch must make a valid experiment, checked now, not in class
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const files::JsonReader in(steps[i].toObject(),
                                   QStringLiteral("%1: steps[%2]").arg(root.where()).arg(i));
        LessonStep step;
        step.where = in.where();
        step.title = in.string(QStringLiteral("title"));
        step.text = in.string(QStringLiteral("text"));
        if (in.has(QStringLiteral("set")))
            step.set = steps[i].toObject().value(QStringLiteral("set")).toObject();
        step.train = in.count(QStringLiteral("train"), 0, 1'000'000, 0);
        step.view = in.string(QStringLiteral("view"), QString());
        const QStringList &views = lesson.text ? textLessonViews() : kViews;
        if (!step.view.isEmpty() && !views.contains(step.view))
            in.fail(QStringLiteral("view"),
                    QStringLiteral("must be one of %1").arg(views.join(QStringLiteral(", "))));
        if (in.has(QStringLiteral("check")))
            step.checks.append(
                checkFromJson(in.child(QStringLiteral("check")), i == 0, lesson.text));
        if (in.has(QStringLiteral("checks"))) {
            const QJsonArray checks = in.array(QStringLiteral("checks"));
            for (qsizetype c = 0; c < checks.size(); ++c)
                step.checks.append(checkFromJson(
                    files::JsonReader(checks[c].toObject(),
                                      QStringLiteral("%1.checks[%2]").arg(in.where()).arg(c)),
                    i == 0, lesson.text));
        }
        if (!step.checks.isEmpty() && step.train < 1)
            in.fail(QStringLiteral("train"),
                    QStringLiteral("must be at least 1 in a step that checks: a check reads the "
                                   "run the step trains"));
        if (lesson.text)
            textProbe = applyTextStep(textProbe, step);
        else
            probe = applyStep(probe, step);
        lesson.steps.append(step);
    }
    if (lesson.steps.isEmpty())
        root.fail(QStringLiteral("steps"), QStringLiteral("must hold at least one step"));
    return lesson;
}

LessonShelf readBundledLessons(const QString &executableDir)
{
    // Built or installed alike: the build tree mirrors the install layout (docs/architecture.md).
    const QDir dir(QDir(executableDir).filePath(QStringLiteral("../share/moelab/lessons")));
    LessonShelf shelf;
    if (!dir.exists()) {
        shelf.problems << QStringLiteral("cannot find the MoE Lab lessons folder; searched:\n  %1")
                              .arg(QDir::cleanPath(dir.path()));
        return shelf;
    }
    // System entries too (a FIFO named 03.json): loadLesson refuses them by name, so they are
    // reported rather than skipped in silence.
    for (const QString &name :
         dir.entryList({QStringLiteral("*.json")}, QDir::Files | QDir::System, QDir::Name)) {
        try {
            shelf.lessons.append(loadLesson(dir.filePath(name)));
        } catch (const std::exception &error) { // DataError, ConfigError: this file only
            shelf.problems << QString::fromUtf8(error.what());
        }
    }
    if (shelf.lessons.isEmpty() && shelf.problems.isEmpty())
        shelf.problems << QStringLiteral("the lessons folder %1 holds no lesson (*.json) files")
                              .arg(QDir::cleanPath(dir.path()));
    return shelf;
}

QVector<Lesson> bundledLessons(const QString &executableDir)
{
    LessonShelf shelf = readBundledLessons(executableDir);
    if (!shelf.problems.isEmpty())
        throw DataError(shelf.problems.front().toStdString());
    return shelf.lessons;
}

} // namespace moe::ui
