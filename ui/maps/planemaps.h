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

// The decision map as hard regions (TensorFlow Playground's "Discretize output"), from its cells:
// each cell in its class's full colour; for regression, the sign of the value (full red or blue).
QImage discreteDecisionMap(const PlaneCells &cells, bool classification);

// Where the router sends each point of the plane. Token-choice routers give every point k
// choices; expert choice gives a point as many as the experts that picked it (0 .. E). Choice r
// of a point is its expert with the r-th largest gate (0: the largest); maps of the first
// min(4, ceil(slots / points)) choices are made.
struct RoutingPicture
{
    std::vector<QImage> choices;         // per choice: the colour of that choice's expert
    std::vector<PlaneCells> choiceCells; // per choice: its expert (-1: none) and its margin
    QImage allChoices; // every choice: blocks of ~4 x 4 cells split into vertical stripes
    std::vector<QImage> expertGates;  // per expert: its gate weight (empty if not asked)
    std::vector<int> cellsPerExpert;  // per expert: cells where it has a kept slot
    std::vector<int> pixelsPerExpert; // per expert: cells it is the first choice of
};

// A cell's strength in RoutingPicture::choiceCells is the router's margin for that choice,
// 1 - p(runner-up) / p(expert): 0 when the next expert is as likely, 1 when no other is. Below
// kTieMargin the two are nearly tied, and the map hatches the cell (the router is unsure there).
inline constexpr float kTieMargin = 0.2f;

// Routing of MoE block `block` (0-based). Points without a choice (expert choice) stay grey.
RoutingPicture routingMap(Trainer &trainer, const PlaneGrid &grid,
                          const datasets::Standardizer &scaler, int block, bool perExpert);
// The colour of a cell no expert takes.
QColor noExpertColor();

} // namespace moe::ui
