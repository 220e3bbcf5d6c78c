#include "ui/charts/expertloadpanel.h"

#include "ui/charts/axisticks.h"
#include "ui/export/chartexport.h"
#include "ui/style/palette.h"
#include "ui/worker/snapshotmetrics.h"

#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QStackedBarSeries>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>

namespace moe::ui {

namespace {
const QColor kKeptColour(0x0072B2), kDroppedColour(0xD55E00), kDeadColour(0x333333),
    kMostColour(0xF0E442);
} // namespace

ExpertLoadPanel::ExpertLoadPanel(QWidget *parent)
    : QWidget(parent)
    , m_headline(new LiveLabel(2))
    , m_chart(new QChart)
    , m_view(new QChartView(m_chart))
    , m_bars(new QStackedBarSeries)
    , m_kept(new QBarSet(tr("kept")))
    , m_dropped(new QBarSet(tr("dropped")))
    , m_dead(new QBarSet(tr("dead")))
    , m_capacity(new QLineSeries)
    , m_most(new QScatterSeries)
    , m_experts(new QCategoryAxis)
    , m_tokens(new QValueAxis)
{
    m_kept->setColor(kKeptColour);
    m_dropped->setColor(kDroppedColour);
    m_dead->setColor(kDeadColour);
    m_bars->append(m_kept);
    m_bars->append(m_dropped);
    m_bars->append(m_dead);
    m_capacity->setName(tr("capacity C"));
    m_capacity->setPen(QPen(Qt::black, 2, Qt::DashLine));
    // Per expert, the most slots routed to it in one batch of the window: above C, that batch
    // dropped some, even where the mean bar stays below C.
    m_most->setName(tr("busiest batch"));
    m_most->setMarkerShape(QScatterSeries::MarkerShapeTriangle);
    m_most->setMarkerSize(11);
    m_most->setColor(kMostColour);
    m_most->setBorderColor(Qt::black);
    m_chart->addSeries(m_bars);
    m_chart->addSeries(m_capacity);
    m_chart->addSeries(m_most);
    m_title = tr("Tokens per expert in one batch");
    m_chart->setTitle(m_title);
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_experts->setTitleText(tr("expert"));
    // Numbers under as many bars as they fit under, at round steps (1, 5, 10, ...): never "...".
    m_experts->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_experts->setGridLineVisible(false);
    m_tokens->setTitleText(tr("slots per batch"));
    m_tokens->setRange(0, 10);
    m_chart->addAxis(m_experts, Qt::AlignBottom);
    m_chart->addAxis(m_tokens, Qt::AlignLeft);
    m_bars->attachAxis(m_experts);
    m_bars->attachAxis(m_tokens);
    m_most->attachAxis(m_experts);
    m_most->attachAxis(m_tokens);
    // The capacity line spans the bars: its own x axis from 0 to 1, hidden.
    auto *lineX = new QValueAxis;
    lineX->setRange(0, 1);
    lineX->setVisible(false);
    m_chart->addAxis(lineX, Qt::AlignTop);
    m_capacity->attachAxis(lineX);
    m_capacity->attachAxis(m_tokens);
    keepTicksLegible(m_chart);
    connect(m_chart, &QChart::plotAreaChanged, this, [this] { labelExperts(); });
    m_view->setRenderHint(QPainter::Antialiasing);
    m_headline->setToolTip(
        tr("Load CV: spread of tokens per expert (0 = perfectly even). Dropped: token "
           "slots over capacity, which skip the expert. Entropy: how undecided the "
           "router is; its maximum is log E."));
    QFont big = m_headline->font();
    big.setPointSizeF(big.pointSizeF() * 1.15);
    m_headline->setFont(big);
    m_history = new QChart;
    m_history->setTitle(tr("Share of the slots per expert, over training"));
    m_history->setAnimationOptions(QChart::NoAnimation);
    m_history->setMargins(QMargins(2, 2, 2, 2));
    m_history->legend()->hide(); // the colours are the routing map's legend
    m_historyX = new QValueAxis;
    m_historyX->setTitleText(tr("training step"));
    m_historyY = new QValueAxis;
    m_historyY->setTitleText(tr("share"));
    m_history->addAxis(m_historyX, Qt::AlignBottom);
    m_history->addAxis(m_historyY, Qt::AlignLeft);
    m_history->legend()->setAlignment(Qt::AlignBottom);
    m_even = new QLineSeries; // 1/E: where every line would run under perfect balance
    m_even->setName(tr("even share 1/E"));
    m_even->setPen(QPen(Qt::black, 1.5, Qt::DashLine));
    m_history->addSeries(m_even);
    m_even->attachAxis(m_historyX);
    m_even->attachAxis(m_historyY);
    keepTicksLegible(m_history);
    // Two tabs rather than two small charts: each stays legible at 1280x720.
    auto *tabs = new QTabWidget;
    tabs->addTab(m_view, tr("Load now"));
    m_historyView = new QChartView(m_history);
    tabs->addTab(m_historyView, tr("Load over time"));
    connect(tabs, &QTabWidget::currentChanged, this, [this] { drawHistory(); });
    tabs->setToolTip(
        tr("Load now: one full training batch, per expert: the slots it kept and dropped, "
           "averaged over the full batches of the last 100 steps (a smaller last batch of an "
           "epoch is left out: its C is smaller). A triangle marks the most slots the expert was "
           "sent in one batch: above the capacity line that batch dropped some, which is why a "
           "bar below C can still show dropped slots. A short dark bar marks a dead expert (no "
           "tokens for 100 steps). Load over time: each expert's share of the slots at every "
           "evaluation (colours as in the routing map)."));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_headline);
    layout->addWidget(tabs, 1);
}

void ExpertLoadPanel::showSnapshot(const ArenaSnapshot &s)
{
    const RoutingStats &r = s.routing;
    const BatchLoad &load = s.batchLoad;
    if (r.steps == 0 || r.perExpert.empty() || load.batches == 0) {
        m_headline->setText(tr("Press Play: the router's load appears here"));
        showNoLoad(s.moe.config.moe.experts);
        return;
    }
    fitToHeight(); // presentation mode scales the fonts without a resize
    showBatchLoad(load, r, s.moe.config.moe.capacityFactor.has_value());
    // The figures through snapshotMetric, as the lesson checks read them (same window).
    const auto figure = [&s](const char *name) {
        const QString key = QString::fromLatin1(name);
        const std::optional<double> v = snapshotMetric(s, key);
        return v ? metricText(key, *v) : QStringLiteral("-");
    };
    QString headline = tr("last %1 steps: load CV <b>%2</b> · dropped <b>%3</b> · "
                          "router entropy <b>%4</b> of %5 · dead experts <b>%6</b> of %7")
                           .arg(r.steps)
                           .arg(figure("moe.loadCv"), figure("moe.droppedFraction"))
                           .arg(r.routerEntropy, 0, 'f', 2)
                           .arg(r.maxEntropy, 0, 'f', 2)
                           .arg(figure("moe.deadExperts"))
                           .arg(r.experts);
    if (r.tokensWithoutExpert > 0)
        headline += tr(" · no expert for <b>%1</b> of inputs").arg(figure("moe.unroutedShare"));
    m_headline->setText(headline);
    m_shareData = s.expertShare;
    m_step = s.step;
    m_historyDirty = true;
    drawHistory();
}

void ExpertLoadPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitToHeight();
}

void ExpertLoadPanel::fitToHeight()
{
    // Low (presentation mode at 1280x720): the chart's and the axes' titles go (the tab and the
    // headline above say what it is), so that the bars keep a plot of several lines and no text
    // is cut to "...".
    const QFontMetrics labels(m_tokens->labelsFont());
    const bool low = m_view->height() < labels.height() * 14;
    if (low == m_low)
        return;
    m_experts->setTitleVisible(!low);
    m_tokens->setTitleVisible(!low);
    // Beside the plot, each entry gets the legend's whole width (below, a share of it), with
    // short names.
    m_chart->legend()->setAlignment(low ? Qt::AlignRight : Qt::AlignBottom);
    m_most->setName(low ? tr("most") : tr("busiest batch"));
    m_dropped->setLabel(low ? tr("drop") : tr("dropped"));
    m_low = low;
    showTitle();
}

void ExpertLoadPanel::drawHistory()
{
    // 64 lines redrawn 30 times a second cost the UI thread dearly: only when they can be seen.
    if (m_historyDirty && m_historyView->isVisible())
        drawHistoryNow();
}

void ExpertLoadPanel::drawHistoryNow()
{
    if (!m_historyDirty)
        return;
    m_historyDirty = false;
    if (m_shares.size() != m_shareData.size()) { // new models: one line per expert
        for (QLineSeries *line : m_shares) {
            m_history->removeSeries(line);
            delete line;
        }
        m_shares.clear();
        for (std::size_t e = 0; e < m_shareData.size(); ++e) {
            auto *line = new QLineSeries;
            line->setName(tr("expert %1").arg(e + 1));
            m_history->addSeries(line);
            line->attachAxis(m_historyX);
            line->attachAxis(m_historyY);
            m_shares.push_back(line);
        }
    }
    double topShare = 0.0;
    for (std::size_t e = 0; e < m_shares.size(); ++e) {
        m_shares[e]->replace(m_shareData[e]);
        for (const QPointF &p : m_shareData[e])
            topShare = std::max(topShare, p.y());
    }
    highlightBusiest();
    const double lastStep = std::max<double>(50.0, double(m_step));
    setAxisRange(m_historyX, 0, niceTop(lastStep));
    setAxisRange(m_historyY, 0, std::max(0.05, std::min(1.0, niceTop(topShare * 1.05))));
    const double even = m_shares.empty() ? 0.0 : 1.0 / double(m_shares.size());
    m_even->replace(QList<QPointF> {{0.0, even}, {m_historyX->max(), even}});
}

void ExpertLoadPanel::highlightBusiest()
{
    // Up to 8 experts every line in its colour; beyond, 64 coloured lines are spaghetti: the
    // kBusiest experts with the largest share at the last evaluation keep their colour (and a
    // legend entry in files), the others are thin grey lines under them.
    const std::size_t E = m_shares.size();
    std::vector<std::size_t> order(E);
    for (std::size_t e = 0; e < E; ++e)
        order[e] = e;
    const auto last = [this](std::size_t e) {
        return m_shareData[e].isEmpty() ? 0.0 : m_shareData[e].back().y();
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return last(a) > last(b); });
    std::vector<bool> coloured(E, E <= 8);
    for (std::size_t i = 0; i < std::min(E, kBusiest); ++i)
        coloured[order[i]] = true;
    m_coloured = coloured;
    bool changed = false;
    for (std::size_t e = 0; e < E; ++e) {
        const QPen pen = coloured[e] ? QPen(expertColor(int(e)), 2.5) : QPen(QColor(0xBBBBBB), 1.0);
        if (m_shares[e]->pen() != pen)
            m_shares[e]->setPen(pen);
        for (QLegendMarker *marker : m_history->legend()->markers(m_shares[e]))
            if (marker->isVisible() != coloured[e]) {
                marker->setVisible(coloured[e]);
                changed = true;
            }
    }
    if (changed)
        relayoutLegend(m_history);
    m_history->setTitle(
        E <= 8
            ? tr("Share of the slots per expert, over training")
            : tr("Slot share, the %1 busiest of %2 in colour").arg(std::min(E, kBusiest)).arg(E));
}

void ExpertLoadPanel::setHistoryExportLook(bool exporting)
{
    // On screen the routing map's legend names the colours; a file needs its own (the coloured
    // lines and the even share only).
    m_history->legend()->setVisible(exporting);
    if (!exporting)
        return;
    // Shown again, the legend has a marker for every line: the grey ones go.
    for (std::size_t e = 0; e < m_shares.size() && e < m_coloured.size(); ++e)
        for (QLegendMarker *marker : m_history->legend()->markers(m_shares[e]))
            marker->setVisible(m_coloured[e]);
    relayoutLegend(m_history);
}

void ExpertLoadPanel::showBatchLoad(const BatchLoad &load, const RoutingStats &r, bool limited)
{
    // Bars: the mean kept and dropped slots of one full batch; triangles: the most in one batch.
    const auto E = load.kept.size();
    double top = limited ? double(load.capacity) : 0.0;
    QList<QPointF> most;
    for (std::size_t e = 0; e < E; ++e) {
        top = std::max(top, double(load.most[e]));
        most.append(QPointF(double(e), double(load.most[e])));
    }
    QList<qreal> kept, dropped, dead;
    for (std::size_t e = 0; e < E; ++e) {
        kept.append(load.kept[e]);
        dropped.append(load.dropped[e]);
        const bool isDead = e < r.perExpert.size() && r.perExpert[e].dead;
        dead.append(isDead ? 0.04 * top : 0.0); // a short dark bar where a dead expert's would be
    }
    m_kept->remove(0, m_kept->count());
    m_kept->append(kept);
    m_dropped->remove(0, m_dropped->count());
    m_dropped->append(dropped);
    m_dead->remove(0, m_dead->count());
    m_dead->append(dead);
    m_most->replace(most);
    applyHighlight(); // new bars are not selected
    setExperts(int(E));
    // Without a capacity factor nothing is ever dropped: there is no C to draw.
    if (m_capacity->isVisible() != limited) {
        m_capacity->setVisible(limited);
        for (QLegendMarker *marker : m_chart->legend()->markers(m_capacity))
            marker->setVisible(limited);
        relayoutLegend(m_chart);
    }
    if (limited) {
        m_capacity->setName(m_low ? tr("C") : tr("C = %1").arg(load.capacity));
        m_capacity->replace(
            QList<QPointF> {{0.0, double(load.capacity)}, {1.0, double(load.capacity)}});
    }
    setAxisRange(m_tokens, 0, niceTop(top * 1.1));
    m_title = tr("Tokens per expert in one batch of %1").arg(load.tokens);
    showTitle();
    m_experts->setTitleText(tr("expert (mean of the last %1 full batches)").arg(load.batches));
    // The dead bars' legend entry only while there are dead experts: room for the others.
    const bool anyDead = std::any_of(dead.begin(), dead.end(), [](qreal v) { return v > 0.0; });
    for (QLegendMarker *marker : m_chart->legend()->markers(m_bars))
        if (marker->label() == m_dead->label() && marker->isVisible() != anyDead) {
            marker->setVisible(anyDead);
            relayoutLegend(m_chart);
        }
}

void ExpertLoadPanel::setHighlightedExperts(int first, int last)
{
    m_highlight = first < 0 ? ExpertRange {} : ExpertRange {first, std::max(first, last)};
    applyHighlight();
}

void ExpertLoadPanel::applyHighlight()
{
    // Selected bars and points take the selected colour: the sets' own colour for the
    // highlighted experts, a grey of it (as on the routing map) for the others. The legend
    // keeps the sets' own colours.
    QList<int> lit;
    for (int e = std::max(0, m_highlight.first); e <= m_highlight.last && e < m_kept->count(); ++e)
        lit.append(e);
    const bool on = m_highlight.active();
    for (const auto &[set, colour] :
         {std::pair {m_kept, kKeptColour}, std::pair {m_dropped, kDroppedColour},
          std::pair {m_dead, kDeadColour}}) {
        set->setColor(on ? dimmedColor(colour) : colour);
        set->setSelectedColor(colour);
        set->deselectAllBars();
        set->selectBars(lit);
        for (QLegendMarker *marker : m_chart->legend()->markers(m_bars))
            if (marker->label() == set->label())
                marker->setBrush(colour);
    }
    m_most->setColor(on ? dimmedColor(kMostColour) : kMostColour);
    m_most->setSelectedColor(kMostColour);
    m_most->deselectAllPoints();
    m_most->selectPoints(lit);
    for (QLegendMarker *marker : m_chart->legend()->markers(m_most))
        marker->setBrush(kMostColour);
}

void ExpertLoadPanel::showTitle()
{
    // No title at all while low: an empty one takes no height.
    m_chart->setTitle(m_low ? QString() : m_title);
}

QString ExpertLoadPanel::csv() const
{
    // One row per expert, as drawn: the mean kept and dropped slots of one full batch, the most
    // sent to it in one batch, and C (empty without a capacity factor).
    QString out = QStringLiteral("expert,kept_mean,dropped_mean,most_in_one_batch,capacity,dead\n");
    const bool limited = m_capacity->isVisible() && m_capacity->count() > 0;
    for (int e = 0; e < m_kept->count(); ++e)
        out += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                   .arg(e + 1)
                   .arg(csvNumber(m_kept->at(e)), csvNumber(m_dropped->at(e)),
                        e < m_most->count() ? csvNumber(m_most->at(e).y()) : QString(),
                        limited ? csvNumber(m_capacity->at(0).y()) : QString(),
                        m_dead->at(e) > 0.0 ? QStringLiteral("1") : QStringLiteral("0"));
    return out;
}

void ExpertLoadPanel::setExperts(int experts)
{
    if (m_expertCount == experts)
        return;
    m_expertCount = experts;
    const double last = std::max(1, experts) - 0.5;
    m_experts->setRange(-0.5, last);
    m_experts->setStartValue(-0.5);
    labelExperts();
}

void ExpertLoadPanel::labelExperts()
{
    // Expert 1 and every step-th, as often as the widest number fits under the bars; the step
    // is 1, 2, 5, 10, 20, ... so the labels read as a ruler.
    const int experts = std::max(1, m_expertCount);
    const QFontMetricsF metrics(m_experts->labelsFont());
    const double perBar = m_chart->plotArea().width() / experts;
    const double widest = metrics.horizontalAdvance(QString::number(experts)) + metrics.height();
    int step = 1;
    for (int candidate : {1, 2, 5, 10, 20, 50, 100, 200, 500}) {
        step = candidate;
        if (perBar * candidate >= widest)
            break;
    }
    QStringList labels;
    for (int e = 1; e <= experts; ++e)
        if (step <= 2 ? (e - 1) % step == 0 : (e == 1 || e % step == 0))
            labels.append(QString::number(e));
    if (labels == m_experts->categoriesLabels())
        return;
    for (const QString &label : m_experts->categoriesLabels())
        m_experts->remove(label);
    for (const QString &label : labels)
        m_experts->append(label, label.toDouble() - 1.0); // at its bar's centre
}

void ExpertLoadPanel::showNoLoad(int experts)
{
    // Before the first step of new models: their experts, empty, not the last model's bars.
    m_kept->remove(0, m_kept->count());
    m_dropped->remove(0, m_dropped->count());
    m_dead->remove(0, m_dead->count());
    m_most->clear();
    setExperts(experts);
    m_capacity->clear();
    m_tokens->setRange(0, 10);
    m_title = tr("Tokens per expert in one batch");
    showTitle();
    m_experts->setTitleText(tr("expert"));
    m_shareData.clear();
    m_historyDirty = true;
    drawHistory();
}

} // namespace moe::ui
