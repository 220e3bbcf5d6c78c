#pragma once

// Follow one input: what the UI asks the training worker (a point of the plane, or a sample)
// and what it answers (both models' traces of that input, as values, and what the last training
// batch did with it). The worker re-answers with every snapshot while a request stands, so the
// trace follows training live (docs/app.md, "Follow one input").

#include "core/train/inputtrace.h"
#include "core/train/trainer.h"

#include <QMetaType>
#include <QPointF>
#include <QString>
#include <vector>

namespace moe::ui {

struct TraceRequest
{
    bool active = false;
    // A sample (training samples first, then test samples, as DataPoints lists them), or -1 for
    // `point`, a point of the plane in raw coordinates (2-D data only).
    int sample = -1;
    QPointF point;
};

struct TraceSnapshot
{
    TraceRequest request;
    int run = 0;       // ArenaSnapshot::run of the models traced
    qint64 step = 0;   // training steps done when traced
    QPointF drawnAt;   // where the input is drawn: raw plane, or its PCA projection
    QString inputText; // the raw feature values, e.g. "(0.52, -1.30)"
    int label = -1;    // the sample's class (-1: a point of the plane, or regression)
    bool testSample = false;
    bool regression = false;
    InputTrace moe, dense;
    // The last training batch: whether this training sample was in it, and which of its MoE
    // choices were dropped there because the expert was full (C slots per expert, per block).
    qint64 lastBatchStep = 0;
    bool inLastBatch = false;
    std::vector<DroppedChoice> dropped;
    std::vector<Index> capacity;
    bool expertChoice = false; // routed alone: every expert takes it (see InputTrace)
};

} // namespace moe::ui

Q_DECLARE_METATYPE(moe::ui::TraceRequest)
Q_DECLARE_METATYPE(moe::ui::TraceSnapshot)
