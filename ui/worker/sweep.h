#pragma once

// Runs on the capacity-versus-compute charts: what a trained configuration cost and what it
// achieved. They come from the background sweep (a fixed grid trained for the same number of
// steps) and from the user's own live runs. Plain values, safe to pass between threads.

#include "core/train/trainingstats.h"
#include "ui/worker/arenaconfig.h"

#include <QMetaType>
#include <QPointF>
#include <QString>
#include <QVector>
#include <cmath>
#include <vector>

namespace moe::ui {

struct SweepRun
{
    QString label;   // runLabel(config)
    QString dataset; // datasetKey of the data it was trained and tested on
    ModelConfig config;
    bool fromSweep = true; // false: a live run of the user's
    qint64 steps = 0;
    qint64 totalParams = 0;
    double flops = 0.0;    // active forward FLOPs per sample (ModelCost)
    double accuracy = NAN; // test accuracy (training accuracy without a test set); NaN: regression
    double loss = NAN;     // test loss (training loss without a test set); NaN: diverged
    // Measured training time per step in ms: total (forward, backward, update), and its parts
    // (routing, experts, rest, optimiser); the parts are zero when only the total is known (the
    // user's live runs).
    StepTime stepMs;

    bool isMoe() const { return config.blockKind == BlockKind::Moe; }
};

// What a sweep trains for `config` (its data, width, blocks, router, capacity, training settings):
// MoE with E = 1, 2, 4, ..., 64 experts at top-1 and top-2 (k <= E) and the config's expert width,
// then dense networks with hidden width 1, 2, 4, 8 and 16 times that expert width, so that the
// dense FLOPs span the MoE's. Ordered cheapest first, so that the frontier fills from the left.
std::vector<ModelConfig> sweepGrid(const ArenaConfig &config);

// "MoE E=8 k=2 h=32 (topk)" or "dense h=64": which configuration a point is.
QString runLabel(const ModelConfig &config);

// The Pareto frontier of (cost, value) points: sorted by cost, each point that is better than every
// cheaper one (higher value if higherIsBetter, else lower). Non-finite values are ignored.
QVector<QPointF> paretoFrontier(QVector<QPointF> points, bool higherIsBetter);

// The frontier drawn as a staircase: each value held until the next, costlier improvement, the
// last one on to `xEnd` (the axis's end). Empty for an empty frontier.
QList<QPointF> frontierStairs(const QVector<QPointF> &frontier, double xEnd);

} // namespace moe::ui

Q_DECLARE_METATYPE(moe::ui::SweepRun)
