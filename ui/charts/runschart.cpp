#include "ui/charts/runschart.h"

#include "ui/charts/axisticks.h"
#include "ui/charts/hovertip.h"
#include "ui/style/numberformat.h"

#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>

namespace moe::ui {

namespace {
const QColor kDense(0x0072B2), kMoeTop1(0xD55E00), kMoeTopK(0xCC79A7), kUser(0x222222);

constexpr int kSizes = 7; // E = 1, 2, 4, ..., 64: marker sizes 10, 13, ..., 28 px
enum GroupIndex {
    kDenseGroup = 0,
    kMoe1Group = 1,
    kMoeKGroup = kMoe1Group + kSizes,
    kUserDense = kMoeKGroup + kSizes,
    kUserMoe
};

int sizeBucket(const SweepRun &run)
{
    const int e = std::max(1, run.config.moe.experts);
    return std::clamp(int(std::lround(std::log2(double(e)))), 0, kSizes - 1);
}

// Round `lo` down and `hi` up to a multiple of `step`.
std::pair<double, double> roundedRange(double lo, double hi, double step)
{
    return {std::floor(lo / step) * step, std::ceil(hi / step) * step};
}
} // namespace

RunsChart::RunsChart(QWidget *parent)
    : QWidget(parent)
    , m_chart(new QChart)
    , m_pages(new QStackedWidget)
    , m_hint(new QLabel)
    , m_frontier(new QLineSeries)
    , m_x(new QLogValueAxis)
    , m_y(new QValueAxis)
{
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->legend()->setAlignment(Qt::AlignRight);
    m_chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    m_x->setTitleText(tr("active FLOPs per sample (compute)"));
    m_x->setLabelFormat(QStringLiteral("%.0f"));
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    m_frontier->setName(tr("frontier"));
    m_frontier->setPen(QPen(QColor(0x444444), 2, Qt::DashLine));
    m_chart->addSeries(m_frontier); // the chart owns it
    m_groups.reserve(kUserMoe + 1);
    addGroup(tr("dense"), kDense, QScatterSeries::MarkerShapeCircle, 13, true);
    for (int b = 0; b < kSizes; ++b)
        addGroup(tr("MoE, k = 1"), kMoeTop1, QScatterSeries::MarkerShapeRectangle, 10 + 3 * b,
                 b == 0);
    for (int b = 0; b < kSizes; ++b)
        addGroup(tr("MoE, k ≥ 2"), kMoeTopK, QScatterSeries::MarkerShapeRectangle, 10 + 3 * b,
                 b == 0);
    addGroup(tr("your dense runs"), kDense, QScatterSeries::MarkerShapeStar, 22, true);
    addGroup(tr("your MoE runs"), kMoeTop1, QScatterSeries::MarkerShapeStar, 22, true);
    for (QAbstractSeries *s : m_chart->series()) {
        s->attachAxis(m_x);
        s->attachAxis(m_y);
    }
    for (std::size_t i = 0; i < m_groups.size(); ++i) { // after the legend knows every series
        QScatterSeries *series = m_groups[i].series;
        connect(series, &QScatterSeries::hovered, this,
                [this, series](const QPointF &p, bool state) { showTip(series, p, state); });
    }
    m_chart->setTitle(tr("Accuracy vs compute"));
    m_y->setTitleText(tr("test accuracy"));

    auto *view = new QChartView(m_chart);
    view->setRenderHint(QPainter::Antialiasing);
    m_tip = std::make_unique<HoverTip>(
        view,
        tr("Each point is a trained model: how well it does against what one sample costs. "
           "Bigger squares have more experts. The dashed frontier is the best result at or "
           "below each compute. Hover a point for its configuration."));
    m_hint->setText(tr("No runs yet.\nPress Run sweep to train a grid of dense and MoE models,\n"
                       "or train here: your models appear after their first evaluation."));
    m_hint->setAlignment(Qt::AlignCenter);
    m_hint->setWordWrap(true);
    m_pages->addWidget(m_hint);
    m_pages->addWidget(view);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);
}

void RunsChart::addGroup(const QString &name, const QColor &color, int shape, double size,
                         bool legend)
{
    auto *s = new QScatterSeries;
    s->setName(name);
    s->setColor(color);
    s->setBorderColor(shape == QScatterSeries::MarkerShapeStar ? QColor(kUser) : QColor(Qt::white));
    s->setMarkerShape(QScatterSeries::MarkerShape(shape));
    s->setMarkerSize(size);
    m_chart->addSeries(s);
    if (!legend)
        for (QLegendMarker *marker : m_chart->legend()->markers(s))
            marker->setVisible(false);
    m_groups.push_back({s, {}});
}

double RunsChart::valueOf(const SweepRun &run) const
{
    if (!std::isfinite(run.loss))
        return NAN; // diverged: nothing to show
    return m_classification ? run.accuracy : run.loss;
}

RunsChart::Group &RunsChart::groupOf(const SweepRun &run)
{
    if (!run.fromSweep)
        return m_groups[run.isMoe() ? kUserMoe : kUserDense];
    if (!run.isMoe())
        return m_groups[kDenseGroup];
    const int first = run.config.moe.activeExperts() <= 1.0 ? kMoe1Group : kMoeKGroup;
    return m_groups[std::size_t(first + sizeBucket(run))];
}

void RunsChart::setRuns(const QVector<SweepRun> &runs)
{
    m_classification = std::none_of(runs.begin(), runs.end(), [](const SweepRun &r) {
        return std::isnan(r.accuracy) && std::isfinite(r.loss);
    });
    m_y->setTitleText(m_classification ? tr("test accuracy") : tr("test loss (MSE)"));
    std::vector<QList<QPointF>> points(m_groups.size());
    for (Group &g : m_groups)
        g.runs.clear();
    QVector<QPointF> all;
    double x0 = 1e300, x1 = 0, y0 = 1e300, y1 = -1e300;
    for (const SweepRun &run : runs) {
        const double y = valueOf(run);
        if (!std::isfinite(y) || run.flops <= 0.0)
            continue;
        Group &g = groupOf(run);
        g.runs.append(run);
        points[std::size_t(&g - m_groups.data())].append(QPointF(run.flops, y));
        all.append(QPointF(run.flops, y));
        x0 = std::min(x0, run.flops);
        x1 = std::max(x1, run.flops);
        y0 = std::min(y0, y);
        y1 = std::max(y1, y);
    }
    m_pages->setCurrentIndex(all.isEmpty() ? 0 : 1);
    if (!all.isEmpty())
        setRanges(x0, x1, y0, y1);
    for (std::size_t i = 0; i < m_groups.size(); ++i)
        m_groups[i].series->replace(points[i]);
    // One legend entry per kind that has points (drawn on the kind's first marker size).
    const auto anyPoints = [&](int first, int count) {
        for (int i = first; i < first + count; ++i)
            if (!points[std::size_t(i)].isEmpty())
                return true;
        return false;
    };
    bool legendChanged = false;
    for (int first :
         {int(kDenseGroup), int(kMoe1Group), int(kMoeKGroup), int(kUserDense), int(kUserMoe)}) {
        const int count = first == kMoe1Group || first == kMoeKGroup ? kSizes : 1;
        for (QLegendMarker *marker :
             m_chart->legend()->markers(m_groups[std::size_t(first)].series))
            if (marker->isVisible() != anyPoints(first, count)) {
                marker->setVisible(anyPoints(first, count));
                legendChanged = true;
            }
    }
    if (legendChanged)
        relayoutLegend(m_chart);
    m_frontierPoints.clear();
    if (!all.isEmpty())
        m_frontierPoints = paretoFrontier(all, m_classification);
    m_frontier->replace(frontierStairs(m_frontierPoints, x1 * 1.4));
}

void RunsChart::setRanges(double x0, double x1, double y0, double y1)
{
    // Powers of 2 label a narrow span better than one lonely power of 10.
    const bool narrow = x1 / x0 < 100.0;
    m_x->setBase(narrow ? 2.0 : 10.0);
    m_x->setMinorTickCount(narrow ? 1 : 8);
    m_x->setRange(x0 / 1.5, x1 * 1.5);
    if (m_classification) {
        const double step = y1 - y0 > 0.4 ? 0.1 : 0.05; // ticks on round accuracies
        auto [lo, hi] = roundedRange(y0 - 0.02, std::min(1.0, y1 + 0.02), step);
        lo = std::max(0.0, lo);
        hi = std::min(1.0, std::max(hi, lo + step));
        setAxisRange(m_y, lo, hi);
        m_y->setTickCount(int(std::lround((hi - lo) / step)) + 1);
        m_y->setLabelFormat(QStringLiteral("%.2f"));
    } else {
        setAxisRange(m_y, 0.0, y1 > 0.0 ? y1 * 1.15 : 1.0);
        m_y->setLabelFormat(QStringLiteral("%.3g"));
        m_y->applyNiceNumbers();
    }
}

QString RunsChart::pointText(const QScatterSeries *series, const QPointF &point) const
{
    const Group *group = nullptr;
    for (const Group &g : m_groups)
        if (g.series == series)
            group = &g;
    const QList<QPointF> points = series->points();
    for (qsizetype i = 0; group && i < points.size() && i < group->runs.size(); ++i) {
        if (points[i] != point)
            continue;
        const SweepRun &r = group->runs[i];
        const QString quality = std::isnan(r.accuracy)
            ? tr("test loss %1").arg(r.loss, 0, 'g', 4)
            : tr("test accuracy %1").arg(r.accuracy, 0, 'f', 3);
        return tr("%1 (%2)\n%3 · %4 FLOPs/sample · %5 parameters\n%6 ms per step over %7 steps")
            .arg(r.label, r.fromSweep ? tr("sweep") : tr("your run"), quality, grouped(r.flops),
                 grouped(double(r.totalParams)))
            .arg(r.stepMs.total, 0, 'f', 3)
            .arg(r.steps);
    }
    return {};
}

RunsChart::~RunsChart() = default;

QString RunsChart::hoverText() const
{
    return m_tip->text();
}

void RunsChart::showTip(const QScatterSeries *series, const QPointF &point, bool state)
{
    m_tip->show(state ? pointText(series, point) : QString());
}

} // namespace moe::ui
