#include "ui/charts/capacitychart.h"

#include "core/moe/moeflops.h"
#include "core/moe/moesettings.h"
#include "ui/charts/hovertip.h"
#include "ui/style/numberformat.h"
#include "ui/style/palette.h"
#include "ui/worker/sweep.h"

#include <QChart>
#include <QChartView>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace moe::ui {

namespace {
bool sameFamily(const ModelConfig &a, const ModelConfig &b)
{
    return a.inputDim == b.inputDim && a.outputDim == b.outputDim && a.width == b.width
        && a.blocks == b.blocks && a.moe.topK == b.moe.topK
        && a.moe.expertHidden == b.moe.expertHidden && a.moe.router == b.moe.router
        && a.moe.sharedExperts == b.moe.sharedExperts && a.moe.experts == b.moe.experts
        && a.hidden == b.hidden;
}
} // namespace

QPointF CapacityChart::costPoint(const ModelConfig &c)
{
    // ModelCost's counting (docs/moe.md, "Parameters and FLOPs"): linear maps 2 * in * out
    // FLOPs, weights + biases; an MoE block's FLOPs from the engine's own moeForwardFlops.
    const double d = c.width, in = c.inputDim, out = c.outputDim;
    double params = (in * d + d) + (d * out + out);
    double flops = 2 * in * d + 2 * d * out;
    for (int b = 0; b < c.blocks; ++b) {
        if (c.blockKind == BlockKind::Dense) {
            const double h = c.hidden;
            params += 2 * d * h + h + d;
            flops += ffnForwardFlops(c.width, c.hidden);
            continue;
        }
        const MoeConfig &m = c.moe;
        const double h = m.expertHidden, expert = 2 * d * h + h + d;
        const double router = routerMatrices(m.router) * m.experts * d;
        params += router + (m.experts + m.sharedExperts) * expert;
        flops += moeForwardFlops(m, c.width).total();
    }
    return {flops, params};
}

CapacityChart::CapacityChart(QWidget *parent)
    : QWidget(parent)
    , m_chart(new QChart)
    , m_denseFamily(new QLineSeries)
    , m_moeFamily(new QLineSeries)
    , m_dense(new QScatterSeries)
    , m_moe(new QScatterSeries)
    , m_flops(new QLogValueAxis)
    , m_params(new QLogValueAxis)
{
    m_chart->setTitle(tr("Capacity vs compute"));
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_denseFamily->setName(tr("dense, h = 8 to 2048"));
    m_denseFamily->setPen(QPen(QColor(0x0072B2), 2, Qt::DashLine));
    m_denseFamily->setPointsVisible(true);
    m_moeFamily->setName(tr("MoE, E = 1 to %1").arg(int(settings::kExperts.max)));
    m_moeFamily->setPen(QPen(QColor(0xD55E00), 2, Qt::DashLine));
    m_moeFamily->setPointsVisible(true);
    m_dense->setName(tr("this dense"));
    m_dense->setColor(QColor(0x0072B2));
    m_dense->setMarkerSize(16);
    m_moe->setName(tr("this MoE"));
    m_moe->setColor(QColor(0xD55E00));
    m_moe->setMarkerSize(16);
    m_moe->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    m_flops->setTitleText(tr("active FLOPs per sample (compute)"));
    m_flops->setLabelFormat(QStringLiteral("%.0f"));
    m_params->setTitleText(tr("total parameters"));
    m_params->setLabelFormat(QStringLiteral("%.0f"));
    m_chart->addAxis(m_flops, Qt::AlignBottom);
    m_chart->addAxis(m_params, Qt::AlignLeft);
    for (QXYSeries *s :
         std::initializer_list<QXYSeries *> {m_denseFamily, m_moeFamily, m_dense, m_moe}) {
        m_chart->addSeries(s);
        s->attachAxis(m_flops);
        s->attachAxis(m_params);
    }
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries); // dashed families, markers
    auto *view = new QChartView(m_chart);
    view->setRenderHint(QPainter::Antialiasing);
    m_tip = std::make_unique<HoverTip>(
        view,
        tr("Dense networks climb the diagonal: capacity costs compute. Adding experts moves "
           "the MoE straight up: capacity grows with E, compute stays with k. Hover a point "
           "for its model."));
    for (QXYSeries *s :
         std::initializer_list<QXYSeries *> {m_denseFamily, m_moeFamily, m_dense, m_moe})
        connect(s, &QXYSeries::hovered, this, [this, s](const QPointF &value, bool state) {
            m_tip->show(state ? pointText(s, value) : QString());
        });
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view);
}

void CapacityChart::showSnapshot(const ArenaSnapshot &s)
{
    if (s.moe.config.blocks == 0
        || (m_hasShown && sameFamily(m_shown, s.moe.config)
            && sameFamily(m_denseShown, s.dense.config)))
        return;
    m_shown = s.moe.config;
    m_denseShown = s.dense.config;
    m_hasShown = true;
    QList<QPointF> dense, moe;
    QList<ModelConfig> denseModels, moeModels;
    ModelConfig d = s.dense.config;
    for (int h = 8; h <= 2048; h *= 2) {
        d.hidden = h;
        dense.append(costPoint(d));
        denseModels.append(d);
    }
    ModelConfig m = s.moe.config;
    for (int e = std::max(1, m.moe.effectiveTopK()); e <= int(settings::kExperts.max); e *= 2) {
        m.moe.experts = e;
        moe.append(costPoint(m));
        moeModels.append(m);
    }
    m_models = {{m_denseFamily, denseModels},
                {m_moeFamily, moeModels},
                {m_dense, {s.dense.config}},
                {m_moe, {s.moe.config}}};
    m_denseFamily->replace(dense);
    m_moeFamily->replace(moe);
    m_dense->replace(QList<QPointF> {costPoint(s.dense.config)});
    m_moe->replace(QList<QPointF> {costPoint(s.moe.config)});
    double x0 = 1e300, x1 = 0, y0 = 1e300, y1 = 0;
    for (const QList<QPointF> *list : {&dense, &moe})
        for (const QPointF &p : *list) {
            x0 = std::min(x0, p.x());
            x1 = std::max(x1, p.x());
            y0 = std::min(y0, p.y());
            y1 = std::max(y1, p.y());
        }
    m_flops->setRange(x0 / 1.5, x1 * 1.5);
    m_params->setRange(y0 / 1.5, y1 * 1.5);
}

CapacityChart::~CapacityChart() = default;

QString CapacityChart::pointText(const QXYSeries *series, const QPointF &value) const
{
    // A line series reports the cursor, not a point: the nearest point on screen names the
    // model, if the cursor is within a large marker's reach of it.
    constexpr double kReach = 12.0; // pixels
    const QPointF cursor = m_chart->mapToPosition(value, const_cast<QXYSeries *>(series));
    for (const auto &[shown, models] : m_models) {
        if (shown != series)
            continue;
        const QList<QPointF> points = series->points();
        qsizetype nearest = -1;
        double best = kReach;
        for (qsizetype i = 0; i < points.size() && i < models.size(); ++i) {
            const QPointF at = m_chart->mapToPosition(points[i], const_cast<QXYSeries *>(series));
            const double distance = std::hypot(at.x() - cursor.x(), at.y() - cursor.y());
            if (distance <= best) {
                best = distance;
                nearest = i;
            }
        }
        if (nearest < 0)
            return {};
        const ModelConfig &model = models[nearest];
        const QString which = series == m_dense ? tr("the dense being trained")
            : series == m_moe                   ? tr("the MoE being trained")
                                                : series->name();
        return tr("%1 (%2)\n%3 parameters · %4 FLOPs/sample")
            .arg(runLabel(model), which, grouped(points[nearest].y()),
                 grouped(points[nearest].x()));
    }
    return {};
}

QString CapacityChart::hoverText() const
{
    return m_tip->text();
}

} // namespace moe::ui
