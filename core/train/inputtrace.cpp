#include "core/train/inputtrace.h"

#include "core/base/error.h"
#include "core/base/parallel.h"
#include "core/moe/moeblock.h"
#include "core/nn/ffnblock.h"

#include <algorithm>

namespace moe {

namespace {
BlockTrace traceMoeBlock(const MoeBlock &block)
{
    const RoutingDecision &d = block.lastDecision();
    BlockTrace t;
    t.moe = true;
    t.probs = d.probs.row(0);
    t.expertChoice = d.expertChoice;
    t.topK = d.topK;
    for (int s = 0; s < block.sharedExperts(); ++s)
        t.shared.push_back(block.sharedOutputs(s).row(0));
    t.weightedSum = RowVector::Zero(block.width());
    // The engine's combine order (MoeBlock::forward): assignments as the router listed them.
    for (const Assignment &a : d.assignments) {
        if (!a.kept) // evaluation is dropless; kept for a decision that is not
            continue;
        ExpertPath path;
        path.expert = a.expert;
        path.rank = a.rank;
        path.gate = a.gate;
        path.output = block.expertOutputs(a.expert).row(a.slot);
        t.weightedSum += a.gate * path.output;
        t.chosen.push_back(std::move(path));
    }
    std::stable_sort(t.chosen.begin(), t.chosen.end(),
                     [](const ExpertPath &a, const ExpertPath &b) { return a.rank < b.rank; });
    return t;
}
} // namespace

InputTrace traceInput(Model &model, const RowVector &x, bool classification)
{
    const FlushDenormals flush; // as Trainer::predict: the same numbers
    if (x.size() != model.config().inputDim)
        throw ConfigError("traceInput: the model expects " + std::to_string(model.config().inputDim)
                          + " inputs, got " + std::to_string(x.size()));
    const Matrix batch = x; // (1, in)
    Matrix out;
    model.forward(batch, out, ForwardContext {false, nullptr});

    InputTrace trace;
    trace.input = x;
    const std::vector<Matrix> &streams = model.streams();
    for (std::size_t i = 0; i < model.blocks().size(); ++i) {
        const Block &block = *model.blocks()[i];
        const auto *moeBlock = dynamic_cast<const MoeBlock *>(&block);
        BlockTrace t = moeBlock ? traceMoeBlock(*moeBlock) : BlockTrace {};
        if (const auto *ffnBlock = dynamic_cast<const FfnBlock *>(&block))
            t.hidden = ffnBlock->ffn().lastHidden().row(0);
        t.input = streams[i].row(0);
        t.output = streams[i + 1].row(0);
        t.update = t.output - t.input;
        trace.blocks.push_back(std::move(t));
    }
    trace.output = out.row(0);
    if (classification) {
        const RowVector shifted = trace.output.array() - trace.output.maxCoeff();
        const RowVector e = shifted.array().exp();
        trace.probabilities = e / e.sum();
        Index best = 0;
        trace.output.maxCoeff(&best);
        trace.predictedClass = int(best);
    }
    return trace;
}

} // namespace moe
