#include "affinityview.h"

#include <QPainter>
#include <algorithm>
#include <cmath>

namespace moe::ui {

AffinityView::AffinityView(QWidget *parent)
    : QWidget(parent)
{
    setToolTip(tr("Row: a class. Column: an expert. Darker = a larger share of that class's tokens "
                  "goes to that expert. Experts that specialise own dark cells."));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void AffinityView::setAffinity(const Matrix &affinity)
{
    const bool resized = affinity.cols() != m_affinity.cols();
    m_affinity = affinity;
    if (resized)
        updateGeometry(); // a new number of experts: another width
    update();
}

QSize AffinityView::sizeHint() const
{
    // Room for the row labels and a few pixels per expert, within what the maps can spare.
    const int labels = fontMetrics().horizontalAdvance(QStringLiteral("class 10 "));
    const int experts = std::max(8, int(m_affinity.cols()));
    return {labels + std::clamp(experts * 3, 110, 170), 160};
}

void AffinityView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QFontMetrics metrics(font());
    const int titleHeight = metrics.height() + 6,
              labelWidth = metrics.horizontalAdvance(QStringLiteral("class 10 "));
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.drawText(QRect(0, 0, width(), titleHeight), Qt::AlignCenter, tr("Class by expert"));
    painter.setFont(font());
    const int rows = int(m_affinity.rows()), cols = int(m_affinity.cols());
    if (rows == 0 || cols == 0) {
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                         tr("Classification data only"));
        return;
    }
    const QRectF grid(labelWidth, titleHeight, width() - labelWidth - 4,
                      height() - titleHeight - metrics.height() - 4);
    const double cw = grid.width() / cols;
    // Cells about as tall as wide, but never lower than a label: with 64 experts they are thin.
    const double ch = std::min(grid.height() / rows, std::max(1.5 * cw, double(metrics.height())));
    const QColor ink(0x0072B2);
    for (int r = 0; r < rows; ++r) {
        painter.drawText(QRectF(0, grid.top() + r * ch, labelWidth - 4, ch),
                         Qt::AlignRight | Qt::AlignVCenter, QString::number(r));
        for (int c = 0; c < cols; ++c) {
            const double v = std::clamp(double(m_affinity(r, c)), 0.0, 1.0);
            QColor cell = ink;
            cell.setAlphaF(float(0.08 + 0.92 * v));
            painter.fillRect(QRectF(grid.left() + c * cw, grid.top() + r * ch, cw - 1, ch - 1),
                             cell);
        }
    }
    const int step
        = std::max(1, int(std::ceil(metrics.horizontalAdvance(QStringLiteral("64 ")) / cw)));
    for (int c = 0; c < cols; c += step)
        painter.drawText(
            QRectF(grid.left() + c * cw, grid.top() + rows * ch + 2, cw * step, metrics.height()),
            Qt::AlignLeft, QString::number(c + 1));
}

} // namespace moe::ui
