#include "ui/charts/axisticks.h"

#include <QCategoryAxis>
#include <QChart>
#include <QFontMetricsF>
#include <QGraphicsLayout>
#include <QLegend>
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
    const auto fit = [chart] {
        const QRectF plot = chart->plotArea();
        for (QAbstractAxis *a : chart->axes()) {
            auto *axis = qobject_cast<QValueAxis *>(a);
            if (!axis || qobject_cast<QCategoryAxis *>(a) || !axis->isVisible())
                continue;
            fitTicks(axis, axis->orientation() == Qt::Vertical ? plot.height() : plot.width());
        }
    };
    QObject::connect(chart, &QChart::plotAreaChanged, chart, fit);
    for (QAbstractAxis *a : chart->axes())
        if (auto *axis = qobject_cast<QValueAxis *>(a)) {
            QObject::connect(axis, &QValueAxis::rangeChanged, chart, fit);
            QObject::connect(axis, &QAbstractAxis::labelsFontChanged, chart, fit);
        }
    fit();
}

} // namespace moe::ui
