#include "ui/charts/axisticks.h"

#include <QCategoryAxis>
#include <QChart>
#include <QFontMetricsF>
#include <QGraphicsLayout>
#include <QLegend>
#include <QLogValueAxis>
#include <QTextDocument>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace moe::ui {

double niceStep(double span, int intervals)
{
    if (!(span > 0.0) || !std::isfinite(span))
        return 1.0;
    const double raw = span / std::max(1, intervals);
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * power >= raw * (1.0 - 1e-9))
            return m * power;
    return 10.0 * power;
}

double niceTop(double x)
{
    if (!(x > 0.0) || !std::isfinite(x))
        return 1.0;
    const double step = niceStep(x, 5);
    return std::ceil(x / step - 1e-9) * step;
}

int roomForIntervals(double length, Qt::Orientation orientation, const QFont &font,
                     const QString &widestLabel)
{
    const QFontMetricsF metrics(font);
    // Qt Charts gives each label (length / ticks) less two paddings of a few pixels; a gap of
    // half a line keeps neighbours apart.
    const double perTick = orientation == Qt::Vertical
        ? 1.6 * metrics.height() + 4.0
        : metrics.horizontalAdvance(widestLabel) + metrics.height() + 4.0;
    return std::clamp(int(std::floor(length / perTick)), 1, 10);
}

namespace {
int decimalsFor(double step)
{
    return std::clamp(int(std::ceil(-std::log10(step) - 1e-9)), 0, 6);
}

QString label(double value, int decimals)
{
    return QString::number(value, 'f', decimals);
}
} // namespace

void fitTicks(QValueAxis *axis, double length)
{
    if (!axis || length <= 0.0 || !(axis->max() > axis->min()))
        return;
    const double span = axis->max() - axis->min();
    // The widest label decides a horizontal axis's room; it depends on the step, so fit twice.
    int intervals = 10;
    double step = niceStep(span, intervals);
    for (int pass = 0; pass < 2; ++pass) {
        const int decimals = decimalsFor(step);
        const QString widest
            = label(axis->min(), decimals).size() > label(axis->max(), decimals).size()
            ? label(axis->min(), decimals)
            : label(axis->max(), decimals);
        intervals = roomForIntervals(length, axis->orientation(), axis->labelsFont(), widest);
        step = niceStep(span, intervals);
    }
    const QString format = QStringLiteral("%.%1f").arg(decimalsFor(step));
    if (axis->labelFormat() != format)
        axis->setLabelFormat(format);
    if (axis->tickType() != QValueAxis::TicksDynamic)
        axis->setTickType(QValueAxis::TicksDynamic);
    if (axis->tickAnchor() != 0.0)
        axis->setTickAnchor(0.0); // ticks at multiples of the step: 0, 20, 40, never 33333
    if (axis->tickInterval() != step)
        axis->setTickInterval(step);
}

void setAxisRange(QValueAxis *axis, double min, double max)
{
    if (!std::isfinite(min) || !std::isfinite(max) || !(max > min) || !std::isfinite(max - min))
        return;
    const double interval = axis->tickInterval();
    const double oldSpan = axis->max() - axis->min();
    // The number of intervals fitTicks chose for the old span (2 to 20): kept on the new one.
    const int intervals = std::clamp(
        interval > 0.0 && oldSpan > 0.0 ? int(std::lround(oldSpan / interval)) : 5, 2, 20);
    const bool refit = axis->tickType() == QValueAxis::TicksDynamic
        && (!(interval > 0.0) || (max - min) / interval > 2.0 * intervals
            || (max - min) / interval < 0.5 * intervals);
    // Never a moment with many ticks: a wider range gets its coarser interval first, a narrower
    // one its finer interval after.
    const bool wider = max - min > oldSpan;
    if (refit && wider)
        axis->setTickInterval(niceStep(max - min, intervals));
    axis->setRange(min, max);
    if (refit && !wider)
        axis->setTickInterval(niceStep(max - min, intervals));
}

void fitLogTicks(QLogValueAxis *axis, double length)
{
    if (!axis || length <= 0.0 || !(axis->min() > 0.0) || !(axis->max() > axis->min()))
        return;
    // Ticks sit at the powers of the base inside the range: one per power of the chart's own
    // base (10, or 2 for FLOPs). Where they are too many for their labels, every 2nd or 3rd
    // power (base 100, 1000; 4, 8).
    if (!axis->property("ownBase").isValid())
        axis->setProperty("ownBase", axis->base());
    const double own = axis->property("ownBase").toDouble();
    const double low = std::ceil(std::log(axis->min()) / std::log(own) - 1e-9);
    const double high = std::floor(std::log(axis->max()) / std::log(own) + 1e-9);
    const int powers = std::max(1, int(high - low));
    const double top = std::pow(own, high);
    const QString widest = QString::number(top, 'f', top < 1.0 ? 3 : 0);
    const int room = roomForIntervals(length, axis->orientation(), axis->labelsFont(), widest);
    int every = 1;
    while (powers > every * room && every < 6)
        ++every;
    const double base = std::pow(own, every);
    if (axis->base() != base)
        axis->setBase(base);
}

void fitTitle(QAbstractAxis *axis, double length)
{
    // A title longer than its axis loses its closing aside first ("active FLOPs per sample
    // (compute)", "experts E (log scale)"); the full title comes back when there is room (an
    // export, a larger window). A title that still does not fit is left out until it does.
    // The chart's own title for the axis, unless the title shown is the one fitted last time.
    QString full = axis->titleText();
    if (axis->titleText() == axis->property("fittedTitle").toString())
        full = axis->property("fullTitle").toString();
    QString title = full;
    const QFontMetricsF metrics(axis->titleFont());
    const qsizetype aside = title.lastIndexOf(QStringLiteral(" ("));
    if (metrics.horizontalAdvance(title) > length && aside > 0 && title.endsWith(QLatin1Char(')')))
        title.truncate(aside);
    if (metrics.horizontalAdvance(title) > length)
        title.clear(); // no title rather than "rout..."; the tooltip and exports keep it
    axis->setProperty("fullTitle", full);
    axis->setProperty("fittedTitle", title);
    if (axis->titleText() != title)
        axis->setTitleText(title);
}

void fitChartTitle(QChart *chart)
{
    // Low (presentation mode at 1280x720: a chart under a tab bar and a row of buttons that name
    // it), the title goes when the plot under it would be under five lines of tick labels high,
    // so that the plot keeps the room its labels need: Qt Charts cuts every label of an axis it
    // cannot fit, and the title itself, to "...". It comes back once the plot would be tall enough
    // with it; a title the chart sets meanwhile is kept for then.
    const QList<QAbstractAxis *> axes = chart->axes();
    const QFontMetricsF labels(axes.isEmpty() ? chart->titleFont() : axes.first()->labelsFont());
    const bool shown = !chart->title().isEmpty();
    const QString title = shown ? chart->title() : chart->property("hiddenTitle").toString();
    if (title.isEmpty() || chart->size().height() <= 0)
        return;
    QTextDocument text; // the title's height as Qt Charts lays it out (plain or rich text)
    text.setDefaultFont(chart->titleFont());
    if (Qt::mightBeRichText(title))
        text.setHtml(title);
    else
        text.setPlainText(title);
    const double plotWithTitle = chart->plotArea().height() - (shown ? 0.0 : text.size().height());
    // Qt Charts also cuts a title taller than about a quarter of the chart to its first line.
    const bool low = plotWithTitle < 5.0 * labels.height()
        || text.size().height() > chart->size().height() / 4.0;
    if (low && shown) {
        chart->setProperty("hiddenTitle", title);
        chart->setTitle(QString());
    } else if (!low && !shown) {
        chart->setProperty("hiddenTitle", QString());
        chart->setTitle(title);
    }
}

void relayoutLegend(QChart *chart)
{
    for (QGraphicsLayout *layout : {chart->legend()->layout(), chart->layout()})
        if (layout) {
            layout->invalidate();
            layout->activate();
        }
}

void keepTicksLegible(QChart *chart)
{
    if (chart->property("ticksKept").toBool())
        return; // once per chart: its connections are made
    chart->setProperty("ticksKept", true);
    const auto fit = [chart] {
        if (chart->property("dropTitleWhenLow").toBool())
            fitChartTitle(chart);
        const QRectF plot = chart->plotArea();
        for (QAbstractAxis *a : chart->axes()) {
            if (!a->isVisible())
                continue;
            const double length = a->orientation() == Qt::Vertical ? plot.height() : plot.width();
            // A title left out (the first fit comes before the chart's layout, on an empty plot)
            // is fitted again, so that it comes back once there is room.
            if (!a->titleText().isEmpty() || !a->property("fullTitle").toString().isEmpty())
                fitTitle(a, length);
            if (auto *log = qobject_cast<QLogValueAxis *>(a))
                fitLogTicks(log, length);
            else if (auto *axis = qobject_cast<QValueAxis *>(a);
                     axis && !qobject_cast<QCategoryAxis *>(a))
                fitTicks(axis, length);
        }
    };
    QObject::connect(chart, &QChart::plotAreaChanged, chart, fit);
    for (QAbstractAxis *a : chart->axes()) {
        QObject::connect(a, &QAbstractAxis::labelsFontChanged, chart, fit);
        if (auto *axis = qobject_cast<QValueAxis *>(a))
            QObject::connect(axis, &QValueAxis::rangeChanged, chart, fit);
        if (auto *log = qobject_cast<QLogValueAxis *>(a))
            QObject::connect(log, &QLogValueAxis::rangeChanged, chart, fit);
    }
    fit();
}

} // namespace moe::ui
