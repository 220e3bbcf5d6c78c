#include "ui/charts/curvespanel.h"

#include "ui/charts/axisticks.h"
#include "ui/charts/curvemath.h"
#include "ui/export/chartexport.h"
#include "ui/style/numberformat.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QSlider>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace moe::ui {

namespace {
const QColor kDense(0x0072B2), kMoe(0xD55E00), kAux(0x009E73);
constexpr int kFaintAlpha = 70; // the raw curve behind a smoothed one
// On a linear step axis the evaluations in its first 2% (a few pixels: the untrained loss, often
// many times what follows) do not set the loss axis; a log axis gives them room, so there they do.
constexpr double kStartShare = 0.02;
// A rise of the test loss is called overfitting only when it shows: 3% of the loss axis at least.
constexpr double kVisibleRise = 0.03;

// The chart title names both quantities; no axis titles, so that the plot keeps its room.
QChart *makeChart(const QString &title, QValueAxis *&x, QLogValueAxis *&logX, QValueAxis *&y)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->legend()->setAlignment(Qt::AlignRight);
    chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries); // solid / dashed / dotted
    x = new QValueAxis;
    x->setLabelFormat(QStringLiteral("%.0f"));
    logX = new QLogValueAxis; // swapped in for x by the log step toggle
    logX->setBase(10.0);
    logX->setLabelFormat(QStringLiteral("%g"));
    logX->setMinorTickCount(-1); // 2 ... 9 in each decade, as on log paper
    for (QAbstractAxis *axis :
         {static_cast<QAbstractAxis *>(x), static_cast<QAbstractAxis *>(logX)}) {
        axis->setTitleText(QObject::tr("training step"));
        axis->setTitleVisible(
            false); // the chart titles say "by training step": height for the plot
    }
    y = new QValueAxis;
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    keepTicksLegible(chart); // fewer ticks as the plot gets small (presentation mode), never "..."
    return chart;
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

QString number(double value)
{
    return QString::number(value, 'g', 3);
}
} // namespace

CurvesPanel::CurvesPanel(QWidget *parent)
    : QWidget(parent)
{
    m_loss = makeChart(tr("Loss by training step"), m_lossX, m_lossLogX, m_lossY);
    m_accuracy = makeChart(tr("Accuracy by training step"), m_accX, m_accLogX, m_accY);
    m_lossLogX->setParent(this); // not in a chart until the log axis is chosen
    m_accLogX->setParent(this);
    const auto pair = [this](QChart *chart, QVector<QPointF> ModelSnapshot::*test,
                             QVector<QPointF> ModelSnapshot::*train) {
        addCurve(chart, tr("dense test"), kDense, Qt::SolidLine, &ArenaSnapshot::dense, test);
        addCurve(chart, tr("dense train"), kDense, Qt::DashLine, &ArenaSnapshot::dense, train);
        addCurve(chart, tr("MoE test"), kMoe, Qt::SolidLine, &ArenaSnapshot::moe, test);
        addCurve(chart, tr("MoE train"), kMoe, Qt::DashLine, &ArenaSnapshot::moe, train);
    };
    pair(m_loss, &ModelSnapshot::testLoss, &ModelSnapshot::trainLoss);
    addCurve(m_loss, tr("MoE balance + z"), kAux, Qt::DotLine, &ArenaSnapshot::moe,
             &ModelSnapshot::auxLoss);
    pair(m_accuracy, &ModelSnapshot::testAccuracy, &ModelSnapshot::trainAccuracy);
    m_clipped = new QScatterSeries;
    m_clipped->setName(tr("spike above the axis"));
    m_clipped->setMarkerShape(QScatterSeries::MarkerShapeTriangle);
    m_clipped->setMarkerSize(9.0);
    m_clipped->setColor(QColor(0x55, 0x55, 0x55));
    m_clipped->setBorderColor(Qt::transparent);
    m_loss->addSeries(m_clipped);
    for (QChart *chart : {m_loss, m_accuracy})
        for (QAbstractSeries *s : chart->series())
            for (QAbstractAxis *axis : chart->axes())
                s->attachAxis(axis);
    for (const Curve &c : m_curves) // the raw curve behind a smoothed one needs no key
        for (QLegendMarker *marker : c.chart->legend()->markers(c.faint))
            marker->setVisible(false);
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
    m_viewControls = makeViewControls();
    auto *top = new QHBoxLayout; // the key, and the log step toggle at its right end
    top->setContentsMargins(6, 2, 6, 0);
    top->addWidget(key, 1);
    top->addWidget(m_logBox);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(top);
    // Stacked, each chart the panel's full width; side by side when the panel is too low for two
    // legible plots (presentation mode at 1280x720 left each a 30 px strip): see resizeEvent.
    m_chartsLayout = new QBoxLayout(QBoxLayout::TopToBottom);
    m_chartsLayout->setSpacing(0);
    layout->addLayout(m_chartsLayout, 1);
    for (QChart *chart : {m_loss, m_accuracy}) {
        auto *view = new QChartView(chart);
        view->setRenderHint(QPainter::Antialiasing,
                            false); // thousands of curve points, 30 times a second
        m_chartsLayout->addWidget(view, 1);
        if (chart == m_loss)
            m_lossView = view;
    }
    setToolTip(tr("Solid: test set; dashed: training set. Evaluated at steps 1, 2, 5, 10, 20, then "
                  "every 50 steps (about five times a second at a chosen speed). The MoE's balance "
                  "and z-losses are drawn apart from its task loss. Spikes above the loss axis are "
                  "marked with a triangle at its top."));
}

int CurvesPanel::legibleChartHeight() const
{
    // A chart's title, its step labels, margins and a plot at least four label lines high.
    const QFontMetrics title(m_loss->titleFont());
    const QFontMetrics labels(m_lossY->labelsFont());
    return title.height() * 2 + labels.height() * 9;
}

void CurvesPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    arrangeCharts();
}

void CurvesPanel::arrangeCharts()
{
    // The direction follows the panel's own height and fonts only (presentation mode scales the
    // fonts without a resize), so it cannot flip back and forth.
    const int forCharts = height() - m_logBox->sizeHint().height() - 4;
    const auto direction
        = forCharts < 2 * legibleChartHeight() ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom;
    if (m_chartsLayout->direction() != direction)
        m_chartsLayout->setDirection(direction);
}

CurvesPanel::~CurvesPanel()
{
    if (!m_viewControls->parent()) // never placed
        delete m_viewControls;
    // The step axis not in use belongs to this panel (the one in use, to its chart).
    for (QChart *chart : {m_loss, m_accuracy})
        for (QAbstractAxis *axis : chart->axes(Qt::Horizontal))
            axis->setParent(chart);
}

void CurvesPanel::addCurve(QChart *chart, const QString &name, const QColor &color,
                           Qt::PenStyle style, ModelSnapshot ArenaSnapshot::*model,
                           QVector<QPointF> ModelSnapshot::*values)
{
    const double width = style == Qt::SolidLine ? 2.5 : 1.8;
    auto *faint = new QLineSeries; // first, so that it is drawn behind
    faint->setName(name + tr(" (raw)"));
    QColor light = color;
    light.setAlpha(kFaintAlpha);
    faint->setPen(QPen(light, 1.2, style));
    faint->setVisible(false);
    chart->addSeries(faint);
    auto *line = new QLineSeries;
    line->setName(name);
    line->setPen(QPen(color, width, style));
    chart->addSeries(line);
    m_curves.push_back(Curve {chart, line, faint, model, values, {}});
}

QWidget *CurvesPanel::makeViewControls()
{
    auto *box = new QWidget;
    auto *row = new QHBoxLayout(box);
    row->setContentsMargins(2, 0, 2, 0);
    row->setSpacing(2);
    m_smoothingSlider = new QSlider(Qt::Horizontal);
    m_smoothingSlider->setObjectName(QStringLiteral("smoothing"));
    m_smoothingSlider->setRange(0, int(std::lround(kMostSmoothing * 100)));
    m_smoothingSlider->setFixedWidth(48);
    const QString smoothingTip
        = tr("Smoothing of the loss and accuracy curves: a moving average as in TensorBoard, "
             "debiased at the start (0 = raw values). The smoothed line is bold, the raw one "
             "faint behind it.");
    m_smoothingSlider->setToolTip(smoothingTip);
    m_smoothingValue = new QLabel;
    m_smoothingValue->setToolTip(smoothingTip);
    m_smoothingValue->setFixedWidth(
        QFontMetrics(m_smoothingValue->font()).horizontalAdvance(QStringLiteral("0.00")) + 2);
    m_logBox = new QCheckBox(tr("log steps"));
    m_logBox->setObjectName(QStringLiteral("logSteps"));
    m_logBox->setToolTip(tr("A logarithmic step axis: the first steps, where most of the learning "
                            "happens, get as much room as the thousands after them."));
    auto *label = new QLabel(tr("smoothing"));
    label->setToolTip(smoothingTip);
    row->addWidget(label);
    row->addWidget(m_smoothingSlider);
    row->addWidget(m_smoothingValue);
    m_smoothingValue->setText(QString::number(m_smoothing, 'f', 2));
    connect(m_smoothingSlider, &QSlider::valueChanged, this,
            [this](int value) { setSmoothing(value / 100.0); });
    connect(m_logBox, &QCheckBox::toggled, this, &CurvesPanel::setLogSteps);
    return box;
}

void CurvesPanel::setSmoothing(double weight)
{
    weight = std::clamp(weight, 0.0, kMostSmoothing);
    if (weight == m_smoothing)
        return;
    m_smoothing = weight;
    {
        const QSignalBlocker block(m_smoothingSlider);
        m_smoothingSlider->setValue(int(std::lround(weight * 100)));
    }
    m_smoothingValue->setText(QString::number(weight, 'f', 2));
    redraw();
    emit viewChanged();
}

void CurvesPanel::setLogSteps(bool on)
{
    if (on == m_logSteps)
        return;
    m_logSteps = on;
    {
        const QSignalBlocker block(m_logBox);
        m_logBox->setChecked(on);
    }
    for (auto [chart, linear, log] :
         {std::tuple<QChart *, QAbstractAxis *, QAbstractAxis *> {m_loss, m_lossX, m_lossLogX},
          {m_accuracy, m_accX, m_accLogX}}) {
        QAbstractAxis *from = on ? linear : log, *to = on ? log : linear;
        chart->removeAxis(from); // detaches every series
        from->setParent(this);
        chart->addAxis(to, Qt::AlignBottom);
        to->setParent(chart);
        for (QAbstractSeries *s : chart->series())
            s->attachAxis(to);
    }
    setExportLook(false);
    redraw();
    emit viewChanged();
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
    for (QLegendMarker *marker : m_loss->legend()->markers(m_clipped))
        marker->setVisible(m_clipped->count() > 0);
}

void CurvesPanel::showSnapshot(const ArenaSnapshot &s)
{
    arrangeCharts();
    for (Curve &c : m_curves)
        c.data = (s.*(c.model)).*(c.values);
    m_step = s.step;
    m_accuracy->setVisible(!s.moe.testAccuracy.isEmpty() || !s.moe.trainAccuracy.isEmpty());
    redraw();
}

QVector<QPointF> CurvesPanel::shown(const Curve &curve) const
{
    return m_logSteps ? positiveSteps(curve.data) : curve.data;
}

void CurvesPanel::redraw()
{
    const bool smooth = m_smoothing > 0.0;
    std::vector<QVector<QPointF>> losses; // the task-loss curves as shown, for the loss axis
    for (Curve &c : m_curves) {
        const QVector<QPointF> raw = shown(c);
        c.line->replace(smooth ? smoothedCurve(raw, m_smoothing) : raw);
        if (smooth)
            c.faint->replace(raw);
        else if (c.faint->count() > 0)
            c.faint->clear();
        if (c.faint->isVisible() != smooth) {
            c.faint->setVisible(smooth);
            for (QLegendMarker *marker : c.chart->legend()->markers(c.faint))
                marker->setVisible(false);
        }
        if (c.chart == m_loss && c.values != &ModelSnapshot::auxLoss)
            losses.push_back(raw);
    }
    // Round step numbers on the ticks, and a range that changes only now and then: every change
    // lays out the axis labels again.
    const auto [lastTick, ticks] = niceCeiling(std::max(m_logSteps ? 10.0 : 50.0, double(m_step)));
    if (!m_logSteps) // the untrained start, in the first 2% of a linear axis, runs off the top
        for (QVector<QPointF> &curve : losses) {
            QVector<QPointF> later;
            for (const QPointF &p : curve)
                if (p.x() >= kStartShare * lastTick)
                    later.append(p);
            if (!later.isEmpty())
                curve = later;
        }
    for (QValueAxis *x : {m_lossX, m_accX}) {
        setAxisRange(x, 0, lastTick);
        x->setTickCount(ticks);
    }
    for (QLogValueAxis *x : {m_lossLogX, m_accLogX})
        x->setRange(1, lastTick); // never 0 or below: a log axis cannot place them
    const LossScale scale = lossScale({&losses[0], &losses[1], &losses[2], &losses[3]});
    // Two or three intervals: the loss chart is short at 1280x720, and more labels would not fit.
    const auto [lossTop, lossTicks] = niceCeiling(std::max(0.05, scale.top * 1.05), 3);
    setAxisRange(m_lossY, 0, lossTop);
    m_lossY->setTickCount(lossTicks);
    QVector<QPointF> clipped, marks;
    for (const QPointF &p : scale.clipped)
        if (p.y() > lossTop) {
            clipped.append(p);
            marks.append(QPointF(p.x(), lossTop)); // at the top edge, where the line leaves
        }
    m_clipped->replace(marks);
    updateNote(clipped, kVisibleRise * lossTop);
}

void CurvesPanel::updateNote(const QVector<QPointF> &clipped, double minRise)
{
    // Short in the title (it has one line), with the numbers in the chart's tooltip.
    QStringList title, detail, models;
    for (std::size_t i = 0; i + 1 < 4; i += 2) { // (test, train) of dense, then of the MoE
        const Curve &test = m_curves[i], &train = m_curves[i + 1];
        if (const auto o = overfitting(shown(train), shown(test), minRise)) {
            const QString model = i == 0 ? tr("dense") : tr("MoE");
            models << model;
            detail << tr("%1: test loss %2 at step %3, %4 now; train loss %5 then, %6 now")
                          .arg(model, number(o->bestTest), grouped(o->bestStep), number(o->testNow),
                               number(o->trainAtBest), number(o->trainNow));
        }
    }
    if (!models.isEmpty())
        title << tr("test loss rising while train loss falls: overfitting (%1)")
                     .arg(models.join(QStringLiteral(", ")));
    if (!clipped.isEmpty()) {
        double highest = 0.0;
        for (const QPointF &p : clipped)
            highest = std::max(highest, p.y());
        title << (clipped.size() == 1 ? tr("▲ a spike above the axis, at %1").arg(number(highest))
                                      : tr("▲ %1 spikes above the axis, up to %2")
                                            .arg(clipped.size())
                                            .arg(number(highest)));
    }
    const QString note = title.join(QStringLiteral(" · "));
    m_note = note;
    if (!detail.isEmpty())
        m_note += QStringLiteral(" (") + detail.join(QStringLiteral("; ")) + QLatin1Char(')');
    const QString chartTitle
        = note.isEmpty() ? tr("Loss by training step") : tr("Loss · %1").arg(note.toHtmlEscaped());
    if (chartTitle != m_loss->title()) // the title is laid out again only when it changes
        m_loss->setTitle(chartTitle);
    m_lossView->setToolTip(m_note.isEmpty() ? toolTip() : m_note);
}

QString CurvesPanel::csv(const QChart *chart) const
{
    const QString quantity = chart == m_loss ? tr("loss") : tr("accuracy");
    QString out = QStringLiteral("series,training step,%1").arg(quantity);
    if (m_smoothing > 0.0)
        out += QStringLiteral(",smoothed %1 (EMA %2)").arg(quantity, QString::number(m_smoothing));
    out += QLatin1Char('\n');
    for (const Curve &c : m_curves) {
        if (c.chart != chart)
            continue;
        const QVector<QPointF> raw = shown(c);
        const QVector<QPointF> smooth = smoothedCurve(raw, m_smoothing);
        const QString name = csvCell(c.line->name());
        for (qsizetype i = 0; i < raw.size(); ++i) {
            out += name + QLatin1Char(',') + csvNumber(raw[i].x()) + QLatin1Char(',')
                + csvNumber(raw[i].y());
            if (m_smoothing > 0.0)
                out += QLatin1Char(',') + csvNumber(smooth[i].y());
            out += QLatin1Char('\n');
        }
    }
    return out;
}

} // namespace moe::ui
