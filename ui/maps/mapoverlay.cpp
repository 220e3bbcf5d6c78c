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
                       const QFont &font, ExpertRange highlight)
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
        // Only where the territory holds the label: (2 depth + 1) cells across; a highlighted
        // expert's always.
        const bool highlighted = highlight.contains(e);
        if ((2 * l.depth + 1) * cell < std::max(size.width(), size.height()) && !highlighted)
            continue;
        const QRectF r = cellRect(area, n, l.cell.x(), l.cell.y());
        const QRectF box(r.center() - QPointF(size.width() / 2, size.height() / 2), size);
        const bool dimmed = highlight.active() && !highlighted;
        const QColor colour
            = dimmed ? dimmedColor(expertColor(e, experts)) : expertColor(e, experts);
        painter.setPen(dimmed            ? QPen(QColor(0x999999), 1)
                           : highlighted ? QPen(Qt::black, 2.5)
                                         : QPen(textColorOn(colour), 1));
        painter.setBrush(colour);
        painter.drawRoundedRect(box, 3, 3);
        painter.setPen(dimmed ? QColor(0x999999) : textColorOn(colour));
        painter.drawText(box, Qt::AlignCenter, text);
    }
    painter.restore();
}

QImage highlightExperts(const QImage &map, const PlaneCells &cells, int experts,
                        ExpertRange highlight)
{
    QImage out = map.convertToFormat(QImage::Format_RGB32);
    const int n = cells.grid.resolution;
    const bool perPixel = n > 0 && map.width() == n && map.height() == n
        && cells.category.size() == qsizetype(n) * n;
    std::vector<QRgb> kept; // colour matching: the highlighted experts' colours
    for (int e = std::max(0, highlight.first); e <= highlight.last && e < experts; ++e)
        kept.push_back(expertColor(e, experts).rgb());
    for (int y = 0; y < out.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(out.scanLine(y));
        for (int x = 0; x < out.width(); ++x) {
            const bool inside = perPixel
                ? highlight.contains(cells.category[qsizetype(y) * n + x])
                : std::find(kept.begin(), kept.end(), line[x] | 0xFF000000u) != kept.end();
            if (!inside)
                line[x] = dimmedColor(QColor(line[x])).rgb();
        }
    }
    return out;
}

void drawHighlightBorder(QPainter &painter, const QRectF &area, const PlaneCells &cells,
                         ExpertRange highlight)
{
    const int n = cells.grid.resolution;
    if (n <= 0 || cells.category.size() != qsizetype(n) * n || !highlight.active())
        return;
    const auto in = [&](int col, int row) {
        return col >= 0 && row >= 0 && col < n && row < n
            && highlight.contains(cells.category[qsizetype(row) * n + col]);
    };
    QPainterPath path; // the cell edges between inside and outside (the map's edge included)
    for (int row = 0; row < n; ++row)
        for (int col = 0; col < n; ++col) {
            if (!in(col, row))
                continue;
            const QRectF r = cellRect(area, n, col, row);
            const std::pair<QPointF, QPointF> edges[] = {{r.topLeft(), r.topRight()},
                                                         {r.bottomLeft(), r.bottomRight()},
                                                         {r.topLeft(), r.bottomLeft()},
                                                         {r.topRight(), r.bottomRight()}};
            const bool outside[]
                = {!in(col, row - 1), !in(col, row + 1), !in(col - 1, row), !in(col + 1, row)};
            for (int i = 0; i < 4; ++i)
                if (outside[i]) {
                    path.moveTo(edges[i].first);
                    path.lineTo(edges[i].second);
                }
        }
    painter.save();
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(Qt::white, 4, Qt::SolidLine, Qt::SquareCap));
    painter.drawPath(path);
    painter.setPen(QPen(Qt::black, 2, Qt::SolidLine, Qt::SquareCap));
    painter.drawPath(path);
    painter.restore();
}

void drawFollowMarker(QPainter &painter, const QPointF &centre, double radius)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setBrush(Qt::NoBrush);
    // Black under white, widest first: a white ring and cross hair with black edges.
    const double tick = radius * 0.8;
    for (const auto &[colour, width] :
         {std::pair {QColor(Qt::black), 4.5}, std::pair {QColor(Qt::white), 2.0}}) {
        painter.setPen(QPen(colour, width, Qt::SolidLine, Qt::FlatCap));
        painter.drawEllipse(centre, radius, radius);
        for (const QPointF &d : {QPointF(1, 0), QPointF(-1, 0), QPointF(0, 1), QPointF(0, -1)})
            painter.drawLine(centre + d * (radius + 1.5), centre + d * (radius + 1.5 + tick));
    }
    painter.restore();
}

} // namespace moe::ui
