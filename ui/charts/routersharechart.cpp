#include "ui/charts/routersharechart.h"

#include "core/moe/moeflops.h"
#include "ui/charts/hovertip.h"
#include "ui/export/chartexport.h"
#include "ui/style/numberformat.h"

#include <QChart>
#include <QChartView>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace moe::ui {

namespace {
// Okabe-Ito: the live MoE in the MoE's vermillion (as on every chart), the real model blue, the
// crossover black.
const QColor kYours(0xD55E00), kReal(0x0072B2), kCrossover(Qt::black);
constexpr int kSamplesPerOctave = 8;
constexpr double kLowestPercent = 1e-3; // the log axis' floor: Mixtral at E = 1 is 0.0017%

// Mixtral 8x7B's MoE block: d 4096, 8 experts of h_e 14336, top-2 (Jiang et al., 2024).
struct Reference
{
    int width = 4096;
    MoeConfig config;
    Reference()
    {
        config.experts = 8;
        config.topK = 2;
        config.expertHidden = 14336;
        config.sharedExperts = 0;
        config.router = RouterKind::TopK;
    }
};

// The settings with E experts, top-k lowered to E where it would exceed it.
MoeConfig withExperts(MoeConfig config, int experts)
{
    config.experts = experts;
    config.topK = std::min(config.topK, experts);
    return config;
}

double percentAt(const MoeConfig &config, int width, int experts)
{
    return 100.0 * moeForwardFlops(withExperts(config, experts), width).routerShare();
}

QString percentText(double percent)
{
    return percent >= 1.0 ? QString::number(percent, 'f', 1) + QLatin1Char('%')
                          : QString::number(percent, 'g', 2) + QLatin1Char('%');
}

QString expertsText(double experts)
{
    const bool whole = std::abs(experts - std::round(experts)) < 1e-9;
    return QString::number(experts, 'f', whole ? 0 : 1);
}

QString routerText(const MoeConfig &c)
{
    if (c.router == RouterKind::ExpertChoice)
        return RouterShareChart::tr("expert choice, cf %1").arg(c.activeExperts());
    QString text = RouterShareChart::tr("top-%1").arg(c.effectiveTopK());
    if (c.router == RouterKind::NoisyTopK)
        text += RouterShareChart::tr(" noisy (router x2)");
    if (c.sharedExperts > 0)
        text += RouterShareChart::tr(" + %1 shared").arg(c.sharedExperts);
    return text;
}

QLineSeries *line(const QColor &colour, Qt::PenStyle style, double width)
{
    auto *series = new QLineSeries;
    series->setPen(QPen(colour, width, style));
    return series;
}

QScatterSeries *marker(const QColor &colour, QScatterSeries::MarkerShape shape)
{
    auto *series = new QScatterSeries;
    series->setColor(colour);
    series->setBorderColor(Qt::white);
    series->setMarkerShape(shape);
    series->setMarkerSize(13);
    series->setPointLabelsVisible(true);
    series->setPointLabelsClipping(false);
    series->setPointLabelsColor(colour);
    return series;
}
} // namespace

QString RouterShareChart::lesson()
{
    return tr("Router 2 d E vs expert 4 d h_e FLOPs per input: toys pay, Mixtral doesn't");
}

RouterShareChart::RouterShareChart(QWidget *parent)
    : QWidget(parent)
    , m_chart(new QChart)
    , m_share(line(kYours, Qt::SolidLine, 2.5))
    , m_reference(line(kReal, Qt::DashLine, 2.0))
    , m_crossoverLine(line(kCrossover, Qt::DotLine, 1.0))
    , m_current(marker(kYours, QScatterSeries::MarkerShapeRectangle))
    , m_crossover(marker(kCrossover, QScatterSeries::MarkerShapeCircle))
    , m_realPoint(marker(kReal, QScatterSeries::MarkerShapeRectangle))
    , m_experts(new QLogValueAxis)
    , m_percent(new QLogValueAxis)
{
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setMargins(QMargins(2, 2, 8, 2));
    m_chart->setTitle(
        QStringLiteral("<b>%1</b><br>%2")
            .arg(tr("The router's share of the MoE block's forward FLOPs").toHtmlEscaped(),
                 lesson().toHtmlEscaped()));
    m_experts->setBase(2.0);
    m_experts->setLabelFormat(QStringLiteral("%.0f"));
    m_experts->setTitleText(tr("experts E (log scale)"));
    m_experts->setMinorTickCount(0);
    m_percent->setBase(10.0);
    m_percent->setLabelFormat(QStringLiteral("%g"));
    m_percent->setTitleText(tr("router share (%)"));
    m_percent->setRange(kLowestPercent, 100.0);
    m_chart->addAxis(m_experts, Qt::AlignBottom);
    m_chart->addAxis(m_percent, Qt::AlignLeft);
    for (QXYSeries *s : std::initializer_list<QXYSeries *> {m_share, m_reference, m_crossoverLine,
                                                            m_current, m_crossover, m_realPoint}) {
        m_chart->addSeries(s);
        s->attachAxis(m_experts);
        s->attachAxis(m_percent);
    }
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    // The legend names the two curves; the points carry their own labels on the plot.
    for (QXYSeries *s :
         std::initializer_list<QXYSeries *> {m_crossoverLine, m_current, m_crossover, m_realPoint})
        for (QLegendMarker *m : m_chart->legend()->markers(s))
            m->setVisible(false);

    auto *view = new QChartView(m_chart);
    view->setRenderHint(QPainter::Antialiasing);
    m_tip = std::make_unique<HoverTip>(
        view,
        tr("Every input pays the router for all E experts (2 d E FLOPs, twice for noisy "
           "top-k) but only k experts (4 d h_e each). The share E / (E + 2 h_e k) grows "
           "with E and reaches one half at E = 2 h_e k. With a toy's h_e of tens that "
           "happens at a few hundred experts; with Mixtral's h_e of 14,336 never in "
           "practice. Hover a curve or a marker for its numbers."));
    for (QXYSeries *s : std::initializer_list<QXYSeries *> {m_share, m_reference, m_current,
                                                            m_crossover, m_realPoint})
        connect(s, &QXYSeries::hovered, this, [this, s](const QPointF &value, bool state) {
            m_tip->show(state ? pointText(s, value) : QString());
        });
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view);
    setModel(MoeConfig(), 16);
}

void RouterShareChart::setModel(const MoeConfig &config, int width)
{
    const auto same = [](const MoeConfig &a, const MoeConfig &b) {
        return a.experts == b.experts && a.topK == b.topK && a.expertHidden == b.expertHidden
            && a.sharedExperts == b.sharedExperts && a.router == b.router
            && a.capacityFactor == b.capacityFactor;
    };
    if (m_drawn && width == m_width && same(config, m_config))
        return;
    m_drawn = true;
    m_config = config;
    m_width = width;
    const Reference real;
    // The x axis spans 1..256, or further right to show a crossover beyond 256 experts.
    const double crossover = routerCrossoverExperts(config);
    const double right = std::exp2(
        std::clamp(std::ceil(std::log2(crossover * 1.5)), std::log2(double(kMostExperts)), 16.0));
    QList<QPointF> share, reference;
    const int samples = int(std::lround(std::log2(right))) * kSamplesPerOctave;
    int last = 0;
    for (int i = 0; i <= samples; ++i) { // whole numbers of experts, ~8 per octave
        const int e = int(std::lround(std::exp2(double(i) / kSamplesPerOctave)));
        if (e == last)
            continue;
        last = e;
        share.append({double(e), percentAt(config, width, e)});
        reference.append(
            {double(e), std::max(kLowestPercent, percentAt(real.config, real.width, e))});
    }
    m_share->replace(share);
    m_reference->replace(reference);
    m_experts->setRange(1.0, right);

    const double yours = moeForwardFlops(config, width).routerShare() * 100.0;
    m_share->setName(
        tr("yours: d %1, h_e %2, %3").arg(width).arg(config.expertHidden).arg(routerText(config)));
    m_current->setName(tr("your E = %1: %2").arg(config.experts).arg(percentText(yours)));
    m_current->setPointLabelsFormat(
        tr("your E = %1: %2").arg(config.experts).arg(percentText(yours)));
    m_current->replace(QList<QPointF> {{double(config.experts), yours}});
    const bool onAxis = crossover <= right;
    m_crossover->setName(tr("crossover: router = experts at E = %1").arg(expertsText(crossover)));
    m_crossover->setPointLabelsFormat(tr("router = experts at E = %1").arg(expertsText(crossover)));
    m_crossover->replace(onAxis ? QList<QPointF> {{crossover, 50.0}} : QList<QPointF>());
    m_crossoverLine->replace(onAxis
                                 ? QList<QPointF> {{crossover, kLowestPercent}, {crossover, 50.0}}
                                 : QList<QPointF>());
    const double mixtral = moeForwardFlops(real.config, real.width).routerShare() * 100.0;
    m_reference->setName(tr("Mixtral 8x7B: d 4096, h_e 14336, top-2"));
    m_realPoint->setName(tr("Mixtral at E = 8: %1").arg(percentText(mixtral)));
    m_realPoint->setPointLabelsFormat(m_realPoint->name());
    m_realPoint->replace(QList<QPointF> {{double(real.config.experts), mixtral}});
}

RouterShareChart::~RouterShareChart() = default;

QString RouterShareChart::pointText(const QXYSeries *series, const QPointF &value) const
{
    const Reference real;
    const bool mixtral = series == m_reference || series == m_realPoint;
    const MoeConfig &config = mixtral ? real.config : m_config;
    const int width = mixtral ? real.width : m_width;
    // A marker's own E; on a curve, the whole number of experts nearest the cursor.
    const auto *scatter = qobject_cast<const QScatterSeries *>(series);
    const double at = scatter && scatter->count() > 0 ? scatter->at(0).x() : value.x();
    if (series == m_crossover) // between whole numbers of experts: its formula, not a sample
        return tr("%1\nE = 2 h_e (k + shared) / m: the router's 2 d E m FLOPs per input equal "
                  "the experts' 4 d h_e (k + shared)")
            .arg(m_crossover->name());
    const int experts = std::clamp(int(std::lround(at)), 1, 1 << 16);
    const MoeForwardFlops f = moeForwardFlops(withExperts(config, experts), width);
    const QString name = scatter ? series->name() : mixtral ? m_reference->name() : m_share->name();
    return tr("%1\nE = %2: router %3 FLOPs, experts %4 FLOPs per input; the router is %5 of "
              "the block")
        .arg(name)
        .arg(experts)
        .arg(grouped(f.router), grouped(f.experts), percentText(100.0 * f.routerShare()));
}

QString RouterShareChart::hoverText() const
{
    return m_tip->text();
}

QString RouterShareChart::csv() const
{
    // Exact integer E rows, from the same accounting as the engine's cost().
    const Reference real;
    QString out = QStringLiteral("experts,router_flops,expert_flops,router_share,"
                                 "reference_router_share,current\n");
    for (int e = 1; e <= kMostExperts; ++e) {
        const MoeConfig r = withExperts(real.config, e);
        const MoeForwardFlops f = moeForwardFlops(withExperts(m_config, e), m_width);
        out += QStringList {QString::number(e),
                            csvNumber(f.router),
                            csvNumber(f.experts),
                            csvNumber(f.routerShare()),
                            csvNumber(moeForwardFlops(r, real.width).routerShare()),
                            e == m_config.experts ? QStringLiteral("1") : QStringLiteral("0")}
                   .join(QLatin1Char(','))
            + QLatin1Char('\n');
    }
    return out;
}

} // namespace moe::ui
