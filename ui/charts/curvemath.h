#pragma once

// What the loss and accuracy charts compute from a curve of (step, value) points before drawing
// it: TensorBoard's debiased exponential moving average, the points a log step axis can show,
// spikes that would stretch the loss axis, and a model that overfits. Plain functions of the
// points, so that tests check them on known numbers.

#include <QPointF>
#include <QVector>
#include <initializer_list>
#include <optional>

namespace moe::ui {

// The exponential moving average TensorBoard draws, debiased at the start: with weight w in
// [0, 1), s_n = w s_{n-1} + (1 - w) y_n from s_0 = 0, shown as s_n / (1 - w^n) so that the first
// points are not pulled towards 0. w = 0 gives the raw values. Points, not steps, are averaged
// (evaluations are denser at the start and after thinning; TensorBoard does the same).
QVector<QPointF> smoothedCurve(const QVector<QPointF> &curve, double weight);

// The points with a step > 0: what a log step axis can place (the evaluation before the first
// step is left out).
QVector<QPointF> positiveSteps(const QVector<QPointF> &curve);

// A spike is a point more than kSpikeFactor times the median of the kSpikeWindow points before it
// and of those after it (each side its own median, the higher one counts; the last point has no
// after). A curve's first point is never one: a falling start is learning, not a spike.
inline constexpr double kSpikeFactor = 2.0;
inline constexpr int kSpikeWindow = 4;
QVector<bool> spikes(const QVector<QPointF> &curve);

// The loss axis: its top is the highest point of the curves that is not a spike, so that a
// single blow-up to 6 does not flatten a curve near 0.3. Spikes above it are drawn clipped and
// listed here with their true values.
struct LossScale
{
    double top = 0.0;
    QVector<QPointF> clipped; // (step, true loss) of every spike above `top`
};
LossScale lossScale(std::initializer_list<const QVector<QPointF> *> curves);

// Overfitting as the curves show it: the test loss has risen by more than kOverfitRise from its
// lowest point while the train loss went on falling since then. Each end is the median of
// kOverfitSpan evaluations (around the lowest point, and the last ones, all after it), so that
// neither a spike nor a noisy plateau counts as a rise. Train and test are evaluated together, so
// their points pair up by index.
inline constexpr double kOverfitRise = 0.10;
inline constexpr int kOverfitSpan = 5;
struct Overfitting
{
    double bestStep = 0.0;    // where the test loss was lowest
    double bestTest = 0.0;    // the test loss there (median of kOverfitSpan)
    double testNow = 0.0;     // the test loss now (median of the last kOverfitSpan)
    double trainAtBest = 0.0; // the train loss around bestStep (median of kOverfitSpan)
    double trainNow = 0.0;    // the train loss now (median of the last kOverfitSpan)
};
// `minRise`: the smallest rise that counts, in loss units (the panel asks for a rise visible on
// its axis, so that 0.010 -> 0.013 on a solved problem is not called overfitting).
std::optional<Overfitting> overfitting(const QVector<QPointF> &train, const QVector<QPointF> &test,
                                       double minRise = 0.0);

} // namespace moe::ui
