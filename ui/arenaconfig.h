#pragma once

// Everything that defines a dense-vs-MoE run in the app: a value the UI edits and sends to the
// training worker. Names follow the CLI (docs/cli.md).

#include "builtins.h"
#include "model.h"
#include "trainer.h"

#include <QMetaType>

namespace moe::ui {

enum class DenseBaseline {
    MatchCompute,    // FFN width (k + shared) * h: the MoE's active FLOPs
    MatchParameters, // FFN width (E + shared) * h: the MoE's total parameters
    Custom           // customHidden
};

struct ArenaConfig
{
    datasets::DatasetSpec dataset;
    double testFraction = 0.2;
    ModelConfig model; // the MoE; the dense baseline shares width, blocks and activation
    DenseBaseline baseline = DenseBaseline::MatchCompute;
    int customHidden = 64;
    TrainingConfig training;
    int stepsPerSecond = 0; // 0 = as fast as the machine goes
    int mapResolution = 96; // pixels per side of the decision and routing maps

    ArenaConfig();
    ModelConfig moeModel() const;   // blockKind = Moe
    ModelConfig denseModel() const; // blockKind = Dense with the baseline's hidden width
    // Whether going from this config to `next` needs new models (or new data); if not, `next`
    // only changes settings that apply live (learning rate, loss weights, capacity, speed).
    bool needsRebuild(const ArenaConfig &next) const;
    bool needsNewData(const ArenaConfig &next) const;
};

} // namespace moe::ui

Q_DECLARE_METATYPE(moe::ui::ArenaConfig)
