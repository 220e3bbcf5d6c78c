#include "ui/maps/affinityview.h"

#include "ui/export/chartexport.h"

#include <QPainter>
#include <algorithm>
#include <cmath>

namespace moe::ui {

AffinityView::AffinityView(QWidget *parent)
    : QWidget(parent)
{
    setToolTip(tr("Row: a class. Column: an expert. Each cell: the share of that class's token "
                  "slots the expert receives, in percent where it fits. Darker = a larger "
                  "share; the darkest colour is the key's scale max, the largest share rounded "
                  "up to a tenth. Experts that specialise own dark cells."));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
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
    // Cells about one and a half lines wide while E is small (a teacher at the back reads the
    // percentages in them), thinner beyond, within about 22 lines; rows two lines tall.
    const Layout l = layoutFor(QSize(0, 0));
    const int line = fontMetrics().height();
    const int experts = std::max(4, int(m_affinity.cols()));
    const int rows = std::max(3, int(m_affinity.rows()));
    const int grid = std::clamp(experts * line * 3 / 2, 10 * line, 22 * line);
    return {l.left + grid + 6, l.top + rows * 2 * line + l.bottom};
}

QSize AffinityView::minimumSizeHint() const
{
    const int line = fontMetrics().height();
    const Layout l = layoutFor(QSize(0, 0));
    const int rows = std::max(3, int(m_affinity.rows()));
    return {std::max(l.left + 8 * line, keyWidth()), l.top + rows * line + l.bottom};
}

QString AffinityView::keyMaxText(double top)
{
    return tr("%1 share (scale max)").arg(top, 0, 'f', top < 1.0 ? 1 : 0);
}

int AffinityView::keyWidth(double top) const
{
    // "0", the shortest ramp (20 pixels) and the scale's top, with their gaps.
    const QFontMetrics metrics(font());
    return metrics.horizontalAdvance(QStringLiteral("0")) + 4 + 20 + 4
        + metrics.horizontalAdvance(keyMaxText(top)) + 8;
}

void AffinityView::setRows(const QString &title, const QString &word, const QStringList &names,
                           const QString &exportName)
{
    m_title = title;
    m_word = word;
    m_names = names;
    m_exportName = exportName;
    setToolTip(tr("Row: a %1. Column: an expert. Each cell: the share of that %1's tokens whose "
                  "first choice is that expert.")
                   .arg(word));
    updateGeometry();
    update();
}

QString AffinityView::rowName(int row) const
{
    return row < m_names.size() ? m_names[row] : QString::number(row);
}

AffinityView::Layout AffinityView::layoutFor(const QSize &size) const
{
    // Title on top; the axis title "class" turned up the left, the class numbers beside the
    // rows; under the grid the expert numbers, the axis title "expert" and the colour key.
    const QFontMetrics metrics(font());
    Layout l;
    l.line = metrics.height();
    l.top = l.line + 8;
    int widest = metrics.horizontalAdvance(QStringLiteral("10"));
    for (const QString &name : m_names)
        widest = std::max(widest, metrics.horizontalAdvance(name));
    l.left = l.line + 4 + widest + 6;
    l.bottom = 3 * l.line + 10;
    l.grid = QRectF(l.left, l.top, std::max(1, size.width() - l.left - 6),
                    std::max(1, size.height() - l.top - l.bottom));
    return l;
}

double AffinityView::scaleMax() const
{
    // The key's top: the largest share rounded up to a tenth (0.3 when shares run to 0.27),
    // so the usual 0.1-0.3 shares use the whole ramp instead of its pale fifth.
    const double largest = m_affinity.size() > 0 ? double(m_affinity.maxCoeff()) : 1.0;
    return std::clamp(std::ceil(largest * 10.0 - 1e-9) / 10.0, 0.1, 1.0);
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
    return {std::max(420, 90 + columns * 28), 110 + rows * 40};
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
    QString out = csvCell(m_word);
    for (Index e = 0; e < m_affinity.cols(); ++e)
        out += QStringLiteral(",expert %1").arg(e + 1);
    out += QLatin1Char('\n');
    for (Index c = 0; c < m_affinity.rows(); ++c) {
        out += csvCell(rowName(int(c)));
        for (Index e = 0; e < m_affinity.cols(); ++e)
            out += QLatin1Char(',') + csvNumber(double(m_affinity(c, e)));
        out += QLatin1Char('\n');
    }
    return out;
}

void AffinityView::paintView(QPainter &painter, const QSize &size) const
{
    const QFontMetrics metrics(font());
    const Layout l = layoutFor(size);
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.drawText(QRect(0, 0, size.width(), l.top), Qt::AlignCenter, m_title);
    painter.setFont(font());
    const int rows = int(m_affinity.rows()), cols = int(m_affinity.cols());
    if (rows == 0 || cols == 0) {
        painter.drawText(QRect(QPoint(0, 0), size), Qt::AlignCenter | Qt::TextWordWrap,
                         tr("Classification data only"));
        return;
    }
    const QRectF &grid = l.grid;
    const double cw = grid.width() / cols, ch = std::min(grid.height() / rows, 3.0 * l.line);
    // Blue ink on a light page, sky blue on a dark one: dark cells must stand out on both.
    const QColor ink
        = palette().color(QPalette::Window).lightness() < 128 ? QColor(0x56B4E9) : QColor(0x0072B2);
    const double top = scaleMax();
    // Opaque shades of the ink over the page (PDF drops a gradient's alpha: the key was a solid
    // block there): 0 is a faint tint, the scale's top the full ink.
    const QColor page = palette().color(QPalette::Window);
    const auto shade = [&](double v) {
        const double a = 0.06 + 0.94 * std::clamp(v, 0.0, 1.0);
        return QColor::fromRgbF(float(a * ink.redF() + (1 - a) * page.redF()),
                                float(a * ink.greenF() + (1 - a) * page.greenF()),
                                float(a * ink.blueF() + (1 - a) * page.blueF()));
    };
    const bool numbers
        = cw >= metrics.horizontalAdvance(QStringLiteral("88")) + 4 && ch >= metrics.height();
    for (int r = 0; r < rows; ++r) {
        painter.drawText(QRectF(l.line + 4, grid.top() + r * ch, l.left - l.line - 10, ch),
                         Qt::AlignRight | Qt::AlignVCenter, rowName(r));
        for (int c = 0; c < cols; ++c) {
            const double share = double(m_affinity(r, c));
            const double v = std::clamp(share / top, 0.0, 1.0);
            const QRectF box(grid.left() + c * cw, grid.top() + r * ch, cw - 1, ch - 1);
            painter.fillRect(box, shade(v));
            if (numbers) { // the share in percent, white on the darker half of the ramp
                painter.setPen(v > 0.5 ? QColor(Qt::white) : palette().color(QPalette::Text));
                painter.drawText(box, Qt::AlignCenter, QString::number(std::lround(100 * share)));
            }
        }
    }
    painter.setPen(palette().color(QPalette::Text));
    // The axis title "class", turned up beside the class numbers.
    painter.save();
    painter.translate(0, grid.top() + rows * ch / 2);
    painter.rotate(-90);
    painter.drawText(QRectF(-rows * ch / 2, 0, rows * ch, l.line), Qt::AlignCenter, m_word);
    painter.restore();
    // Expert 1 and every step-th (1, 2, 5, 10, ...), each centred under its column and kept
    // inside the view: as many numbers as fit, none cut off.
    const double widest = metrics.horizontalAdvance(QString::number(cols)) + 6;
    int step = 1;
    for (int candidate : {1, 2, 5, 10, 20, 50, 100}) {
        step = candidate;
        if (cw * candidate >= widest)
            break;
    }
    const double labelTop = grid.top() + rows * ch + 2;
    for (int e = 1; e <= cols; ++e) {
        if (step <= 2 ? (e - 1) % step != 0 : (e != 1 && e % step != 0))
            continue;
        const QString text = QString::number(e);
        const double w = metrics.horizontalAdvance(text);
        const double centre = grid.left() + (e - 0.5) * cw;
        const double x = std::clamp(centre - w / 2, grid.left(), double(size.width()) - w - 1);
        painter.drawText(QRectF(x, labelTop, w + 1, l.line), Qt::AlignLeft, text);
    }
    painter.drawText(QRectF(grid.left(), labelTop + l.line, cols * cw, l.line), Qt::AlignCenter,
                     tr("expert"));
    // The colour key: from no share to the scale's top, which the data set (not always 1). Under
    // the grid, or further left when the grid is narrower than the key (two experts).
    const double keyTop = labelTop + 2 * l.line + 4;
    const QString low = QStringLiteral("0"), high = keyMaxText(top);
    const double lowWidth = metrics.horizontalAdvance(low) + 4;
    const double keyLeft
        = std::max(0.0, std::min(grid.left(), double(size.width() - keyWidth(top))));
    const QRectF bar(
        keyLeft + lowWidth, keyTop + 2,
        std::clamp(size.width() - keyLeft - lowWidth - metrics.horizontalAdvance(high) - 8, 20.0,
                   120.0),
        l.line - 4);
    for (int i = 0; i < 24; ++i) // the ramp in 24 opaque steps
        painter.fillRect(QRectF(bar.left() + bar.width() * i / 24.0, bar.top(),
                                bar.width() / 24.0 + 0.5, bar.height()),
                         shade((i + 0.5) / 24.0));
    painter.drawText(QRectF(keyLeft, keyTop, lowWidth, l.line), Qt::AlignLeft, low);
    painter.drawText(QRectF(bar.right() + 4, keyTop, size.width() - bar.right() - 4, l.line),
                     Qt::AlignLeft, high);
}

} // namespace moe::ui
