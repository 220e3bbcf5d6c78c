// Text lessons ("arena": "text", docs/lessons.md): each step patches the Text arena's experiment
// file fields (files/textexperimentfile.h) on top of the text demo and the steps before it, and
// its checks read the text metrics (ui/text/textmetrics.h) of the run it trained.

#include "files/textexperimentfile.h"
#include "ui/lessons/lesson.h"
#include "ui/text/textmetrics.h"

namespace moe::ui {

namespace {
const QString kBefore = QStringLiteral("before.");

QJsonObject patched(QJsonObject base, const QJsonObject &patch)
{
    for (auto it = patch.begin(); it != patch.end(); ++it)
        base[it.key()] = it.value().isObject() && base.value(it.key()).isObject()
            ? QJsonValue(patched(base.value(it.key()).toObject(), it.value().toObject()))
            : QJsonValue(it.value());
    return base;
}
} // namespace

QStringList textLessonMetricNames()
{
    QStringList names = textMetricNames();
    for (const QString &name : textMetricNames())
        names.push_back(kBefore + name);
    return names;
}

const QStringList &textLessonViews()
{
    static const QStringList views {QStringLiteral("text-loss"),
                                    QStringLiteral("text-token-strip"),
                                    QStringLiteral("text-generated-moe"),
                                    QStringLiteral("text-generated-dense"),
                                    QStringLiteral("text-expert-tokens"),
                                    QStringLiteral("text-domain-by-expert"),
                                    QStringLiteral("text-drops-by-position"),
                                    QStringLiteral("text-settling"),
                                    QStringLiteral("text-capacity-params"),
                                    QStringLiteral("text-capacity-loss"),
                                    QStringLiteral("text-capacity-time")};
    return views;
}

TextExperiment applyTextStep(const TextExperiment &experiment, const LessonStep &step)
{
    if (step.set.isEmpty())
        return experiment;
    return files::textExperimentFromJson(
        patched(files::textExperimentToJson(experiment), step.set),
        QStringLiteral("%1 ('%2').set")
            .arg(step.where.isEmpty() ? QStringLiteral("lesson step") : step.where, step.title));
}

TextExperiment textStepExperiment(const Lesson &lesson, int index, std::uint64_t seed)
{
    TextExperiment e = textClassroomDemo();
    e.seed = seed;
    for (int i = 0; i <= index && i < lesson.steps.size(); ++i)
        e = applyTextStep(e, lesson.steps[i]);
    if (lesson.stepsPerSecond > 0)
        e.stepsPerSecond = lesson.stepsPerSecond;
    if (index >= 0 && index < lesson.steps.size()) {
        e.stepBudget = int(lesson.steps[index].train);
        e.training.steps = std::max(1, e.stepBudget);
    }
    return e;
}

CheckOutcome evaluateTextChecks(const LessonStep &step, const TextSnapshot &now,
                                const TextSnapshot *before)
{
    const MetricReader read = [&](const QString &name) -> std::optional<double> {
        if (!name.startsWith(kBefore))
            return textMetric(now, name);
        return before ? textMetric(*before, name.mid(kBefore.size())) : std::nullopt;
    };
    return evaluateChecksWith(step, read, before != nullptr, describeTextMetric);
}

} // namespace moe::ui
