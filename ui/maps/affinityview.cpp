#include "ui/maps/affinityview.h"

#include "ui/export/chartexport.h"

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
    const bool resized
        = affinity.cols() != m_affinity.cols() || affinity.rows() != m_affinity.rows();
    m_affinity = affinity;
    if (resized)
        updateGeometry(); // a new number of experts or classes: another size
    update();
}

QSize AffinityView::sizeHint() const
{
    // Room for the row labels and a few pixels per expert, within what the maps can spare.
    const int labels = fontMetrics().horizontalAdvance(QStringLiteral("class 10 "));
    const int experts = std::max(8, int(m_affinity.cols()));
    const int key = fontMetrics().horizontalAdvance(QStringLiteral("0 ") + tr("1 (share)")) + 48;
    // Tall enough for one readable row per class (ten digits), under the title and over the
    // expert numbers and the key.
    const int line = fontMetrics().height();
    const int rows = std::max(3, int(m_affinity.rows()));
    return {labels + std::max(key, std::clamp(experts * 3, 110, 170)),
            std::max(190, (rows + 3) * (line + 2) + 14)};
}

void AffinityView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    paintView(painter, size());
}

QSize AffinityView::exportSize() const
{
    // Big enough for one readable cell per expert, whatever the view's size on screen.
    const int columns = std::max(1, int(m_affinity.cols()));
    const int rows = std::max(1, int(m_affinity.rows()));
    return {std::max(360, 80 + columns * 18), 90 + rows * 26};
}

void AffinityView::renderExport(QPainter &painter, const QRectF &target)
{
    const QSize natural = exportSize();
    painter.save();
    painter.translate(target.topLeft());
    painter.scale(target.width() / natural.width(), target.height() / natural.height());
    paintView(painter, natural);
    painter.restore();
}

QString AffinityView::exportCsv() const
{
    // One row per class: the share of its token slots each expert receives.
    QString out = QStringLiteral("class");
    for (Index e = 0; e < m_affinity.cols(); ++e)
        out += QStringLiteral(",expert %1").arg(e + 1);
    out += QLatin1Char('\n');
    for (Index c = 0; c < m_affinity.rows(); ++c) {
        out += QString::number(c);
        for (Index e = 0; e < m_affinity.cols(); ++e)
            out += QLatin1Char(',') + csvNumber(double(m_affinity(c, e)));
        out += QLatin1Char('\n');
    }
    return out;
}

void AffinityView::paintView(QPainter &painter, const QSize &size) const
{
    const QFontMetrics metrics(font());
    const int titleHeight = metrics.height() + 6,
              labelWidth = metrics.horizontalAdvance(QStringLiteral("class 10 "));
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.drawText(QRect(0, 0, size.width(), titleHeight), Qt::AlignCenter,
                     tr("Class by expert"));
    painter.setFont(font());
    const int rows = int(m_affinity.rows()), cols = int(m_affinity.cols());
    if (rows == 0 || cols == 0) {
        painter.drawText(QRect(QPoint(0, 0), size), Qt::AlignCenter | Qt::TextWordWrap,
                         tr("Classification data only"));
        return;
    }
    // Room below the grid for the expert numbers and the colour scale's key.
    const QRectF grid(labelWidth, titleHeight, size.width() - labelWidth - 4,
                      size.height() - titleHeight - 2 * metrics.height() - 8);
    const double cw = grid.width() / cols;
    // Cells about as tall as wide, but never lower than a label: with 64 experts they are thin.
    const double ch = std::min(grid.height() / rows, std::max(1.5 * cw, double(metrics.height())));
    // Blue ink on a light page, sky blue on a dark one: dark cells must stand out on both.
    const QColor ink
        = palette().color(QPalette::Window).lightness() < 128 ? QColor(0x56B4E9) : QColor(0x0072B2);
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
    // Every step-th expert numbered, as often as the widest number (at least "64") allows.
    const QString widest = QString::number(std::max(cols, 64)) + QLatin1Char(' ');
    const int step = std::max(1, int(std::ceil(metrics.horizontalAdvance(widest) / cw)));
    for (int c = 0; c < cols; c += step)
        painter.drawText(
            QRectF(grid.left() + c * cw, grid.top() + rows * ch + 2, cw * step, metrics.height()),
            Qt::AlignLeft, QString::number(c + 1));
    // The colour scale: a cell's ink from a share of 0 to all of its class's slots.
    const double keyTop = grid.top() + rows * ch + metrics.height() + 6;
    const QString low = QStringLiteral("0"), high = tr("1 (share)");
    const double lowWidth = metrics.horizontalAdvance(low) + 4;
    const QRectF bar(
        grid.left() + lowWidth, keyTop + 2,
        std::max(20.0,
                 std::min(120.0, grid.width() - lowWidth - metrics.horizontalAdvance(high) - 8)),
        metrics.height() - 4);
    QLinearGradient ramp(bar.topLeft(), bar.topRight());
    QColor from = ink, to = ink;
    from.setAlphaF(0.08f);
    to.setAlphaF(1.0f);
    ramp.setColorAt(0.0, from);
    ramp.setColorAt(1.0, to);
    painter.fillRect(bar, ramp);
    painter.drawText(QRectF(grid.left(), keyTop, lowWidth, metrics.height()), Qt::AlignLeft, low);
    painter.drawText(
        QRectF(bar.right() + 4, keyTop, size.width() - bar.right() - 4, metrics.height()),
        Qt::AlignLeft, high);
}

} // namespace moe::ui
