#include "ui/maps/expertlegend.h"

#include "ui/style/palette.h"

#include <QPainter>

namespace moe::ui {

ExpertLegend::ExpertLegend(QWidget *parent)
    : QWidget(parent)
{
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void ExpertLegend::setExperts(const std::vector<bool> &dead)
{
    if (dead == m_dead)
        return;
    const bool resized = dead.size() != m_dead.size();
    m_dead = dead;
    if (resized)
        updateGeometry(); // more or fewer cells: maybe more or fewer lines
    update();
}

QFont ExpertLegend::cellFont() const
{
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.85);
    f.setBold(true);
    return f;
}

QSize ExpertLegend::cellSize() const
{
    const QFontMetrics metrics(cellFont());
    // As wide as the widest number: "64" up to 64 experts (the same cells for every E up to
    // there), "256" beyond.
    return {metrics.horizontalAdvance(QString::number(std::max(experts(), 64))) + 8,
            metrics.height() + 2};
}

int ExpertLegend::rowsFor(int width) const
{
    const int perRow = std::max(1, width / (cellSize().width() + kGap));
    return (experts() + perRow - 1) / perRow;
}

int ExpertLegend::heightForWidth(int width) const
{
    if (m_dead.empty())
        return 0;
    // The cells, then one line for the note on dead experts.
    return rowsFor(width) * (cellSize().height() + kGap) + fontMetrics().lineSpacing() + 2;
}

QSize ExpertLegend::sizeHint() const
{
    const int width = (cellSize().width() + kGap) * std::min(10, std::max(1, experts()));
    return {width, heightForWidth(width)};
}

void ExpertLegend::paintEvent(QPaintEvent *)
{
    if (m_dead.empty())
        return;
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QSize cell = cellSize();
    const int perRow = std::max(1, width() / (cell.width() + kGap));
    painter.setFont(cellFont());
    for (int e = 0; e < experts(); ++e) {
        const QRectF box((e % perRow) * (cell.width() + kGap) + 0.5,
                         (e / perRow) * (cell.height() + kGap) + 0.5, cell.width() - 1,
                         cell.height() - 1);
        const QColor colour = expertColor(e);
        const bool dead = m_dead[std::size_t(e)];
        if (dead) { // hollow: the expert's colour as a frame around a pale, struck-out number
            painter.setPen(QPen(colour, 2));
            painter.setBrush(QColor(0xEEEEEE));
            painter.drawRect(box.adjusted(1, 1, -1, -1));
            painter.setPen(QColor(0x777777));
        } else {
            painter.fillRect(box, colour);
            painter.setPen(colour.lightnessF() > 0.55 ? Qt::black : Qt::white);
        }
        painter.drawText(box, Qt::AlignCenter, QString::number(e + 1));
        if (dead)
            painter.drawLine(box.bottomLeft(), box.topRight());
    }
    painter.setFont(font());
    painter.setPen(palette().color(QPalette::WindowText));
    const int noteTop = rowsFor(width()) * (cell.height() + kGap);
    painter.drawText(QRect(0, noteTop, width(), fontMetrics().lineSpacing()), Qt::AlignVCenter,
                     tr("struck out: dead"));
}

} // namespace moe::ui
