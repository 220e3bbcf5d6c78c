#pragma once

// Pictures of the 2-D input plane, computed by the models themselves (in evaluation mode) on a
// square grid: the decision map (what each model predicts where) and the routing map (which expert
// the router picks where). Coordinates are the data's raw ones; the grid goes through the same
// standardisation as the training data before it reaches a model.

#include "core/train/trainer.h"
#include "datasets/split.h"

#include <QImage>
#include <QTransform>
#include <QVector>

namespace moe::ui {

struct PlaneGrid
{
    double xMin = -1.0, xMax = 1.0, yMin = -1.0, yMax = 1.0;
    int resolution = 96; // pixels per side

    // The bounding box of the first two features, with a 10% margin.
    static PlaneGrid around(const Matrix &features, int resolution);
    // The map's pixels (column, row; the picture's y runs down from yMax) to raw plane points:
    // pixel (0, 0) is the corner (xMin, yMax), pixel (resolution, resolution) is (xMax, yMin).
    QTransform pixelToPlane() const;
    // (resolution^2, 2) raw points, the pixels' centres, row by row from the top (yMax) down.
    Matrix points() const;
};

// The numbers behind a map, per grid cell (row by row from the top, as PlaneGrid::points): the
// predicted class or the top expert (-1: none), and its strength (confidence in [0, 1]; for a
// regression map the predicted value). What a chart export writes as CSV.
struct PlaneCells
{
    PlaneGrid grid;
    QVector<int> category;
    QVector<float> strength;
};

// Classification: class colour of the arg-max, faded towards white by low confidence.
// Regression: diverging colour of the value, scaled by valueScale. `cells`, when given, receives
// the numbers.
QImage decisionMap(Trainer &trainer, const PlaneGrid &grid, const datasets::Standardizer &scaler,
                   double valueScale = 1.0, PlaneCells *cells = nullptr);

struct RoutingPicture
{
    QImage topExpert; // colour of each point's highest-gate expert, alpha by confidence
    std::vector<QImage>
        expertGates; // per expert: its gate weight at each point (empty if not asked)
    std::vector<int> pixelsPerExpert; // how many pixels each expert wins
    PlaneCells cells;                 // top expert and its confidence per cell
};

// Routing of MoE block `block` (0-based). Points that no expert takes (expert choice) stay grey.
RoutingPicture routingMap(Trainer &trainer, const PlaneGrid &grid,
                          const datasets::Standardizer &scaler, int block, bool perExpert);

} // namespace moe::ui
