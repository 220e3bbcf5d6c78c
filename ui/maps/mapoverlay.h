#pragma once

// What is drawn over a routing map from the numbers behind it (PlaneCells, category = expert),
// so that the map does not rest on colour alone: the borders between experts' territories, each
// expert's number inside its territory, and a hatch over cells where the router is nearly tied.
// While experts are highlighted (hovered in the legend or on the map): their territory in full
// colour, the rest greyed, their border and number drawn bold. And over any map, the input
// followed (Follow one input) as a ring with a cross hair.

#include "ui/maps/planemaps.h"

#include <QFont>
#include <QPainter>
#include <QRectF>

namespace moe::ui {

// Experts first .. last (0-based), highlighted; first < 0: none.
struct ExpertRange
{
    int first = -1, last = -1;
    bool active() const { return first >= 0; }
    bool contains(int expert) const { return active() && expert >= first && expert <= last; }
    bool operator==(const ExpertRange &) const = default;
};

// Per expert (0 .. experts-1): the cell (column, row) deepest inside its territory, and how deep
// (chessboard cells to the nearest other expert or the map's edge; 0 on a border). (-1, -1) for
// an expert owning no cell.
struct LabelCell
{
    QPoint cell {-1, -1};
    int depth = -1;
};
std::vector<LabelCell> expertLabelCells(const PlaneCells &cells, int experts);

// `area` is where the map's cells are drawn (resolution x resolution cells).
void drawTerritoryBorders(QPainter &painter, const QRectF &area, const PlaneCells &cells);
void drawTieHatch(QPainter &painter, const QRectF &area, const PlaneCells &cells);
// The numbers (from 1) of the experts whose territory is large enough to hold one. With a
// highlight: the others' numbers greyed, the highlighted ones' framed and drawn however small
// their territory.
void drawExpertNumbers(QPainter &painter, const QRectF &area, const PlaneCells &cells, int experts,
                       const QFont &font, ExpertRange highlight = {});

// `map` with every pixel outside the highlighted experts' territory greyed (dimmedColor). Whose
// territory a pixel is: its cell's category when `cells` has one per pixel, else (the all-choices
// picture, stripes of several experts per cell) its colour, any highlighted expert's.
QImage highlightExperts(const QImage &map, const PlaneCells &cells, int experts,
                        ExpertRange highlight);
// The border of the highlighted experts' territory, bold (black over white: seen on any colour).
void drawHighlightBorder(QPainter &painter, const QRectF &area, const PlaneCells &cells,
                         ExpertRange highlight);
// The followed input at `centre`: a white ring edged in black with a cross hair, colours no
// expert or class has, seen on light and dark maps alike. `radius` of the ring in pixels.
void drawFollowMarker(QPainter &painter, const QPointF &centre, double radius);

} // namespace moe::ui
