#include "core/train/trainer.h"

#include "core/base/error.h"
#include "core/base/parallel.h"
#include "core/nn/loss.h"

#include <algorithm>
#include <chrono>
#include <numeric>

namespace moe {

namespace {
constexpr Index kEvalChunk = 512; // rows per forward pass during evaluation

// The data must fit the model: widths, label range, one label or target row per sample.
void checkFits(const Dataset &data, const ModelConfig &config, const std::string &which)
{
    if (data.size() == 0)
        return;
    if (config.inputDim != data.inputDim() || config.outputDim != data.outputDim())
        throw ConfigError("the model expects " + std::to_string(config.inputDim) + " inputs and "
                          + std::to_string(config.outputDim) + " outputs, but the " + which
                          + " has " + std::to_string(data.inputDim()) + " features and "
                          + std::to_string(data.outputDim()) + " outputs");
    if (data.isClassification()) {
        if (Index(data.labels.size()) != data.size())
            throw DataError("the " + which + " has " + std::to_string(data.size()) + " samples but "
                            + std::to_string(data.labels.size()) + " labels");
        for (std::size_t i = 0; i < data.labels.size(); ++i)
            if (data.labels[i] < 0 || data.labels[i] >= data.numClasses)
                throw DataError("the " + which + " has label " + std::to_string(data.labels[i])
                                + " at sample " + std::to_string(i + 1) + ", outside 0.."
                                + std::to_string(data.numClasses - 1));
    } else if (data.targets.rows() != data.size()) {
        throw DataError("the " + which + " has " + std::to_string(data.size()) + " samples but "
                        + std::to_string(data.targets.rows()) + " targets");
    }
}
} // namespace

void TrainingConfig::validate() const
{
    optimizer.validate();
    settings::kBatchSize.require(double(batchSize));
    settings::kEvalEvery.require(double(evalEvery));
    settings::kSeed.require(double(seed));
}

Trainer::Trainer(const ModelConfig &modelConfig, Dataset train, Dataset test,
                 const TrainingConfig &config)
    : m_config((config.validate(), config))
    , m_train(std::move(train))
    , m_test(std::move(test))
    , m_rng(config.seed)
{
    if (m_train.size() == 0)
        throw ConfigError("the training set is empty");
    checkFits(m_train, modelConfig, "training set");
    checkFits(m_test, modelConfig, "test set");
    Rng initRng = m_rng.split();
    m_model = std::make_unique<Model>(modelConfig, initRng);
    for (const auto &block : m_model->blocks())
        if (auto *moeBlock = dynamic_cast<MoeBlock *>(block.get()))
            m_moeBlocks.push_back(moeBlock);
    m_routingWindow.resize(m_moeBlocks.size());
    m_optimizer = makeOptimizer(m_config.optimizer);
    m_optimizer->setClearsGradients(true); // no separate zeroing pass before each step
    m_order.resize(static_cast<std::size_t>(m_train.size()));
    std::iota(m_order.begin(), m_order.end(), Index(0));
    m_rng.shuffle(m_order);
}

Index Trainer::batchesPerEpoch() const
{
    const Index batch = std::min(m_config.batchSize, m_train.size());
    return (m_train.size() + batch - 1) / batch;
}

void Trainer::gatherBatch(Index begin, Index end)
{
    const Index rows = end - begin;
    m_batchX.resize(rows, m_train.features.cols());
    if (m_train.isClassification())
        m_batchLabels.resize(static_cast<std::size_t>(rows));
    else
        m_batchTargets.resize(rows, m_train.targets.cols());
    for (Index i = 0; i < rows; ++i) {
        const Index r = m_order[static_cast<std::size_t>(begin + i)];
        m_batchX.row(i) = m_train.features.row(r);
        if (m_train.isClassification())
            m_batchLabels[static_cast<std::size_t>(i)]
                = m_train.labels[static_cast<std::size_t>(r)];
        else
            m_batchTargets.row(i) = m_train.targets.row(r);
    }
}

bool LastBatch::contains(Index sample) const
{
    return std::find(samples.begin(), samples.end(), sample) != samples.end();
}

std::vector<DroppedChoice> LastBatch::droppedFor(Index sample) const
{
    std::vector<DroppedChoice> found;
    for (const DroppedChoice &d : dropped)
        if (d.sample == sample)
            found.push_back(d);
    return found;
}

void Trainer::recordBatch(Index begin, Index end)
{
    m_lastBatch.step = m_steps + 1;
    m_lastBatch.samples.assign(m_order.begin() + begin, m_order.begin() + end);
    m_lastBatch.capacity.clear();
    m_lastBatch.dropped.clear();
    for (std::size_t b = 0; b < m_moeBlocks.size(); ++b) {
        const RoutingDecision &d = m_moeBlocks[b]->lastDecision();
        m_lastBatch.capacity.push_back(d.capacity);
        for (const Assignment &a : d.assignments)
            if (!a.kept)
                m_lastBatch.dropped.push_back(
                    {m_lastBatch.samples[std::size_t(a.token)], int(b), a.rank, a.expert});
    }
}

StepStats Trainer::step()
{
    // Six clock reads a step (and three per forward and backward of each MoE block): where the
    // time goes, never per token. Timing reads the clock only; no result depends on it.
    using Clock = std::chrono::steady_clock;
    const FlushDenormals flush;
    const Clock::time_point start = Clock::now();
    if (m_cursor >= m_train.size()) { // new epoch, new order
        m_rng.shuffle(m_order);
        m_cursor = 0;
        ++m_epoch;
    }
    const Index begin = m_cursor;
    const Index end = std::min(m_train.size(), begin + m_config.batchSize);
    m_cursor = end;
    gatherBatch(begin, end);

    StepStats stats;
    stats.epoch = m_epoch;
    stats.samples = end - begin;
    if (!m_gradientsClear) // the first step, or one that stopped half-way
        m_model->zeroGrad();
    m_gradientsClear = false;
    for (MoeBlock *block : m_moeBlocks)
        block->resetTime();
    const Clock::time_point forwardStart = Clock::now();
    m_model->forward(m_batchX, m_output, ForwardContext {true, &m_rng});
    if (m_train.isClassification()) {
        stats.loss = softmaxCrossEntropy(m_output, m_batchLabels, &m_dOutput);
        stats.accuracy = double(countCorrect(m_output, m_batchLabels)) / double(stats.samples);
    } else {
        stats.loss = meanSquaredError(m_output, m_batchTargets, &m_dOutput);
    }
    stats.auxLoss = m_model->auxiliaryLoss();
    const Clock::time_point forwardEnd = Clock::now();
    recordBatch(begin, end);
    for (std::size_t i = 0; i < m_moeBlocks.size(); ++i) {
        RoutingCounts counts;
        counts.add(m_moeBlocks[i]->lastDecision(), m_batchLabels, m_train.numClasses);
        stats.routing.push_back(summarizeRouting(counts, *m_moeBlocks[i]));
        m_routingWindow[i].add(counts);
    }
    const Clock::time_point backwardStart = Clock::now();
    m_model->backward(m_dOutput);
    const Clock::time_point optimizerStart = Clock::now();
    m_optimizer->step(m_model->parameters());
    m_gradientsClear = m_optimizer->clearsGradients();
    m_model->afterOptimizerStep();
    const Clock::time_point finish = Clock::now();

    // The MoE blocks' spans lie inside forward and backward: the rest is their difference, in
    // exact clock ticks, so the four parts never add up to more than the step.
    Clock::duration routing {}, experts {};
    for (const MoeBlock *block : m_moeBlocks) {
        routing += block->timeSpent().routing;
        experts += block->timeSpent().experts;
    }
    const Clock::duration model = (forwardEnd - forwardStart) + (optimizerStart - backwardStart);
    const auto seconds = [](Clock::duration d) { return std::chrono::duration<double>(d).count(); };
    stats.time.routing = seconds(routing);
    stats.time.experts = seconds(experts);
    stats.time.rest = seconds(model - routing - experts);
    stats.time.optimizer = seconds(finish - optimizerStart);
    stats.time.total = seconds(finish - start);
    m_time += stats.time;

    stats.step = ++m_steps;
    m_samplesSeen += stats.samples;
    return stats;
}

Metrics Trainer::evaluate(const Dataset &data)
{
    const FlushDenormals flush;
    checkFits(data, m_model->config(), "evaluated set");
    Metrics metrics;
    metrics.samples = data.size();
    if (data.size() == 0)
        return metrics;
    double lossSum = 0.0;
    Index correct = 0;
    Matrix out;
    const ForwardContext context {false, nullptr};
    for (Index begin = 0; begin < data.size(); begin += kEvalChunk) {
        const Index rows = std::min(kEvalChunk, data.size() - begin);
        m_model->forward(data.features.middleRows(begin, rows), out, context);
        if (data.isClassification()) {
            std::span<const int> labels(data.labels.data() + begin, static_cast<std::size_t>(rows));
            lossSum += softmaxCrossEntropy(out, labels, nullptr) * double(rows);
            correct += countCorrect(out, labels);
        } else {
            lossSum += meanSquaredError(out, data.targets.middleRows(begin, rows), nullptr)
                * double(rows);
        }
    }
    metrics.loss = lossSum / double(data.size());
    if (data.isClassification())
        metrics.accuracy = double(correct) / double(data.size());
    return metrics;
}

void Trainer::setMoeLiveSettings(const MoeConfig &config)
{
    for (MoeBlock *block : m_moeBlocks)
        block->setLiveSettings(config);
}

void Trainer::predict(const Matrix &x, Matrix &out)
{
    const FlushDenormals flush;
    if (x.cols() != m_model->config().inputDim)
        throw ConfigError("predict: the model expects " + std::to_string(m_model->config().inputDim)
                          + " inputs, got " + std::to_string(x.cols()));
    m_model->forward(x, out, ForwardContext {false, nullptr});
}

std::vector<RoutingDecision> Trainer::inspectRouting(const Matrix &x)
{
    const FlushDenormals flush;
    Matrix out;
    m_model->forward(x, out, ForwardContext {false, nullptr});
    std::vector<RoutingDecision> decisions;
    for (const MoeBlock *block : m_moeBlocks)
        decisions.push_back(block->lastDecision());
    return decisions;
}

EvalStats Trainer::evaluate()
{
    EvalStats stats;
    stats.step = m_steps;
    for (std::size_t i = 0; i < m_moeBlocks.size(); ++i) {
        stats.routing.push_back(summarizeRouting(m_routingWindow[i], *m_moeBlocks[i]));
        m_routingWindow[i] = RoutingCounts {};
    }
    stats.train = evaluate(m_train);
    if (m_test.size() > 0)
        stats.test = evaluate(m_test);
    return stats;
}

EvalStats Trainer::train(Index steps, TrainingObserver *observer)
{
    EvalStats last;
    bool evaluatedLast = false;
    for (Index i = 0; i < steps; ++i) {
        const StepStats stats = step();
        if (observer)
            observer->onStep(stats);
        if (observer && observer->stopRequested())
            return last;
        evaluatedLast = m_config.evalEvery > 0 && m_steps % m_config.evalEvery == 0;
        if (evaluatedLast) {
            last = evaluate();
            if (observer)
                observer->onEvaluation(last);
        }
    }
    if (!evaluatedLast) {
        last = evaluate();
        if (observer)
            observer->onEvaluation(last);
    }
    return last;
}

} // namespace moe
