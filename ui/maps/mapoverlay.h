#pragma once

// What is drawn over a routing map from the numbers behind it (PlaneCells, category = expert),
// so that the map does not rest on colour alone: the borders between experts' territories, each
// expert's number inside its territory, and a hatch over cells where the router is nearly tied.

#include "ui/maps/planemaps.h"

#include <QFont>
#include <QPainter>
#include <QRectF>

namespace moe::ui {

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
// The numbers (from 1) of the experts whose territory is large enough to hold one.
void drawExpertNumbers(QPainter &painter, const QRectF &area, const PlaneCells &cells, int experts,
                       const QFont &font);

} // namespace moe::ui
