#include "files/experiment.h"

#include "core/base/error.h"
#include "core/moe/moeflops.h"

#include <string>
#include <tuple>

namespace moe {

std::optional<DenseBaseline> parseBaseline(std::string_view name)
{
    if (name == "match-compute") // before the router was counted: the experts' FLOPs only
        return DenseBaseline::MatchExpertCompute;
    return parseChoice(kBaselineChoices, name);
}

std::string_view baselineTitle(DenseBaseline baseline)
{
    switch (baseline) {
    case DenseBaseline::MatchExpertCompute:
        return "matched expert compute (router left out)";
    case DenseBaseline::MatchTotalCompute:
        return "matched total compute (router included)";
    case DenseBaseline::MatchParameters:
        return "matched parameters";
    case DenseBaseline::Custom:
        break;
    }
    return "custom width";
}

Experiment::Experiment()
{
    model.blockKind = BlockKind::Moe; // every other setting starts at its table's default
}

void Experiment::validate() const
{
    if (model.blocks < 1)
        throw ConfigError("an experiment compares an MoE block with a dense one: it needs at least "
                          "1 block, got "
                          + std::to_string(model.blocks));
    moeModel().validate();
    denseModel().validate();
    training.validate();
}

ModelConfig Experiment::moeModel() const
{
    ModelConfig m = model;
    m.blockKind = BlockKind::Moe;
    return m;
}

ModelConfig Experiment::denseModel() const
{
    ModelConfig m = model;
    m.blockKind = BlockKind::Dense;
    switch (baseline) {
    case DenseBaseline::MatchExpertCompute:
        m.hidden = matchedExpertComputeHidden(model.moe);
        break;
    case DenseBaseline::MatchTotalCompute:
        m.hidden = matchedTotalComputeHidden(model.moe, model.width);
        break;
    case DenseBaseline::MatchParameters:
        m.hidden = matchedParametersHidden(model.moe);
        break;
    case DenseBaseline::Custom:
        m.hidden = customHidden;
        break;
    }
    return m;
}

Experiment classroomDemo()
{
    Experiment e;
    e.dataset.name = "grid";
    e.model.width = 8;
    e.model.blocks = 2;
    MoeConfig &m = e.model.moe;
    m.experts = 16;
    m.topK = 2;
    m.expertHidden = 16;
    m.router = RouterKind::TopK;
    m.capacityFactor.reset();
    m.balanceLoss = 0.01;
    e.training.batchSize = 1024;
    e.training.optimizer.learningRate = 0.01f;
    e.steps = 3000;
    e.stepBudget = 3000;
    e.stepsPerSecond = 50; // the whole budget in a minute; learning visible from the first seconds
    return e;
}

bool Experiment::needsNewData(const Experiment &n) const
{
    // Every field of the data's description (grid cells and classes included) and the split.
    return !(dataset == n.dataset) || testFraction != n.testFraction;
}

bool Experiment::needsRebuild(const Experiment &n) const
{
    const MoeConfig &a = model.moe, &b = n.model.moe;
    const bool structure = std::tie(model.width, model.blocks, model.activation, a.experts, a.topK,
                                    a.expertHidden, a.router, a.renormalize, a.sharedExperts)
        != std::tie(n.model.width, n.model.blocks, n.model.activation, b.experts, b.topK,
                    b.expertHidden, b.router, b.renormalize, b.sharedExperts);
    const bool dense = denseModel().hidden != n.denseModel().hidden;
    const auto &o = training.optimizer, &p = n.training.optimizer;
    const bool training_ = o.kind != p.kind || o.weightDecay != p.weightDecay
        || training.batchSize != n.training.batchSize || training.seed != n.training.seed;
    return needsNewData(n) || structure || dense || training_;
}

} // namespace moe
