#include "ui/charts/steptimechart.h"

#include "ui/charts/axisticks.h"
#include "ui/charts/hovertip.h"
#include "ui/export/chartexport.h"
#include "ui/style/numberformat.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QLegend>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <tuple>

namespace moe::ui {

namespace {
// Okabe-Ito colours, told apart with any colour vision: routing orange, experts green, the rest
// of the model grey (the context, not the story), the optimiser blue; "other" hatched grey.
const QColor kRouting(0xE69F00), kExperts(0x009E73), kRest(0xBBBBBB), kOptimizer(0x0072B2),
    kOther(0x888888);

bool brokenDown(const SweepRun &run)
{
    return run.stepMs.parts() > 0.0;
}

// "E=64 k=1" (an MoE), "dense h=128", "yours: E=8 k=2", and what the run's own label adds after
// its configuration (" seed 2" from the command line's sweeps): short, for a narrow axis.
QString rowLabel(const SweepRun &run)
{
    const ModelConfig &m = run.config;
    QString text = !run.isMoe() ? QStringLiteral("dense h=%1").arg(m.hidden)
        : m.moe.router == RouterKind::ExpertChoice
        ? QStringLiteral("E=%1 EC").arg(m.moe.experts)
        : QStringLiteral("E=%1 k=%2").arg(m.moe.experts).arg(m.moe.effectiveTopK());
    const QString configuration = runLabel(m);
    if (run.label.startsWith(configuration))
        text += run.label.mid(configuration.size());
    return run.fromSweep ? text : StepTimeChart::tr("yours: %1").arg(text);
}

QBarSet *barSet(const QString &name, const QBrush &brush)
{
    auto *set = new QBarSet(name);
    set->setBrush(brush);
    set->setPen(QPen(Qt::white, 0.5));
    return set;
}
} // namespace

QString StepTimeChart::lesson()
{
    return tr("MoE saves FLOPs per input, not the parameters' memory or their update; at this "
              "width the router's cost grows with E");
}

StepTimeChart::StepTimeChart(QWidget *parent)
    : QWidget(parent)
    , m_chart(new QChart)
    , m_pages(new QStackedWidget)
    , m_hint(new QLabel)
    , m_bars(new QHorizontalStackedBarSeries)
    , m_routing(barSet(tr("routing"), kRouting))
    , m_experts(barSet(tr("experts"), kExperts))
    , m_rest(barSet(tr("rest of the model"), kRest))
    , m_optimizer(barSet(tr("optimiser"), kOptimizer))
    , m_other(barSet(tr("other"), QBrush(kOther, Qt::BDiagPattern)))
    , m_runs(new QBarCategoryAxis)
    , m_ms(new QValueAxis)
{
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setMargins(QMargins(2, 2, 8, 2));
    m_chart->legend()->setAlignment(Qt::AlignRight); // the height is the bars'

    setTitleLines();
    connect(m_chart, &QChart::geometryChanged, this, [this] { setTitleLines(); });
    for (QBarSet *set : {m_routing, m_experts, m_rest, m_optimizer, m_other})
        m_bars->append(set);
    m_bars->setBarWidth(0.75);
    m_chart->addSeries(m_bars);
    // No axis titles: the title names the unit, the labels name the runs, and every pixel of
    // height goes to the bars. Qt Charts would elide a run's label to "..." as soon as its text
    // box (glyphs and padding) is taller than a bar's slot; the glyphs alone fit a dozen bars.
    QFont small = m_runs->labelsFont();
    small.setPointSizeF(std::max(6.5, small.pointSizeF() * 0.8));
    m_runs->setLabelsFont(small);
    m_runs->setTruncateLabels(false);
    m_ms->setLabelsFont(small);
    m_ms->setLabelFormat(QStringLiteral("%.3g"));
    m_chart->addAxis(m_runs, Qt::AlignLeft);
    m_chart->addAxis(m_ms, Qt::AlignBottom);
    m_bars->attachAxis(m_runs);
    m_bars->attachAxis(m_ms);
    connect(m_bars, &QHorizontalStackedBarSeries::hovered, this,
            [this](bool state, int index, QBarSet *) { showTip(state, index); });

    auto *view = new QChartView(m_chart);
    view->setRenderHint(QPainter::Antialiasing);
    m_tip = std::make_unique<HoverTip>(
        view,
        tr("Where each training step's time goes. MoE runs only k experts per input, so the "
           "experts' compute follows k; but the optimiser updates every expert's parameters "
           "each step, so its time grows with the number of experts E. Other: gathering the "
           "batch and the routing statistics, or a whole step not broken down (your runs). "
           "Hover a bar for its run's numbers."));
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

void StepTimeChart::setTitleLines()
{
    // The lesson under the title, wrapped to the chart's width: one long line was cut to "...".
    const QFontMetrics metrics(m_chart->titleFont());
    const double width = std::max(200.0, m_chart->size().width() - 24.0);
    QStringList lines;
    QString line;
    for (const QString &word : lesson().split(QLatin1Char(' '))) {
        const QString longer = line.isEmpty() ? word : line + QLatin1Char(' ') + word;
        if (!line.isEmpty() && metrics.horizontalAdvance(longer) > width) {
            lines << line.toHtmlEscaped();
            line = word;
        } else {
            line = longer;
        }
    }
    lines << line.toHtmlEscaped();
    const QString title = QStringLiteral("<b>%1</b><br>%2")
                              .arg(tr("Time per training step (ms), by part").toHtmlEscaped(),
                                   lines.join(QStringLiteral("<br>")));
    if (m_chart->title() != title)
        m_chart->setTitle(title);
}

void StepTimeChart::setRuns(const QVector<SweepRun> &runs)
{
    m_rows.clear();
    for (const SweepRun &run : runs)
        if (run.stepMs.total > 0.0 && run.flops > 0.0)
            m_rows.append(run);
    // Cheapest first; at equal FLOPs one configuration's runs (seeds) together.
    const auto key = [](const SweepRun &r) {
        return std::tuple(r.flops, r.isMoe(), r.config.moe.experts, r.config.moe.effectiveTopK(),
                          r.isMoe() ? r.config.moe.expertHidden : r.config.hidden);
    };
    std::stable_sort(m_rows.begin(), m_rows.end(),
                     [&](const SweepRun &a, const SweepRun &b) { return key(a) < key(b); });
    // The category axis runs bottom to top: the last row first. Names must be unique on it.
    QStringList categories; // bottom row first
    QList<qreal> parts[5];
    double longest = 0.0;
    for (qsizetype i = m_rows.size(); i-- > 0;) {
        const SweepRun &run = m_rows[i];
        QString name = rowLabel(run);
        for (int copy = 2; categories.contains(name); ++copy)
            name = QStringLiteral("%1 (%2)").arg(rowLabel(run)).arg(copy);
        categories.append(name);
        const StepTime &t = run.stepMs;
        const bool split = brokenDown(run);
        parts[0].append(t.routing);
        parts[1].append(t.experts);
        parts[2].append(t.rest);
        parts[3].append(t.optimizer);
        parts[4].append(split ? std::max(0.0, t.total - t.parts()) : t.total);
        longest = std::max(longest, t.total);
    }
    m_runs->setCategories(categories);
    QBarSet *sets[5] = {m_routing, m_experts, m_rest, m_optimizer, m_other};
    for (int s = 0; s < 5; ++s) {
        sets[s]->remove(0, sets[s]->count());
        sets[s]->append(parts[s]);
    }
    setAxisRange(m_ms, 0.0, longest > 0.0 ? longest * 1.08 : 1.0);
    m_ms->applyNiceNumbers();
    m_pages->setCurrentIndex(m_rows.isEmpty() ? 0 : 1);
}

QString StepTimeChart::csv() const
{
    QString out = QStringLiteral("run,source,kind,experts,top_k,flops_per_sample,total_params,"
                                 "routing_ms,experts_ms,rest_ms,optimizer_ms,other_ms,total_ms\n");
    const auto ms = [](bool known, double value) { return known ? csvNumber(value) : QString(); };
    for (const SweepRun &r : m_rows) {
        const bool split = brokenDown(r);
        const StepTime &t = r.stepMs;
        out += QStringList {csvCell(r.label),
                            r.fromSweep ? QStringLiteral("sweep") : QStringLiteral("yours"),
                            r.isMoe() ? QStringLiteral("moe") : QStringLiteral("dense"),
                            r.isMoe() ? QString::number(r.config.moe.experts) : QString(),
                            r.isMoe() ? QString::number(r.config.moe.effectiveTopK()) : QString(),
                            csvNumber(r.flops),
                            QString::number(r.totalParams),
                            ms(split, t.routing),
                            ms(split, t.experts),
                            ms(split, t.rest),
                            ms(split, t.optimizer),
                            ms(split, std::max(0.0, t.total - t.parts())),
                            csvNumber(t.total)}
                   .join(QLatin1Char(','))
            + QLatin1Char('\n');
    }
    return out;
}

void StepTimeChart::showTip(bool state, int index)
{
    const qsizetype row = m_rows.size() - 1 - index; // the axis counts from the bottom
    if (!state || row < 0 || row >= m_rows.size()) {
        m_tip->show({});
        return;
    }
    const SweepRun &r = m_rows[row];
    const StepTime &t = r.stepMs;
    const QString parts = brokenDown(r) ? tr("routing %1, experts %2, rest %3, optimiser %4 ms")
                                              .arg(t.routing, 0, 'f', 3)
                                              .arg(t.experts, 0, 'f', 3)
                                              .arg(t.rest, 0, 'f', 3)
                                              .arg(t.optimizer, 0, 'f', 3)
                                        : tr("not broken down");
    const QString text
        = tr("%1 (%2)\n%3 FLOPs/sample · %4 parameters\n%5 ms per step over %6 steps: %7")
              .arg(r.label, r.fromSweep ? tr("sweep") : tr("your run"), grouped(r.flops),
                   grouped(double(r.totalParams)))
              .arg(t.total, 0, 'f', 3)
              .arg(r.steps)
              .arg(parts);
    m_tip->show(text);
}

QString StepTimeChart::hoverText() const
{
    return m_tip->text();
}

StepTimeChart::~StepTimeChart() = default;

} // namespace moe::ui
