#include "ui/text/textcapacitycharts.h"

#include "ui/charts/axisticks.h"
#include "ui/style/numberformat.h"
#include "ui/worker/sweep.h"

#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace moe::ui {

namespace {
// Okabe-Ito blue and vermillion, as the arena's loss curves; the neutral lines are dark grey,
// which the dark theme turns light (ui/style/theme.cpp).
const QColor kDenseColour(0x0072B2), kMoeColour(0xD55E00), kNeutral(0x444444);

double paramsOf(const TextSweepRun &r)
{
    return double(r.totalParams);
}
double bitsOf(const TextSweepRun &r)
{
    return r.bitsPerChar;
}
double msOf(const TextSweepRun &r)
{
    return r.msPerStep > 0.0 ? r.msPerStep : NAN; // a live model before its first step
}

void hideFromLegend(QChart *chart, QAbstractSeries *series)
{
    for (QLegendMarker *marker : chart->legend()->markers(series))
        marker->setVisible(false);
}
} // namespace

TextCapacityCharts::TextCapacityCharts(QObject *parent)
    : QObject(parent)
{
    m_paramsY = new QLogValueAxis;
    m_paramsY->setBase(2.0);
    m_paramsY->setLabelFormat(QStringLiteral("%.0f"));
    m_lossY = new QValueAxis;
    m_timeY = new QValueAxis;
    for (QValueAxis *axis : {m_lossY, m_timeY})
        axis->setLabelFormat(QStringLiteral("%.3g"));
    build(m_parameters, tr("Parameters vs compute"), m_paramsY, tr("total parameters"));
    build(m_loss, tr("Validation loss vs compute"), m_lossY, tr("bits per character"));
    build(m_time, tr("Time per training step vs compute"), m_timeY, tr("ms per step"));
    const QColor colours[] = {kDenseColour, kMoeColour, kMoeColour};
    for (std::size_t i = 0; i < m_families.size(); ++i) {
        auto *line = new QLineSeries;
        line->setPen(QPen(colours[i], 2.0, i == 2 ? Qt::DashLine : Qt::SolidLine));
        m_parameters.chart->addSeries(line);
        line->attachAxis(m_parameters.x);
        line->attachAxis(m_paramsY);
        hideFromLegend(m_parameters.chart, line);
        m_families[i] = line;
    }
    m_frontierLine = new QLineSeries;
    m_frontierLine->setName(tr("frontier"));
    m_frontierLine->setPen(QPen(kNeutral, 2.0, Qt::DashLine));
    m_bigram = new QLineSeries;
    m_bigram->setName(tr("bigram level"));
    m_bigram->setPen(QPen(kNeutral, 1.5, Qt::DotLine));
    for (QLineSeries *line : {m_frontierLine, m_bigram}) {
        m_loss.chart->addSeries(line);
        line->attachAxis(m_loss.x);
        line->attachAxis(m_lossY);
    }
    for (Chart *c : {&m_parameters, &m_loss, &m_time})
        keepTicksLegible(c->chart);
}

// The charts belong to the chart views that show them (QChartView takes its chart).
TextCapacityCharts::~TextCapacityCharts() = default;

void TextCapacityCharts::build(Chart &c, const QString &title, QAbstractAxis *y,
                               const QString &yTitle)
{
    c.chart = new QChart;
    c.chart->setTitle(title);
    c.chart->setAnimationOptions(QChart::NoAnimation);
    c.chart->setMargins(QMargins(4, 4, 4, 4));
    c.chart->legend()->setAlignment(Qt::AlignRight);
    c.chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    c.x = new QLogValueAxis;
    c.x->setBase(2.0);
    c.x->setLabelFormat(QStringLiteral("%.0f"));
    c.x->setTitleText(tr("forward FLOPs per token (compute)"));
    c.chart->addAxis(c.x, Qt::AlignBottom);
    y->setTitleText(yTitle);
    c.chart->addAxis(y, Qt::AlignLeft);
    const struct
    {
        QString name;
        QColor colour;
        QScatterSeries::MarkerShape shape;
        double size;
    } kinds[kKinds] = {
        {tr("dense"), kDenseColour, QScatterSeries::MarkerShapeCircle, 12},
        {tr("MoE, k = 1"), kMoeColour, QScatterSeries::MarkerShapeRectangle, 12},
        {tr("MoE, k = 2"), kMoeColour, QScatterSeries::MarkerShapeTriangle, 15},
        {tr("your dense model"), kDenseColour, QScatterSeries::MarkerShapeStar, 22},
        {tr("your MoE model"), kMoeColour, QScatterSeries::MarkerShapeStar, 22},
    };
    for (int k = 0; k < kKinds; ++k) {
        auto *s = new QScatterSeries;
        s->setName(kinds[k].name);
        s->setColor(kinds[k].colour);
        s->setBorderColor(k >= kLiveDense ? QColor(0x222222) : QColor(Qt::white));
        s->setMarkerShape(kinds[k].shape);
        s->setMarkerSize(kinds[k].size);
        c.chart->addSeries(s);
        s->attachAxis(c.x);
        s->attachAxis(y);
        c.markers[std::size_t(k)] = s;
    }
}

TextCapacityCharts::Kind TextCapacityCharts::kindOf(const TextSweepRun &run)
{
    if (!run.fromSweep)
        return run.isMoe() ? kLiveMoe : kLiveDense;
    if (!run.isMoe())
        return kDense;
    return run.topK() <= 1 ? kMoe1 : kMoe2;
}

std::optional<QRectF> TextCapacityCharts::place(Chart &c, const QVector<TextSweepRun> &runs,
                                                double (*value)(const TextSweepRun &))
{
    std::array<QList<QPointF>, kKinds> points;
    for (QVector<TextSweepRun> &list : c.runs)
        list.clear();
    double x0 = 1e300, x1 = 0.0, y0 = 1e300, y1 = -1e300;
    for (const TextSweepRun &run : runs) {
        const double y = value(run);
        if (!std::isfinite(y) || !(run.flops > 0.0))
            continue;
        const std::size_t kind = std::size_t(kindOf(run));
        points[kind].append(QPointF(run.flops, y));
        c.runs[kind].append(run);
        x0 = std::min(x0, run.flops);
        x1 = std::max(x1, run.flops);
        y0 = std::min(y0, y);
        y1 = std::max(y1, y);
    }
    bool legendChanged = false;
    for (std::size_t k = 0; k < points.size(); ++k) {
        c.markers[k]->replace(points[k]);
        for (QLegendMarker *marker : c.chart->legend()->markers(c.markers[k]))
            if (marker->isVisible() == points[k].isEmpty()) {
                marker->setVisible(!points[k].isEmpty());
                legendChanged = true;
            }
    }
    if (legendChanged)
        relayoutLegend(c.chart);
    if (x1 <= 0.0)
        return std::nullopt;
    c.x->setRange(x0 / 1.3, x1 * 1.3);
    return QRectF(QPointF(x0, y0), QPointF(x1, y1));
}

void TextCapacityCharts::showGrid(const std::vector<TextModelConfig> &grid,
                                  const QVector<TextSweepRun> &live)
{
    QVector<TextSweepRun> runs = live;
    std::array<QList<QPointF>, 3> families;
    for (const TextModelConfig &config : grid) {
        const TextSweepRun run = untrainedRun(config);
        runs.append(run);
        const std::size_t family = !run.isMoe() ? 0 : run.topK() <= 1 ? 1 : 2;
        families[family].append(QPointF(run.flops, double(run.totalParams)));
    }
    for (std::size_t i = 0; i < families.size(); ++i) {
        std::sort(families[i].begin(), families[i].end(),
                  [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); });
        m_families[i]->replace(families[i]);
    }
    if (const std::optional<QRectF> extent = place(m_parameters, runs, paramsOf))
        m_paramsY->setRange(extent->top() / 1.5, extent->bottom() * 1.5);
}

void TextCapacityCharts::showRuns(const QVector<TextSweepRun> &runs, double bigramBits)
{
    const std::optional<QRectF> loss = place(m_loss, runs, bitsOf);
    QVector<QPointF> all;
    for (const TextSweepRun &run : runs)
        if (std::isfinite(run.bitsPerChar) && run.flops > 0.0)
            all.append(QPointF(run.flops, run.bitsPerChar));
    m_frontier = paretoFrontier(all, false);
    m_frontierLine->replace(frontierStairs(m_frontier, m_loss.x->max()));
    const bool level = bigramBits > 0.0 && !all.isEmpty();
    m_bigram->replace(level ? QList<QPointF> {QPointF(m_loss.x->min(), bigramBits),
                                              QPointF(m_loss.x->max(), bigramBits)}
                            : QList<QPointF> {});
    m_bigram->setName(level ? tr("bigram %1").arg(bigramBits, 0, 'f', 2) : tr("bigram level"));
    if (loss) {
        double lo = loss->top(), hi = loss->bottom();
        if (level) {
            lo = std::min(lo, bigramBits);
            hi = std::max(hi, bigramBits);
        }
        const double pad = std::max(0.05, 0.08 * (hi - lo));
        setAxisRange(m_lossY, std::max(0.0, lo - pad), hi + pad);
    }
    if (const std::optional<QRectF> time = place(m_time, runs, msOf))
        setAxisRange(m_timeY, 0.0, niceTop(time->bottom() * 1.1));
}

QVector<QScatterSeries *> TextCapacityCharts::markerSeries() const
{
    QVector<QScatterSeries *> all;
    for (const Chart *c : {&m_parameters, &m_loss, &m_time})
        for (QScatterSeries *s : c->markers)
            all.append(s);
    return all;
}

QString TextCapacityCharts::pointText(const QScatterSeries *series, const QPointF &point) const
{
    for (const Chart *c : {&m_parameters, &m_loss, &m_time})
        for (std::size_t k = 0; k < c->markers.size(); ++k) {
            if (c->markers[k] != series)
                continue;
            const QList<QPointF> points = series->points();
            for (qsizetype i = 0; i < points.size() && i < c->runs[k].size(); ++i) {
                if (points[i] != point)
                    continue;
                const TextSweepRun &r = c->runs[k][i];
                QString text = tr("%1 (%2)\n%3 FLOPs per token · %4 parameters, %5 active")
                                   .arg(r.label, r.fromSweep ? tr("sweep") : tr("your model"),
                                        grouped(r.flops), grouped(double(r.totalParams)),
                                        grouped(double(r.activeParams)));
                if (r.steps > 0)
                    text += tr("\n%1 bits/char after %2 steps · %3 ms per step")
                                .arg(r.bitsPerChar, 0, 'f', 3)
                                .arg(r.steps)
                                .arg(r.msPerStep, 0, 'f', 2);
                return text;
            }
        }
    return {};
}

} // namespace moe::ui
