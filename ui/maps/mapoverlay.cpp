#include "ui/maps/mapoverlay.h"

#include "ui/style/palette.h"

#include <QPainterPath>
#include <QRegion>
#include <algorithm>

namespace moe::ui {

namespace {
QRectF cellRect(const QRectF &area, int n, int col, int row)
{
    const double w = area.width() / n, h = area.height() / n;
    return {area.left() + col * w, area.top() + row * h, w, h};
}
} // namespace

std::vector<LabelCell> expertLabelCells(const PlaneCells &cells, int experts)
{
    std::vector<LabelCell> out(std::size_t(std::max(0, experts)));
    const int n = cells.grid.resolution;
    if (n <= 0 || cells.category.size() != qsizetype(n) * n)
        return out;
    const auto at = [&](int col, int row) { return cells.category[qsizetype(row) * n + col]; };
    // Chessboard distance to the nearest border cell (a cell with a 4-neighbour of another
    // expert, or on the map's edge): two passes of the classic distance transform.
    const int far = 4 * n;
    std::vector<int> depth(std::size_t(n) * n, far);
    const auto d = [&](int col, int row) -> int & { return depth[std::size_t(row) * n + col]; };
    for (int row = 0; row < n; ++row)
        for (int col = 0; col < n; ++col) {
            const int e = at(col, row);
            const bool border = row == 0 || col == 0 || row == n - 1 || col == n - 1
                || at(col - 1, row) != e || at(col + 1, row) != e || at(col, row - 1) != e
                || at(col, row + 1) != e;
            if (border)
                d(col, row) = 0;
        }
    for (int row = 1; row < n; ++row)
        for (int col = 1; col < n - 1; ++col)
            d(col, row) = std::min({d(col, row), d(col - 1, row) + 1, d(col - 1, row - 1) + 1,
                                    d(col, row - 1) + 1, d(col + 1, row - 1) + 1});
    for (int row = n - 2; row >= 0; --row)
        for (int col = n - 2; col >= 1; --col)
            d(col, row) = std::min({d(col, row), d(col + 1, row) + 1, d(col + 1, row + 1) + 1,
                                    d(col, row + 1) + 1, d(col - 1, row + 1) + 1});
    for (int row = 0; row < n; ++row)
        for (int col = 0; col < n; ++col) {
            const int e = at(col, row);
            if (e < 0 || e >= experts)
                continue;
            LabelCell &best = out[std::size_t(e)];
            if (d(col, row) > best.depth)
                best = {QPoint(col, row), d(col, row)};
        }
    return out;
}

void drawTerritoryBorders(QPainter &painter, const QRectF &area, const PlaneCells &cells)
{
    const int n = cells.grid.resolution;
    if (n <= 0 || cells.category.size() != qsizetype(n) * n)
        return;
    QPainterPath path;
    for (int row = 0; row < n; ++row)
        for (int col = 0; col < n; ++col) {
            const int e = cells.category[qsizetype(row) * n + col];
            const QRectF r = cellRect(area, n, col, row);
            if (col + 1 < n && cells.category[qsizetype(row) * n + col + 1] != e) {
                path.moveTo(r.topRight());
                path.lineTo(r.bottomRight());
            }
            if (row + 1 < n && cells.category[qsizetype(row + 1) * n + col] != e) {
                path.moveTo(r.bottomLeft());
                path.lineTo(r.bottomRight());
            }
        }
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setPen(QPen(QColor(0, 0, 0, 150), 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawPath(path);
    painter.restore();
}

void drawTieHatch(QPainter &painter, const QRectF &area, const PlaneCells &cells)
{
    const int n = cells.grid.resolution;
    if (n <= 0 || cells.strength.size() != qsizetype(n) * n)
        return;
    QRegion tied;
    for (int row = 0; row < n; ++row)
        for (int col = 0; col < n; ++col) {
            const qsizetype i = qsizetype(row) * n + col;
            if (cells.category[i] >= 0 && cells.strength[i] < kTieMargin)
                tied += painter.transform().mapRect(cellRect(area, n, col, row)).toAlignedRect();
        }
    if (tied.isEmpty())
        return;
    // Dark and light lines side by side: visible on the darkest and the palest expert colour.
    painter.save();
    painter.resetTransform();
    painter.setClipRegion(tied);
    const QRect box = tied.boundingRect();
    painter.fillRect(box, QBrush(QColor(0, 0, 0, 130), Qt::BDiagPattern));
    painter.setBrushOrigin(1, 0);
    painter.fillRect(box, QBrush(QColor(255, 255, 255, 170), Qt::BDiagPattern));
    painter.restore();
}

void drawExpertNumbers(QPainter &painter, const QRectF &area, const PlaneCells &cells, int experts,
                       const QFont &font)
{
    const int n = cells.grid.resolution;
    if (n <= 0)
        return;
    const std::vector<LabelCell> labels = expertLabelCells(cells, experts);
    const double cell = area.width() / n;
    QFont bold = font;
    bold.setBold(true);
    const QFontMetricsF metrics(bold);
    painter.save();
    painter.setFont(bold);
    for (int e = 0; e < experts; ++e) {
        const LabelCell &l = labels[std::size_t(e)];
        if (l.depth < 0)
            continue;
        const QString text = QString::number(e + 1);
        const QSizeF size(metrics.horizontalAdvance(text) + 6, metrics.height() + 2);
        // Only where the territory holds the label: (2 depth + 1) cells across.
        if ((2 * l.depth + 1) * cell < std::max(size.width(), size.height()))
            continue;
        const QRectF r = cellRect(area, n, l.cell.x(), l.cell.y());
        const QRectF box(r.center() - QPointF(size.width() / 2, size.height() / 2), size);
        const QColor colour = expertColor(e, experts);
        painter.setPen(QPen(textColorOn(colour), 1));
        painter.setBrush(colour);
        painter.drawRoundedRect(box, 3, 3);
        painter.drawText(box, Qt::AlignCenter, text);
    }
    painter.restore();
}

} // namespace moe::ui
