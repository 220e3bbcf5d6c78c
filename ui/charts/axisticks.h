#pragma once

// Tick labels that always fit. Qt Charts elides a value axis's labels to "..." when the space per
// tick is smaller than a label (presentation mode at 1280x720 did that to every chart). Here an
// axis gets as many ticks as its length allows and no more, at round values (1, 2 or 5 times a
// power of ten), again whenever the plot area or the range changes.

#include <QFont>

class QAbstractAxis;
class QChart;
class QLogValueAxis;
class QValueAxis;

namespace moe::ui {

// The smallest round step (1, 2 or 5 x 10^k) that cuts `span` into at most `intervals` pieces.
double niceStep(double span, int intervals);

// x rounded up to a multiple of niceStep(x, 5): an axis's top that changes only now and then.
double niceTop(double x);

// How many intervals an axis of `length` pixels has room for with labels in `font`: vertical
// axes need a label's height and a gap per tick, horizontal ones the widest label and a gap.
int roomForIntervals(double length, Qt::Orientation orientation, const QFont &font,
                     const QString &widestLabel);

// Keeps the ticks of every value and log axis of `chart` (a QCategoryAxis keeps its own labels)
// and every axis title legible: refitted when the plot area or an axis's range changes. Once per
// chart (a second call does nothing).
void keepTicksLegible(QChart *chart);

// Fits one axis now, for a plot `length` pixels long.
void fitTicks(QValueAxis *axis, double length);
// Every range a chart gives a value axis goes through here. A range that is not two finite
// numbers in order (a loss that overflowed, no data yet) keeps the axis as it was. On an axis
// fitTicks made dynamic, the tick interval is first fitted to the new span: Qt Charts creates one
// label item per interval at once, so a loss axis whose range jumps from 2 to 1e30 under an
// interval of 0.5 would create 2e30 of them and hang the window.
void setAxisRange(QValueAxis *axis, double min, double max);

// Fits one log axis now: a tick per power of its own base, or per 2nd, 3rd ... power where labels
// would collide.
void fitLogTicks(QLogValueAxis *axis, double length);

// An axis title longer than the axis drops its closing aside ("(compute)"), and is left out if it
// still does not fit; the whole title is back when it fits.
void fitTitle(QAbstractAxis *axis, double length);

// A low chart's title hidden (kept, and shown again once its plot is tall enough). For charts
// whose tab and buttons already name them (set the chart's property "dropTitleWhenLow" to true
// before keepTicksLegible): the others keep their titles, which say what they plot.
void fitChartTitle(QChart *chart);

// Lays the legend out again after markers were shown or hidden: Qt Charts 6.4 leaves a marker
// made visible where the layout last put it, on top of another (the runs chart's sweep entries
// stacked under "your MoE runs").
void relayoutLegend(QChart *chart);

} // namespace moe::ui
