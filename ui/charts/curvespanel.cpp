#include "ui/charts/curvespanel.h"

#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace moe::ui {

namespace {
const QColor kDense(0x0072B2), kMoe(0xD55E00), kAux(0x009E73);

QLineSeries *series(QChart *chart, const QString &name, const QColor &color, Qt::PenStyle style)
{
    auto *s = new QLineSeries;
    s->setName(name);
    s->setPen(QPen(color, style == Qt::SolidLine ? 2.5 : 1.8, style));
    chart->addSeries(s);
    return s;
}

// The chart title names both quantities; no axis titles, so that the plot keeps its room.
QChart *makeChart(const QString &title, QValueAxis *&x, QValueAxis *&y)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->legend()->setAlignment(Qt::AlignRight);
    chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries); // solid / dashed / dotted
    x = new QValueAxis;
    x->setTitleText(QObject::tr("training step"));
    x->setTitleVisible(false); // the chart titles say "by training step": height for the plot
    x->setLabelFormat(QStringLiteral("%.0f"));
    y = new QValueAxis;
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    return chart;
}

void attach(QChart *chart, QValueAxis *x, QValueAxis *y)
{
    for (QAbstractSeries *s : chart->series()) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
}

// An axis end >= x (x > 0) on a round tick interval (1, 2, 2.5 or 5 times a power of ten) with at
// most `most` intervals, and the tick count: step 5,471 gives 0 ... 6,000 in steps of 1,000.
std::pair<double, int> niceCeiling(double x, int most = 6)
{
    const double power = std::pow(10.0, std::floor(std::log10(x)) - 1.0);
    for (double scale : {1.0, 10.0, 100.0})
        for (double m : {1.0, 2.0, 2.5, 5.0}) {
            const double interval = m * scale * power;
            const double intervals = std::ceil(x / interval - 1e-9);
            if (intervals <= most)
                return {intervals * interval, int(intervals) + 1};
        }
    return {x, 2};
}

// The highest value after step 0: the untrained model's loss can be many times what follows, and
// would squash the rest of the curve to the floor (its first segment runs off the top instead).
double maxY(std::initializer_list<const QVector<QPointF> *> curves)
{
    double top = 0.0, atStart = 0.0;
    for (const auto *c : curves)
        for (const QPointF &p : *c)
            (p.x() > 0.0 ? top : atStart) = std::max(p.x() > 0.0 ? top : atStart, p.y());
    return top > 0.0 ? top : atStart;
}
} // namespace

CurvesPanel::CurvesPanel(QWidget *parent)
    : QWidget(parent)
{
    m_loss = makeChart(tr("Loss by training step"), m_lossX, m_lossY);
    m_denseTestLoss = series(m_loss, tr("dense test"), kDense, Qt::SolidLine);
    m_denseTrainLoss = series(m_loss, tr("dense train"), kDense, Qt::DashLine);
    m_moeTestLoss = series(m_loss, tr("MoE test"), kMoe, Qt::SolidLine);
    m_moeTrainLoss = series(m_loss, tr("MoE train"), kMoe, Qt::DashLine);
    m_aux = series(m_loss, tr("MoE balance + z"), kAux, Qt::DotLine);
    attach(m_loss, m_lossX, m_lossY);
    m_accuracy = makeChart(tr("Accuracy by training step"), m_accX, m_accY);
    m_denseTestAcc = series(m_accuracy, tr("dense test"), kDense, Qt::SolidLine);
    m_denseTrainAcc = series(m_accuracy, tr("dense train"), kDense, Qt::DashLine);
    m_moeTestAcc = series(m_accuracy, tr("MoE test"), kMoe, Qt::SolidLine);
    m_moeTrainAcc = series(m_accuracy, tr("MoE train"), kMoe, Qt::DashLine);
    attach(m_accuracy, m_accX, m_accY);
    m_accY->setRange(0, 1);
    m_lossY->setTitleText(tr("loss"));
    m_accY->setTitleText(tr("accuracy"));
    setExportLook(false);
    // One key above both charts instead of a legend beside each: the plots get the full width.
    const auto swatch = [](const QColor &c, const QString &glyph, const QString &text) {
        const QString colour = c.isValid() ? QStringLiteral("color:%1;").arg(c.name()) : QString();
        return QStringLiteral("<span style='%1font-weight:bold'>%2</span>&nbsp;%3")
            .arg(colour, glyph, text);
    };
    const QString space = QStringLiteral(" &nbsp; ");
    auto *key = new QLabel(swatch(kDense, QStringLiteral("━━"), tr("dense")) + space
                           + swatch(kMoe, QStringLiteral("━━"), tr("MoE")) + space
                           + swatch(kAux, QStringLiteral("┅┅"), tr("MoE balance + z-loss"))
                           + space
                           // line styles in the text colour, whatever the theme
                           + swatch(QColor(), QStringLiteral("━━"), tr("test")) + space
                           + swatch(QColor(), QStringLiteral("╍╍"), tr("train")));
    key->setTextFormat(Qt::RichText);
    key->setWordWrap(true);
    key->setContentsMargins(6, 2, 6, 0);
    auto *layout = new QVBoxLayout(this); // stacked: each chart gets the panel's full width
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(key);
    for (QChart *chart : {m_loss, m_accuracy}) {
        auto *view = new QChartView(chart);
        view->setRenderHint(QPainter::Antialiasing,
                            false); // thousands of curve points, 30 times a second
        layout->addWidget(view, 1);
    }
    setToolTip(
        tr("Solid: test set; dashed: training set. Evaluated every 50 steps. The MoE's balance "
           "and z-losses are drawn apart from its task loss."));
}

void CurvesPanel::setExportLook(bool exporting)
{
    // On screen one key above both charts replaces their legends and the titles say what the
    // axes are; a file stands alone, so it gets both back.
    for (QChart *chart : {m_loss, m_accuracy}) {
        chart->legend()->setVisible(exporting);
        for (QAbstractAxis *axis : chart->axes())
            axis->setTitleVisible(exporting);
    }
}

void CurvesPanel::showSnapshot(const ArenaSnapshot &s)
{
    m_denseTrainLoss->replace(s.dense.trainLoss);
    m_denseTestLoss->replace(s.dense.testLoss);
    m_moeTrainLoss->replace(s.moe.trainLoss);
    m_moeTestLoss->replace(s.moe.testLoss);
    m_aux->replace(s.moe.auxLoss);
    m_denseTrainAcc->replace(s.dense.trainAccuracy);
    m_denseTestAcc->replace(s.dense.testAccuracy);
    m_moeTrainAcc->replace(s.moe.trainAccuracy);
    m_moeTestAcc->replace(s.moe.testAccuracy);
    // Round step numbers on the ticks, and a range that changes only now and then: every change
    // lays out the axis labels again.
    const auto [lastTick, ticks] = niceCeiling(std::max<double>(50.0, double(s.step)));
    for (QValueAxis *x : {m_lossX, m_accX}) {
        x->setRange(0, lastTick);
        x->setTickCount(ticks);
    }
    const double top
        = maxY({&s.dense.trainLoss, &s.dense.testLoss, &s.moe.trainLoss, &s.moe.testLoss});
    // Two or three intervals: the loss chart is short at 1280x720, and more labels would not fit.
    const auto [lossTop, lossTicks] = niceCeiling(std::max(0.05, top * 1.05), 3);
    m_lossY->setRange(0, lossTop);
    m_lossY->setTickCount(lossTicks);
    m_accuracy->setVisible(!s.moe.testAccuracy.isEmpty() || !s.moe.trainAccuracy.isEmpty());
}

} // namespace moe::ui
