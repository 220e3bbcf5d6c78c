#pragma once

// Everything that defines a dense-vs-MoE run: the data, the MoE, its dense baseline and the
// training settings. The app edits one and sends it to its training worker; experiment files
// (experimentfile.h) store one; the CLI's --config reads one. Names follow the CLI (docs/cli.md).

#include "core/train/model.h"
#include "core/train/trainer.h"
#include "datasets/builtins.h"

namespace moe {

enum class DenseBaseline {
    MatchCompute,    // FFN width (k + shared) * h: the MoE's active FLOPs
    MatchParameters, // FFN width (E + shared) * h: the MoE's total parameters
    Custom           // customHidden
};

struct Experiment
{
    datasets::DatasetSpec dataset;
    double testFraction = 0.2;
    ModelConfig model; // the MoE; the dense baseline shares width, blocks and activation
    DenseBaseline baseline = DenseBaseline::MatchCompute;
    int customHidden = 64;
    TrainingConfig training;
    Index steps = 2000;     // how long a headless run trains (the app trains until paused)
    int stepsPerSecond = 0; // the app's speed; 0 = as fast as the machine goes
    int mapResolution = 96; // pixels per side of the decision and routing maps

    Experiment();
    ModelConfig moeModel() const;   // blockKind = Moe
    ModelConfig denseModel() const; // blockKind = Dense with the baseline's hidden width
    // Whether going from this config to `next` needs new models (or new data); if not, `next`
    // only changes settings that apply live (learning rate, loss weights, capacity, speed).
    bool needsRebuild(const Experiment &next) const;
    bool needsNewData(const Experiment &next) const;
};

} // namespace moe
