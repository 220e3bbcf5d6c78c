#include "ui/charts/curvemath.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace moe::ui {

namespace {
// The median of y over points [from, to) of `curve` (0 for none); at most 2 * kSpikeWindow + 1
// points (a spike's neighbours, an overfitting span), sorted on the stack: this runs for every
// point of every loss curve at each repaint.
double medianY(const QVector<QPointF> &curve, qsizetype from, qsizetype to)
{
    constexpr std::size_t kMost = 2 * std::size_t(std::max(kSpikeWindow, kOverfitSpan)) + 1;
    from = std::max<qsizetype>(0, from);
    to = std::min({curve.size(), to, from + qsizetype(kMost)});
    if (to <= from)
        return 0.0;
    std::array<double, kMost> y {};
    std::size_t n = 0;
    for (qsizetype i = from; i < to; ++i)
        y[n++] = curve[i].y();
    std::sort(y.begin(), y.begin() + std::ptrdiff_t(n));
    return n % 2 == 1 ? y[n / 2] : 0.5 * (y[n / 2 - 1] + y[n / 2]);
}
} // namespace

QVector<QPointF> smoothedCurve(const QVector<QPointF> &curve, double weight)
{
    if (weight <= 0.0)
        return curve;
    QVector<QPointF> out;
    out.reserve(curve.size());
    double last = 0.0;
    int count = 0;
    for (const QPointF &p : curve) {
        if (!std::isfinite(p.y())) { // kept as it is, outside the average (as TensorBoard does)
            out.append(p);
            continue;
        }
        last = weight * last + (1.0 - weight) * p.y();
        ++count;
        const double debias = 1.0 - std::pow(weight, count); // the weight s_n has gathered
        out.append(QPointF(p.x(), last / debias));
    }
    return out;
}

QVector<QPointF> positiveSteps(const QVector<QPointF> &curve)
{
    QVector<QPointF> out;
    out.reserve(curve.size());
    for (const QPointF &p : curve)
        if (p.x() > 0.0)
            out.append(p);
    return out;
}

QVector<bool> spikes(const QVector<QPointF> &curve)
{
    QVector<bool> out(curve.size(), false);
    for (qsizetype i = 1; i < curve.size(); ++i) {
        const double before = medianY(curve, i - kSpikeWindow, i);
        const double after
            = i + 1 < curve.size() ? medianY(curve, i + 1, i + 1 + kSpikeWindow) : before;
        const double level = std::max(before, after);
        out[i] = level > 0.0 && curve[i].y() > kSpikeFactor * level;
    }
    return out;
}

LossScale lossScale(std::initializer_list<const QVector<QPointF> *> curves)
{
    LossScale scale;
    std::vector<QPointF> spiky;
    for (const QVector<QPointF> *curve : curves) {
        const QVector<bool> isSpike = spikes(*curve);
        for (qsizetype i = 0; i < curve->size(); ++i) {
            if (isSpike[i])
                spiky.push_back(curve->at(i));
            else
                scale.top = std::max(scale.top, curve->at(i).y());
        }
    }
    for (const QPointF &p : spiky)
        if (p.y() > scale.top)
            scale.clipped.append(p);
    std::sort(scale.clipped.begin(), scale.clipped.end(),
              [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); });
    return scale;
}

std::optional<Overfitting> overfitting(const QVector<QPointF> &train, const QVector<QPointF> &test,
                                       double minRise)
{
    const qsizetype n = test.size();
    if (n < 2 * kOverfitSpan || train.size() != n)
        return std::nullopt;
    qsizetype best = 0;
    for (qsizetype i = 1; i < n; ++i)
        if (test[i].y() < test[best].y())
            best = i;
    if (n - 1 - best < kOverfitSpan) // the last kOverfitSpan evaluations all come after it
        return std::nullopt;
    const qsizetype half = kOverfitSpan / 2;
    Overfitting o;
    o.bestStep = test[best].x();
    o.bestTest = medianY(test, best - half, best + half + 1);
    o.testNow = medianY(test, n - kOverfitSpan, n);
    o.trainAtBest = medianY(train, best - half, best + half + 1);
    o.trainNow = medianY(train, n - kOverfitSpan, n);
    if (o.testNow > (1.0 + kOverfitRise) * o.bestTest && o.testNow - o.bestTest >= minRise
        && o.trainNow < o.trainAtBest)
        return o;
    return std::nullopt;
}

} // namespace moe::ui
