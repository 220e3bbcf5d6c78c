#include "core/train/model.h"

#include "core/base/error.h"
#include "core/moe/moeblock.h"
#include "core/nn/ffnblock.h"
#include "core/train/trainsettings.h"

namespace moe {

void ModelConfig::validate() const
{
    settings::kInputDim.require(inputDim);
    settings::kOutputDim.require(outputDim);
    settings::kWidth.require(width);
    // A dense baseline matching the parameters of 256 + 4 experts of 512 needs 133,120.
    settings::kHidden.require(hidden);
    settings::kBlocks.require(blocks);
    if (blockKind == BlockKind::Moe)
        moe.validate();
}

Model::Model(const ModelConfig &config, Rng &initRng)
    : m_config((config.validate(), config))
    , m_projection("projection", config.inputDim, config.width, InitScheme::Xavier, initRng)
    , m_head("head", config.width, config.outputDim, InitScheme::Xavier, initRng)
{
    for (int i = 0; i < config.blocks; ++i) {
        const std::string name = "block" + std::to_string(i + 1);
        if (config.blockKind == BlockKind::Moe)
            m_blocks.push_back(std::make_unique<MoeBlock>(name, config.width, config.moe,
                                                          config.activation, initRng));
        else
            m_blocks.push_back(std::make_unique<FfnBlock>(name, config.width, config.hidden,
                                                          config.activation, initRng));
    }
    m_streams.resize(m_blocks.size() + 1);
    m_parameters = {&m_projection.weight(), &m_projection.bias()};
    for (auto &block : m_blocks)
        for (Parameter *p : block->parameters())
            m_parameters.push_back(p);
    m_parameters.push_back(&m_head.weight());
    m_parameters.push_back(&m_head.bias());
}

void Model::forward(const Matrix &x, Matrix &out, const ForwardContext &context)
{
    m_input = x;
    m_projection.forward(x, m_streams[0]);
    for (std::size_t i = 0; i < m_blocks.size(); ++i)
        m_blocks[i]->forward(m_streams[i], m_streams[i + 1], context);
    m_head.forward(m_streams.back(), out);
}

void Model::backward(const Matrix &dOut)
{
    m_head.backward(m_streams.back(), dOut, &m_grad);
    for (std::size_t i = m_blocks.size(); i-- > 0;) {
        m_blocks[i]->backward(m_streams[i], m_grad, m_gradNext);
        std::swap(m_grad, m_gradNext);
    }
    m_projection.backward(m_input, m_grad, nullptr); // no gradient w.r.t. the data
}

void Model::zeroGrad()
{
    for (Parameter *p : parameters())
        p->zeroGrad();
}

double Model::auxiliaryLoss() const
{
    double sum = 0.0;
    for (const auto &block : m_blocks)
        sum += block->auxiliaryLoss();
    return sum;
}

void Model::afterOptimizerStep()
{
    for (auto &block : m_blocks)
        block->afterOptimizerStep();
}

ModelCost Model::cost() const
{
    ModelCost cost;
    cost.totalParams = m_projection.parameterCount() + m_head.parameterCount();
    cost.activeParamsPerSample = cost.totalParams;
    cost.forwardFlopsPerSample
        = m_projection.forwardFlopsPerSample() + m_head.forwardFlopsPerSample();
    for (const auto &block : m_blocks) {
        const BlockCost b = block->cost();
        cost.totalParams += b.totalParams;
        cost.activeParamsPerSample += b.activeParams;
        cost.forwardFlopsPerSample += b.forwardFlops;
    }
    return cost;
}

std::string Model::describe() const
{
    std::string text = "input " + std::to_string(m_config.inputDim) + " -> width "
        + std::to_string(m_config.width);
    for (const auto &block : m_blocks)
        text += " | " + block->describe();
    return text + " | head -> " + std::to_string(m_config.outputDim);
}

} // namespace moe
