#pragma once

// Optimisers update parameters in place from their accumulated gradients. State (velocity, Adam
// moments) is kept per parameter, in the order parameters() returns them, and created on first use.

#include "core/base/parameter.h"

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace moe {

enum class OptimizerKind { Sgd, Momentum, Adam };

// Below this many parameters in all, an update runs on one thread (waking others costs more).
inline constexpr Index kParallelParameters = Index(1) << 18;

struct OptimizerConfig
{
    OptimizerKind kind = OptimizerKind::Adam;
    float learningRate = 0.01f;
    float momentum = 0.9f; // Momentum only
    float beta1 = 0.9f;    // Adam
    float beta2 = 0.999f;  // Adam
    float epsilon = 1e-8f; // Adam
    // SGD/Momentum: L2 term added to the gradient; Adam: decoupled decay (AdamW). Weights only.
    float weightDecay = 0.0f;

    void validate() const; // throws ConfigError
};

std::string_view optimizerName(OptimizerKind kind);
std::optional<OptimizerKind> parseOptimizer(std::string_view name); // "sgd", "momentum", "adam"

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
