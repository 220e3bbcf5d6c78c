#include "ui/charts/expertloadpanel.h"

#include "ui/style/palette.h"
#include "ui/worker/snapshotmetrics.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QStackedBarSeries>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QValueAxis>

namespace moe::ui {

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
    , m_experts(new QBarCategoryAxis)
    , m_tokens(new QValueAxis)
{
    m_kept->setColor(QColor(0x0072B2));
    m_dropped->setColor(QColor(0xD55E00));
    m_dead->setColor(QColor(0x333333));
    m_bars->append(m_kept);
    m_bars->append(m_dropped);
    m_bars->append(m_dead);
    m_capacity->setName(tr("capacity C"));
    m_capacity->setPen(QPen(Qt::black, 2, Qt::DashLine));
    m_chart->addSeries(m_bars);
    m_chart->addSeries(m_capacity);
    m_chart->setTitle(tr("Tokens per expert, recent steps"));
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_experts->setTitleText(tr("expert"));
    m_tokens->setTitleText(tr("slots per step"));
    m_tokens->setLabelFormat(QStringLiteral("%.0f"));
    m_tokens->setRange(0, 10);
    m_chart->addAxis(m_experts, Qt::AlignBottom);
    m_chart->addAxis(m_tokens, Qt::AlignLeft);
    m_bars->attachAxis(m_experts);
    m_bars->attachAxis(m_tokens);
    // The capacity line spans the bars: its own x axis from 0 to 1, hidden.
    auto *lineX = new QValueAxis;
    lineX->setRange(0, 1);
    lineX->setVisible(false);
    m_chart->addAxis(lineX, Qt::AlignTop);
    m_capacity->attachAxis(lineX);
    m_capacity->attachAxis(m_tokens);
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
    m_historyX->setLabelFormat(QStringLiteral("%.0f"));
    m_historyY = new QValueAxis;
    m_historyY->setTitleText(tr("share"));
    m_history->addAxis(m_historyX, Qt::AlignBottom);
    m_history->addAxis(m_historyY, Qt::AlignLeft);
    // Two tabs rather than two small charts: each stays legible at 1280x720.
    auto *tabs = new QTabWidget;
    tabs->addTab(m_view, tr("Load now"));
    m_historyView = new QChartView(m_history);
    tabs->addTab(m_historyView, tr("Load over time"));
    connect(tabs, &QTabWidget::currentChanged, this, [this] { drawHistory(); });
    tabs->setToolTip(
        tr("Load now: kept and dropped slots per expert over the recent steps; a short dark bar "
           "marks a dead expert (no tokens for 100 steps). Load over time: each expert's share "
           "of the slots at every evaluation (colours as in the routing map)."));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_headline);
    layout->addWidget(tabs, 1);
}

void ExpertLoadPanel::showSnapshot(const ArenaSnapshot &s)
{
    const RoutingStats &r = s.routing;
    if (r.steps == 0 || r.perExpert.empty()) {
        m_headline->setText(tr("Press Play: the router's load appears here"));
        showNoLoad(s.moe.config.moe.experts);
        return;
    }
    const double steps = double(r.steps);
    double top = r.capacity;
    for (const ExpertStats &x : r.perExpert)
        top = std::max(top, double(x.routed) / steps);
    QList<qreal> kept, dropped, dead;
    for (const ExpertStats &x : r.perExpert) {
        kept.append(double(x.kept) / steps);
        dropped.append(double(x.dropped) / steps);
        dead.append(x.dead ? 0.04 * top : 0.0); // a short dark bar where a dead expert's would be
    }
    m_kept->remove(0, m_kept->count());
    m_kept->append(kept);
    m_dropped->remove(0, m_dropped->count());
    m_dropped->append(dropped);
    m_dead->remove(0, m_dead->count());
    m_dead->append(dead);
    setExperts(int(r.perExpert.size()));
    m_capacity->replace(QList<QPointF> {{0.0, r.capacity}, {1.0, r.capacity}});
    m_tokens->setRange(0, top * 1.15);
    m_tokens->applyNiceNumbers(); // whole-number ticks
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
            line->setPen(QPen(expertColor(int(e)), 2));
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
    m_historyX->setRange(0, std::max<double>(50.0, double(m_step)));
    m_historyX->applyNiceNumbers();
    m_historyY->setRange(0, std::max(0.05, std::min(1.0, topShare * 1.1)));
    m_historyY->applyNiceNumbers(); // round shares on the ticks
}

void ExpertLoadPanel::setHistoryExportLook(bool exporting)
{
    // On screen the routing map's legend names the colours; a file needs its own, while it fits.
    m_history->legend()->setVisible(exporting && m_shares.size() <= 16);
}

void ExpertLoadPanel::setExperts(int experts)
{
    // A number under every bar up to 12 experts; beyond that they no longer fit (Qt Charts would
    // draw "..." under each), and the chart title says how the bars run instead.
    QStringList names;
    for (int e = 1; e <= experts; ++e)
        names.append(QString::number(e));
    if (m_experts->categories() != names) {
        m_experts->clear();
        m_experts->append(names);
        m_experts->setLabelsVisible(experts <= 16);
        m_experts->setTitleVisible(experts <= 16);
        m_chart->setTitle(experts <= 16
                              ? tr("Tokens per expert, recent steps")
                              : tr("Tokens per expert (1 ... %1), recent steps").arg(experts));
    }
}

void ExpertLoadPanel::showNoLoad(int experts)
{
    // Before the first step of new models: their experts, empty, not the last model's bars.
    m_kept->remove(0, m_kept->count());
    m_dropped->remove(0, m_dropped->count());
    m_dead->remove(0, m_dead->count());
    setExperts(experts);
    m_capacity->clear();
    m_tokens->setRange(0, 10);
    m_tokens->setTickCount(6);
    m_shareData.clear();
    m_historyDirty = true;
    drawHistory();
}

} // namespace moe::ui
