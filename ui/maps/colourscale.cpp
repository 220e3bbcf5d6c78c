#include "ui/maps/colourscale.h"

#include <QLinearGradient>
#include <cmath>

namespace moe::ui {

namespace {
QString valueText(double v)
{
    if (std::abs(v) < 1e-12)
        return QStringLiteral("0");
    return QString::number(v, 'g', 2);
}
} // namespace

QStringList ColourScale::labels() const
{
    QStringList out {valueText(low)};
    if (low < 0.0 && high > 0.0)
        out.append(valueText(0.0));
    out.append(valueText(high));
    return out;
}

int colourScaleHeight(const QFontMetrics &metrics, bool withText)
{
    const int bar = std::max(5, metrics.height() / 2);
    return withText ? bar + metrics.height() + 2 : bar + 2;
}

void drawColourScale(QPainter &painter, const QRectF &rect, const ColourScale &scale,
                     const QColor &text)
{
    if (!scale.isValid() || rect.width() < 4)
        return;
    const QFontMetrics metrics(painter.font());
    const double barHeight = std::max(5, metrics.height() / 2);
    const QRectF bar(rect.left(), rect.top() + 1, rect.width(), barHeight);
    QLinearGradient gradient(bar.topLeft(), bar.topRight());
    constexpr int kStops = 16;
    for (int i = 0; i <= kStops; ++i) {
        const double t = double(i) / kStops;
        gradient.setColorAt(t, scale.colourAt(scale.low + t * (scale.high - scale.low)));
    }
    painter.save();
    painter.fillRect(bar, gradient);
    painter.setPen(QPen(QColor(0x555555), 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(bar);
    const QStringList labels = scale.labels();
    const QString &caption = scale.caption;
    const double textTop = bar.bottom() + 1;
    if (rect.bottom() - textTop >= metrics.height() - 1) {
        painter.setPen(text);
        const QRectF line(rect.left(), textTop, rect.width(), metrics.height());
        painter.drawText(line, Qt::AlignLeft | Qt::AlignVCenter, labels.front());
        painter.drawText(line, Qt::AlignRight | Qt::AlignVCenter, labels.back());
        // The middle: 0 where the scale crosses it, else the caption, when it fits between.
        const QString middle = labels.size() == 3 ? labels[1] : caption;
        const double room = rect.width() - 2.5 * metrics.horizontalAdvance(labels.back()) - 8;
        if (!middle.isEmpty() && metrics.horizontalAdvance(middle) < room) {
            const double zeroX = labels.size() == 3
                ? rect.left() + rect.width() * (-scale.low) / (scale.high - scale.low)
                : rect.center().x();
            const double w = metrics.horizontalAdvance(middle) + 4;
            painter.drawText(QRectF(zeroX - w / 2, textTop, w, metrics.height()), Qt::AlignCenter,
                             middle);
        }
    }
    painter.restore();
}

} // namespace moe::ui
