#pragma once

// A colour bar that says what a map's colours mean in numbers: a gradient from `low` to `high`
// with the values at its ends (and at 0 when the scale crosses it) and a caption. The regression
// maps use the diverging scale of the target; each per-expert map its gate weight, 0 to 1.

#include <QColor>
#include <QPainter>
#include <QString>
#include <QVector>
#include <functional>

namespace moe::ui {

struct ColourScale
{
    double low = 0.0, high = 1.0;
    std::function<QColor(double)> colourAt; // value -> colour; empty: no scale
    QString caption;                        // "target", "gate weight"

    bool isValid() const { return bool(colourAt) && high > low; }
    // The scale's value labels ("-1.2", "0", "1.2"), as drawn.
    QStringList labels() const;
};

// Height the bar needs: the gradient and, when `withText`, a line of labels under it.
int colourScaleHeight(const QFontMetrics &metrics, bool withText);
// Draws the bar into `rect` (its full width); labels only when there is room for them.
void drawColourScale(QPainter &painter, const QRectF &rect, const ColourScale &scale,
                     const QColor &text);

} // namespace moe::ui
