#include "ui/worker/snapshotmetrics.h"

#include "ui/style/numberformat.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace moe::ui {

namespace {
// Every figure by name, with what a student reads and whether it is a share (a percentage).
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
    {"moe.unroutedShare", "inputs no expert took", true},
    {"moe.entropyShare", "router entropy (share of maximum)", true},
    {"moe.mapExperts", "experts owning part of the map", false},
    {"moe.specialisation", "specialisation", false},
};

const MetricLabel *labelOf(const QString &name)
{
    for (const MetricLabel &m : kMetrics)
        if (name == QLatin1String(m.name))
            return &m;
    return nullptr;
}

std::optional<double> lastY(const QVector<QPointF> &curve)
{
    return curve.isEmpty() ? std::nullopt : std::optional<double>(curve.back().y());
}

std::optional<double> modelMetric(const ModelSnapshot &m, const QString &what)
{
    // Accuracy and loss: the last evaluation on the test split (train split without one).
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
}

std::optional<double> mapExperts(const ArenaSnapshot &s) // experts owning >= 5% of the plane
{
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

std::optional<double> specialisation(const ArenaSnapshot &s) // mean of each class's top share
{
    const Matrix &a = s.classAffinity;
    if (a.rows() == 0)
        return std::nullopt;
    double sum = 0.0;
    for (Index c = 0; c < a.rows(); ++c)
        sum += double(a.row(c).maxCoeff());
    return sum / double(a.rows());
}

// Routing figures: MoE block 1 over the snapshot's window (the last 100 training steps).
std::optional<double> routingMetric(const RoutingStats &r, const QString &what)
{
    if (r.steps == 0)
        return std::nullopt;
    if (what == QLatin1String("loadCv"))
        return r.loadCv;
    if (what == QLatin1String("droppedFraction"))
        return r.droppedFraction;
    if (what == QLatin1String("deadExperts"))
        return double(r.deadExperts);
    if (what == QLatin1String("unroutedShare"))
        return r.tokens > 0 ? double(r.tokensWithoutExpert) / double(r.tokens) : 0.0;
    if (what == QLatin1String("entropyShare"))
        return r.maxEntropy > 0.0 ? r.routerEntropy / r.maxEntropy : 0.0;
    return std::nullopt;
}
} // namespace

QStringList snapshotMetricNames()
{
    QStringList names;
    for (const MetricLabel &m : kMetrics)
        names.push_back(QString::fromUtf8(m.name));
    return names;
}

std::optional<double> snapshotMetric(const ArenaSnapshot &s, const QString &name)
{
    if (name == QLatin1String("step"))
        return double(s.step);
    if (name.startsWith(QLatin1String("dense.")))
        return modelMetric(s.dense, name.mid(6));
    if (!name.startsWith(QLatin1String("moe.")))
        return std::nullopt;
    const QString what = name.mid(4);
    if (const std::optional<double> v = modelMetric(s.moe, what))
        return v;
    if (what == QLatin1String("activeShare"))
        return s.moe.cost.totalParams > 0
            ? double(s.moe.cost.activeParamsPerSample) / double(s.moe.cost.totalParams)
            : std::optional<double> {};
    if (what == QLatin1String("mapExperts"))
        return mapExperts(s);
    if (what == QLatin1String("specialisation"))
        return specialisation(s);
    return routingMetric(s.routing, what);
}

QString metricText(const QString &name, double value)
{
    const MetricLabel *m = labelOf(name);
    if (m && m->share)
        return QString::number(100.0 * value, 'f', 1) + QLatin1Char('%');
    if (value == std::floor(value))
        return grouped(value); // counts: "4,355"
    return QString::number(value, 'f', std::abs(value) < 10.0 ? 2 : 1);
}

QString describeMetric(const QString &name, double value)
{
    const MetricLabel *m = labelOf(name);
    return m ? QStringLiteral("%1: %2").arg(QString::fromUtf8(m->label), metricText(name, value))
             : QStringLiteral("%1 = %2").arg(name, metricText(name, value));
}

} // namespace moe::ui
