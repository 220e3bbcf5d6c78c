#include "core/train/optimizer.h"

#include "core/base/error.h"
#include "core/train/adam.h"
#include "core/train/sgd.h"
#include "core/train/trainsettings.h"

#include <cmath>
#include <string>

namespace moe {

void OptimizerConfig::validate() const
{
    settings::kLearningRate.requireFloat(learningRate);
    settings::kMomentum.requireFloat(momentum);
    settings::kBeta1.requireFloat(beta1);
    settings::kBeta2.requireFloat(beta2);
    settings::kEpsilon.requireFloat(epsilon);
    settings::kWeightDecay.requireFloat(weightDecay);
}

std::unique_ptr<Optimizer> makeOptimizer(const OptimizerConfig &config)
{
    config.validate();
    if (config.kind == OptimizerKind::Adam)
        return std::make_unique<Adam>(config);
    return std::make_unique<Sgd>(config);
}

} // namespace moe
