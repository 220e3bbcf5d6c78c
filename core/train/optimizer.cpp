#include "core/train/optimizer.h"

#include "core/base/error.h"
#include "core/train/adam.h"
#include "core/train/sgd.h"

#include <cmath>
#include <string>

namespace moe {

void OptimizerConfig::validate() const
{
    if (!(learningRate > 0.0f) || !std::isfinite(learningRate))
        throw ConfigError("learning rate must be a positive number, got "
                          + std::to_string(learningRate));
    if (!(momentum >= 0.0f && momentum < 1.0f))
        throw ConfigError("momentum must be in [0, 1), got " + std::to_string(momentum));
    if (!(beta1 >= 0.0f && beta1 < 1.0f) || !(beta2 >= 0.0f && beta2 < 1.0f))
        throw ConfigError("Adam betas must be in [0, 1)");
    if (!(epsilon > 0.0f) || !std::isfinite(epsilon))
        throw ConfigError("Adam epsilon must be a positive number, got " + std::to_string(epsilon));
    if (!(weightDecay >= 0.0f) || !std::isfinite(weightDecay))
        throw ConfigError("weight decay must be >= 0, got " + std::to_string(weightDecay));
}

std::string_view optimizerName(OptimizerKind kind)
{
    switch (kind) {
    case OptimizerKind::Sgd:
        return "sgd";
    case OptimizerKind::Momentum:
        return "momentum";
    case OptimizerKind::Adam:
        return "adam";
    }
    return "adam";
}

std::optional<OptimizerKind> parseOptimizer(std::string_view name)
{
    for (OptimizerKind k : {OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Adam})
        if (optimizerName(k) == name)
            return k;
    return std::nullopt;
}

std::unique_ptr<Optimizer> makeOptimizer(const OptimizerConfig &config)
{
    config.validate();
    if (config.kind == OptimizerKind::Adam)
        return std::make_unique<Adam>(config);
    return std::make_unique<Sgd>(config);
}

} // namespace moe
