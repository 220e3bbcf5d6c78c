#include "ui/lessons/lesson.h"

#include "core/base/error.h"
#include "files/experimentfile.h"
#include "files/jsonfile.h"
#include "ui/style/numberformat.h"

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

QJsonObject merged(QJsonObject base, const QJsonObject &patch)
{
    for (auto it = patch.begin(); it != patch.end(); ++it)
        base[it.key()] = it.value().isObject() && base.value(it.key()).isObject()
            ? QJsonValue(merged(base.value(it.key()).toObject(), it.value().toObject()))
            : QJsonValue(it.value());
    return base;
}

std::optional<double> lastY(const QVector<QPointF> &curve)
{
    return curve.isEmpty() ? std::nullopt : std::optional<double>(curve.back().y());
}

LessonCheck checkFromJson(const files::JsonReader &in)
{
    LessonCheck c;
    c.left = in.string(QStringLiteral("left"));
    c.op = in.string(QStringLiteral("op"));
    if (!QStringList {">=", "<=", ">", "<"}.contains(c.op))
        in.fail(QStringLiteral("op"), QStringLiteral("must be one of >=, <=, >, <"));
    for (const QString &name : {c.left, in.string(QStringLiteral("right"), QString())})
        if (!name.isEmpty() && !lessonMetricNames().contains(name))
            in.fail(QStringLiteral("left"),
                    QStringLiteral("names an unknown metric '%1' (known: %2)")
                        .arg(name, lessonMetricNames().join(QStringLiteral(", "))));
    c.right = in.string(QStringLiteral("right"), QString());
    if (c.right.isEmpty())
        c.value = in.number(QStringLiteral("value"), -1e12, 1e12);
    c.margin = in.number(QStringLiteral("margin"), -1e12, 1e12, 0.0);
    c.passed = in.string(QStringLiteral("passed"));
    c.failed = in.string(QStringLiteral("failed"));
    return c;
}

// Every metric a check can name, with what a student reads in the panel and whether it is a share
// (shown as a percentage).
struct MetricLabel
{
    const char *name, *label;
    bool share;
};
constexpr MetricLabel kMetrics[] = {
    {"step", "step", false},
    {"moe.testAccuracy", "MoE test accuracy", true},
    {"dense.testAccuracy", "dense test accuracy", true},
    {"moe.testLoss", "MoE test loss", false},
    {"dense.testLoss", "dense test loss", false},
    {"moe.flops", "MoE FLOPs per sample", false},
    {"dense.flops", "dense FLOPs per sample", false},
    {"moe.totalParams", "MoE parameters", false},
    {"dense.totalParams", "dense parameters", false},
    {"moe.activeParams", "MoE active parameters", false},
    {"dense.activeParams", "dense active parameters", false},
    {"moe.activeShare", "share of MoE parameters active", true},
    {"moe.loadCv", "load CV", false},
    {"moe.droppedFraction", "dropped slots", true},
    {"moe.deadExperts", "dead experts", false},
    {"moe.entropyShare", "router entropy (share of maximum)", true},
    {"moe.mapExperts", "experts owning part of the map", false},
    {"moe.specialisation", "specialisation", false},
};

// "MoE test accuracy: 96.7%", "dead experts: 3", "load CV: 0.482".
QString describe(const QString &name, double value)
{
    for (const MetricLabel &m : kMetrics)
        if (name == QLatin1String(m.name))
            return QStringLiteral("%1: %2").arg(
                QString::fromUtf8(m.label),
                m.share ? QString::number(100.0 * value, 'f', 1) + QLatin1Char('%')
                    : value == std::floor(value) ? grouped(value) // counts: "4,355"
                                                 : QString::number(value, 'g', 3));
    return QStringLiteral("%1 = %2").arg(name).arg(value, 0, 'g', 3);
}
} // namespace

QStringList lessonMetricNames()
{
    QStringList names;
    for (const MetricLabel &m : kMetrics)
        names.push_back(QString::fromUtf8(m.name));
    return names;
}

std::optional<double> lessonMetric(const ArenaSnapshot &s, const QString &name)
{
    const auto model = [&](const ModelSnapshot &m, const QString &what) -> std::optional<double> {
        if (what == QLatin1String("testAccuracy"))
            return lastY(m.testAccuracy.isEmpty() ? m.trainAccuracy : m.testAccuracy);
        if (what == QLatin1String("testLoss"))
            return lastY(m.testLoss.isEmpty() ? m.trainLoss : m.testLoss);
        if (what == QLatin1String("flops"))
            return m.cost.forwardFlopsPerSample;
        if (what == QLatin1String("totalParams"))
            return double(m.cost.totalParams);
        if (what == QLatin1String("activeParams"))
            return double(m.cost.activeParamsPerSample);
        return std::nullopt;
    };
    if (name == QLatin1String("step"))
        return double(s.step);
    if (name.startsWith(QLatin1String("dense.")))
        return model(s.dense, name.mid(6));
    if (!name.startsWith(QLatin1String("moe.")))
        return std::nullopt;
    const QString what = name.mid(4);
    if (const std::optional<double> v = model(s.moe, what))
        return v;
    if (what == QLatin1String("activeShare"))
        return s.moe.cost.totalParams > 0
            ? double(s.moe.cost.activeParamsPerSample) / double(s.moe.cost.totalParams)
            : std::optional<double> {};
    if (what == QLatin1String("mapExperts")) { // experts that own at least 5% of the plane
        const QVector<int> &cells = s.routingCells.category;
        if (cells.isEmpty())
            return std::nullopt;
        std::vector<int> owned(std::size_t(std::max(1, s.moe.config.moe.experts)), 0);
        for (int e : cells)
            if (e >= 0 && std::size_t(e) < owned.size())
                ++owned[std::size_t(e)];
        return double(std::count_if(owned.begin(), owned.end(),
                                    [&](int n) { return n >= 0.05 * double(cells.size()); }));
    }
    if (what == QLatin1String("specialisation")) { // mean over classes of the top expert's share
        const Matrix &a = s.classAffinity;
        if (a.rows() == 0)
            return std::nullopt;
        double sum = 0.0;
        for (Index c = 0; c < a.rows(); ++c)
            sum += double(a.row(c).maxCoeff());
        return sum / double(a.rows());
    }
    const RoutingStats &r = s.routing;
    if (r.steps == 0)
        return std::nullopt;
    if (what == QLatin1String("loadCv"))
        return r.loadCv;
    if (what == QLatin1String("droppedFraction"))
        return r.droppedFraction;
    if (what == QLatin1String("deadExperts"))
        return double(r.deadExperts);
    if (what == QLatin1String("entropyShare"))
        return r.maxEntropy > 0.0 ? r.routerEntropy / r.maxEntropy : 0.0;
    return std::nullopt;
}

CheckOutcome evaluateCheck(const LessonCheck &c, const ArenaSnapshot &s)
{
    const std::optional<double> left = lessonMetric(s, c.left);
    const std::optional<double> base = c.right.isEmpty() ? c.value : lessonMetric(s, c.right);
    if (!left || !base)
        return {false, QStringLiteral("Not measured yet: train a little first.")};
    const double right = *base + c.margin;
    const bool passed = c.op == QLatin1String(">=") ? *left >= right
        : c.op == QLatin1String("<=")               ? *left <= right
        : c.op == QLatin1String(">")                ? *left > right
                                                    : *left < right;
    const QString numbers = c.right.isEmpty()
        ? describe(c.left, *left)
        : describe(c.left, *left) + QStringLiteral(", ") + describe(c.right, *base);
    return {passed,
            (passed ? c.passed : c.failed) + QStringLiteral(" (") + numbers + QLatin1Char(')')};
}

Experiment applyStep(const Experiment &experiment, const LessonStep &step)
{
    if (step.set.isEmpty())
        return experiment;
    return files::experimentFromJson(merged(files::experimentToJson(experiment), step.set),
                                     QStringLiteral("lesson step '%1'").arg(step.title));
}

Lesson loadLesson(const QString &path)
{
    const QJsonObject object = files::loadJson(path, QStringLiteral("moelab-lesson"), 1);
    const files::JsonReader root(object, QFileInfo(path).fileName());
    Lesson lesson;
    lesson.path = path;
    lesson.title = root.string(QStringLiteral("title"));
    lesson.summary = root.string(QStringLiteral("summary"));
    const QJsonArray steps = root.array(QStringLiteral("steps"));
    Experiment probe; // each patch must make a valid experiment, checked now, not in class
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const files::JsonReader in(steps[i].toObject(),
                                   QStringLiteral("%1: steps[%2]").arg(root.where()).arg(i));
        LessonStep step;
        step.title = in.string(QStringLiteral("title"));
        step.text = in.string(QStringLiteral("text"));
        if (in.has(QStringLiteral("set")))
            step.set = steps[i].toObject().value(QStringLiteral("set")).toObject();
        step.reset = in.boolean(QStringLiteral("reset"), false);
        step.train = in.count(QStringLiteral("train"), 0, 1'000'000, 0);
        step.view = in.string(QStringLiteral("view"), QString());
        if (!step.view.isEmpty() && !kViews.contains(step.view))
            in.fail(QStringLiteral("view"),
                    QStringLiteral("must be one of %1").arg(kViews.join(QStringLiteral(", "))));
        if (in.has(QStringLiteral("check")))
            step.check = checkFromJson(in.child(QStringLiteral("check")));
        probe = applyStep(probe, step);
        lesson.steps.append(step);
    }
    if (lesson.steps.isEmpty())
        root.fail(QStringLiteral("steps"), QStringLiteral("must hold at least one step"));
    return lesson;
}

QVector<Lesson> bundledLessons(const QString &executableDir)
{
    // Built or installed alike: the build tree mirrors the install layout (docs/architecture.md).
    const QDir dir(QDir(executableDir).filePath(QStringLiteral("../share/moelab/lessons")));
    if (!dir.exists())
        throw DataError(QStringLiteral("cannot find the MoE Lab lessons folder; searched:\n  %1")
                            .arg(QDir::cleanPath(dir.path()))
                            .toStdString());
    QVector<Lesson> lessons;
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        lessons.append(loadLesson(dir.filePath(name)));
    return lessons;
}

} // namespace moe::ui
