#pragma once

// A model is a stack: input projection to width d, N blocks (x -> x + f(x), width d), output head.
//   h0 (T, d) = x (T, in) * P^T + p          projection
//   h_i (T, d) = block_i(h_{i-1})             i = 1..N
//   out (T, o) = h_N * H^T + c                head: class logits or regression values

#include "core/moe/moeconfig.h"
#include "core/nn/activation.h"
#include "core/nn/block.h"
#include "core/nn/linear.h"
#include "core/train/dataset.h"
#include "core/train/trainsettings.h"

#include <memory>
#include <string>
#include <vector>

namespace moe {

enum class BlockKind { Dense, Moe };

struct ModelConfig
{
    int inputDim = 2;
    int outputDim = 2;
    int width = settings::kWidth.defaultInt();   // d, the residual stream
    int hidden = settings::kHidden.defaultInt(); // h, hidden width of each dense FFN block
    int blocks = settings::kBlocks.defaultInt(); // N
    Activation activation = Activation::Relu;
    BlockKind blockKind = BlockKind::Dense; // every block dense FFN, or every block MoE
    MoeConfig moe; // the MoE blocks' settings (expert width: moe.expertHidden)

    // Throws ConfigError naming the first setting out of range.
    void validate() const;
};

// Exact parameter and FLOP accounting, Megatron's counting (docs/moe.md, "Parameters and FLOPs").
struct ModelCost
{
    Index totalParams = 0;              // capacity
    Index activeParamsPerSample = 0;    // what one sample touches
    double forwardFlopsPerSample = 0.0; // projection + blocks + head, multiply-add = 2
    // A training step is ~3x the forward pass per sample (forward + the two backward GEMMs).
    double trainFlopsPerSample() const { return 3.0 * forwardFlopsPerSample; }
};

class Model
{
public:
    Model(const ModelConfig &config, Rng &initRng);
    Model(const Model &) = delete; // m_parameters points into this object: never copied or moved
    Model &operator=(const Model &) = delete;

    const ModelConfig &config() const { return m_config; }
    // out (T, outputDim); keeps every block's input for backward.
    void forward(const Matrix &x, Matrix &out, const ForwardContext &context);
    // dOut = dL/dout of the last forward; accumulates every parameter gradient.
    void backward(const Matrix &dOut);
    void zeroGrad();
    // Every parameter, in a fixed order (listed once, at construction).
    const std::vector<Parameter *> &parameters() { return m_parameters; }
    const std::vector<std::unique_ptr<Block>> &blocks() const { return m_blocks; }
    // The residual stream of the last forward pass: h_0 (after the projection) .. h_N, (T, d).
    const std::vector<Matrix> &streams() const { return m_streams; }
    // Sum of the blocks' auxiliary losses of the last forward pass.
    double auxiliaryLoss() const;
    void afterOptimizerStep();
    bool isMoe() const { return m_config.blockKind == BlockKind::Moe; }
    ModelCost cost() const;
    std::string describe() const;

private:
    ModelConfig m_config;
    Linear m_projection;
    std::vector<std::unique_ptr<Block>> m_blocks;
    Linear m_head;
    Matrix m_input;                // (T, in), cached for the projection's backward
    std::vector<Matrix> m_streams; // N + 1 residual-stream states h_0..h_N, each (T, d)
    std::vector<Parameter *> m_parameters;
    Matrix m_grad, m_gradNext; // backward scratch (T, d)
};

} // namespace moe
