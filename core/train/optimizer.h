#pragma once

// Optimisers update parameters in place from their accumulated gradients. State (velocity, Adam
// moments) is kept per parameter, in the order parameters() returns them, and created on first use.

#include "core/base/parameter.h"
#include "core/base/setting.h"
#include "core/train/trainsettings.h"

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace moe {

enum class OptimizerKind { Sgd, Momentum, Adam };
inline constexpr Choice<OptimizerKind> kOptimizerChoices[]
    = {{OptimizerKind::Adam, "adam", "Adam"},
       {OptimizerKind::Momentum, "momentum", "SGD with momentum"},
       {OptimizerKind::Sgd, "sgd", "SGD"}};

// Below this many parameters in all, an update runs on one thread (waking others costs more).
inline constexpr Index kParallelParameters = Index(1) << 18;

struct OptimizerConfig
{
    OptimizerKind kind = OptimizerKind::Adam;
    float learningRate = float(settings::kLearningRate.defaultValue);
    float momentum = float(settings::kMomentum.defaultValue); // Momentum only
    float beta1 = float(settings::kBeta1.defaultValue);       // Adam
    float beta2 = float(settings::kBeta2.defaultValue);       // Adam
    float epsilon = float(settings::kEpsilon.defaultValue);   // Adam
    // SGD/Momentum: L2 term added to the gradient; Adam: decoupled decay (AdamW). Weights only.
    float weightDecay = float(settings::kWeightDecay.defaultValue);

    void validate() const; // throws ConfigError
};

inline std::string_view optimizerName(OptimizerKind kind)
{
    return choiceName(kOptimizerChoices, kind);
}
inline std::optional<OptimizerKind> parseOptimizer(std::string_view name)
{
    return parseChoice(kOptimizerChoices, name);
}

class Optimizer
{
public:
    explicit Optimizer(const OptimizerConfig &config)
        : m_config(config)
    { }
    virtual ~Optimizer() = default;

    // Updates every parameter from its gradient; with clearsGradients(), also sets the gradients
    // to zero in the same sweep (ready for the next backward pass, without a pass of its own).
    virtual void step(const std::vector<Parameter *> &parameters) = 0;
    // Forget all state (velocities, moments, step count).
    virtual void reset() = 0;

    const OptimizerConfig &config() const { return m_config; }
    // Applies from the next step on, keeping the accumulated state.
    void setLearningRate(float learningRate) { m_config.learningRate = learningRate; }
    void setClearsGradients(bool clears) { m_clearsGradients = clears; }
    bool clearsGradients() const { return m_clearsGradients; }

protected:
    OptimizerConfig m_config;
    bool m_clearsGradients = false;
};

std::unique_ptr<Optimizer> makeOptimizer(const OptimizerConfig &config);

} // namespace moe
