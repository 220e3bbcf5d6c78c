#pragma once

// What the app draws, as plain values: the training worker fills one, the UI thread reads it.
// Nothing here points into a live model (Qt's Mandelbrot pattern: parameters in, pictures out).

#include "core/moe/routingstats.h"
#include "core/moe/routingwindow.h"
#include "core/train/model.h"
#include "ui/maps/planemaps.h"

#include <QImage>
#include <QMetaType>
#include <QPointF>
#include <QString>
#include <QVector>
#include <vector>

namespace moe::ui {

struct ModelSnapshot
{
    QString title; // "MoE 8 x 32, top-2" / "Dense h=68, matched total compute (router included)"
    ModelCost cost;
    ModelConfig config;         // the model this snapshot shows
    QVector<QPointF> batchLoss; // (step, task loss of the batch), thinned to <= ~2000 points
    QVector<QPointF> auxLoss;   // (step, balance + z-loss), MoE only
    QVector<QPointF> trainLoss, testLoss, trainAccuracy, testAccuracy; // at evaluations
    QImage decisionMap;       // empty for data that is not 2-D
    PlaneCells decisionCells; // the numbers behind it
    double msPerStep = 0.0;   // measured training time per step so far (forward, backward, update)
};

struct DataPoints
{
    // Raw coordinates for 2-D data; for more features, the first two principal components of the
    // standardised features (projected = true).
    QVector<QPointF> train, test;
    QVector<int> trainLabels, testLabels;
    // Regression: each point's target, and the scale the maps divide values by before colouring
    // them (divergingColor(value / valueScale)): the largest |target| of the training split.
    QVector<float> trainTargets, testTargets;
    double valueScale = 1.0;
    int classes = 0;
    bool projected = false;
};

// Per point (training points, then test points): what each model predicts and which expert the
// router trusts most. Filled for data with more than two features, drawn in the PCA projection.
struct PointRouting
{
    QVector<int> densePrediction, moePrediction, topExpert;
};

struct ArenaSnapshot
{
    QString datasetKey; // datasetKey(config): results are comparable only on the same key
    int run = 0;        // counts the worker's fresh starts (new models, reset)
    qint64 step = 0;
    qint64 epoch = 0;
    double stepsPerSecond = 0.0;
    bool playing = false;
    qint64 stopAt = 0;     // the step at which the run pauses by itself (0: no step budget)
    bool atBudget = false; // paused there: Train on (or Play) trains one budget more
    int threads = 1;
    bool twoDimensional = true;
    double xMin = -1, xMax = 1, yMin = -1, yMax = 1; // the maps' extent, raw coordinates
    ModelSnapshot dense, moe;
    RoutingStats routing; // MoE block 1, the last 100 training steps (snapshotmetrics.h)
    BatchLoad batchLoad;  // MoE block 1, the full-size batches of those steps (the load chart)
    std::vector<QVector<QPointF>>
        expertShare;         // per expert: (step, share of the routed slots) at evaluations
    QImage routingMap;       // each point's first choice of expert (routingChoices[0])
    PlaneCells routingCells; // the numbers behind it
    // Per choice r (0: first): each point's expert with the r-th largest gate, and the numbers
    // (RoutingPicture in ui/maps/planemaps.h); the all-choices picture splits each cell in stripes.
    std::vector<QImage> routingChoices;
    std::vector<PlaneCells> routingChoiceCells;
    QImage routingAllChoices;
    std::vector<QImage> expertMaps;  // per expert: its gate weight over the plane
    std::vector<int> expertMapCells; // per expert: map cells where it has a kept slot
    int mapResolution = 0;           // pixels per side of the maps above
    double mapMs = 0.0;              // what computing them took on the worker thread
    DataPoints points;
    PointRouting perPoint; // data with more than two features only
    Matrix classAffinity;  // (classes, E): share of each class's slots per expert
    QString message;       // e.g. why training paused
};

} // namespace moe::ui

Q_DECLARE_METATYPE(moe::ui::ArenaSnapshot)
