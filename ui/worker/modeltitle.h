#pragma once

// A model's title over its map and in the legends: "MoE 16 x 16, top-2", "MoE 16 x 16, expert
// choice (1.25 per sample)", "Dense h=40, matched total compute".

#include "core/train/model.h"
#include "files/experiment.h"

#include <QString>

namespace moe::ui {

QString modelTitle(const ModelConfig &m, DenseBaseline baseline);

} // namespace moe::ui
