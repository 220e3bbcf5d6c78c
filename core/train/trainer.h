#pragma once

// Mini-batch training of one model on one dataset. The training set is shuffled at the start of
// every epoch by the trainer's own seeded generator; the last batch of an epoch may be smaller.
// Everything random (initialisation, shuffling, stochastic routers) derives from config.seed.

#include "core/moe/moeblock.h"
#include "core/train/dataset.h"
#include "core/train/model.h"
#include "core/train/optimizer.h"
#include "core/train/trainingstats.h"
#include "core/train/trainsettings.h"

#include <memory>

namespace moe {

struct TrainingConfig
{
    OptimizerConfig optimizer;
    Index batchSize = Index(settings::kBatchSize.defaultValue);
    // Steps between evaluations (0 = only at the end of train()).
    Index evalEvery = Index(settings::kEvalEvery.defaultValue);
    std::uint64_t seed = std::uint64_t(settings::kSeed.defaultValue);

    void validate() const; // throws ConfigError
};

// Which training samples the last step's batch held, and which of their router choices the
// experts' capacity dropped there (token-choice routers; expert choice drops nothing, it leaves
// tokens unpicked). Kept at the step, since any later forward pass (a map, an evaluation)
// replaces the blocks' own decisions.
struct DroppedChoice
{
    Index sample = 0; // row of the training set
    int block = 0;    // MoE block, 0-based
    int rank = 0;     // 0 = the sample's first choice
    int expert = 0;
};

struct LastBatch
{
    Index step = 0;                     // the step that trained it (0: none yet)
    std::vector<Index> samples;         // training-set rows, in batch order
    std::vector<Index> capacity;        // per MoE block: slots per expert C in that batch
    std::vector<DroppedChoice> dropped; // by block, then batch order and rank
    bool contains(Index sample) const;
    std::vector<DroppedChoice> droppedFor(Index sample) const;
};

class Trainer
{
public:
    // The model's input and output widths must match the data (ConfigError otherwise).
    Trainer(const ModelConfig &modelConfig, Dataset train, Dataset test,
            const TrainingConfig &config);

    StepStats step();
    // Runs `steps` steps, reporting each to the observer, evaluating every evalEvery steps and
    // after the last one. Returns the final evaluation; when the observer asks to stop after a
    // step, returns at once with the last evaluation made (none: step 0).
    EvalStats train(Index steps, TrainingObserver *observer = nullptr);
    Metrics evaluate(const Dataset &data);
    // Model outputs (T, outputDim) for inputs x (T, inputDim) in evaluation mode: logits for
    // classification, values for regression. For maps over the input plane.
    void predict(const Matrix &x, Matrix &out);
    EvalStats evaluate();
    // Routes x (T, inputDim) through the model in evaluation mode and returns every MoE block's
    // decision (chosen experts, gates, full router probabilities), e.g. for a grid over the plane.
    std::vector<RoutingDecision> inspectRouting(const Matrix &x);
    const std::vector<MoeBlock *> &moeBlocks() const { return m_moeBlocks; }
    const LastBatch &lastBatch() const { return m_lastBatch; }

    // Settings that apply from the next step without rebuilding (the app's sliders).
    void setLearningRate(float learningRate) { m_optimizer->setLearningRate(learningRate); }
    void setMoeLiveSettings(const MoeConfig &config);

    Model &model() { return *m_model; }
    const Model &model() const { return *m_model; }
    Optimizer &optimizer() { return *m_optimizer; }
    const TrainingConfig &config() const { return m_config; }
    const Dataset &trainSet() const { return m_train; }
    const Dataset &testSet() const { return m_test; }
    Index stepsDone() const { return m_steps; }
    Index samplesSeen() const { return m_samplesSeen; }
    double trainingSeconds() const { return m_time.total; } // sum of StepStats::time.total
    const StepTime &timeSpent() const { return m_time; }    // sum of StepStats::time
    Index batchesPerEpoch() const;

private:
    void gatherBatch(Index begin, Index end);
    void recordBatch(Index begin, Index end); // m_lastBatch, after the step's forward pass

    TrainingConfig m_config;
    Dataset m_train, m_test;
    Rng m_rng; // shuffling and stochastic routing, after the init stream was split off
    std::unique_ptr<Model> m_model;
    std::unique_ptr<Optimizer> m_optimizer;
    std::vector<Index> m_order;
    Index m_cursor = 0, m_epoch = 0, m_steps = 0, m_samplesSeen = 0;
    StepTime m_time;               // every step's, summed
    bool m_gradientsClear = false; // the optimiser left every gradient at zero after its step
    Matrix m_batchX, m_batchTargets, m_output, m_dOutput;
    std::vector<int> m_batchLabels;
    std::vector<MoeBlock *> m_moeBlocks;        // owned by the model
    std::vector<RoutingCounts> m_routingWindow; // per MoE block, since the last evaluation
    LastBatch m_lastBatch;
};

} // namespace moe
