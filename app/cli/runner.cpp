#include "app/cli/runner.h"

#include "app/cli/steplog.h"
#include "core/base/error.h"
#include "core/base/parallel.h"
#include "core/train/divergence.h"
#include "core/train/memoryestimate.h"
#include "files/atomicfile.h"
#include "files/modelfile.h"

#include <QCoreApplication>
#include <cmath>
#include <cstdio>

namespace moe::cli {

namespace {
bool allFinite(Model &model)
{
    for (const Parameter *p : model.parameters())
        if (!p->value.allFinite())
            return false;
    return true;
}

bool finite(const EvalStats &e)
{
    return std::isfinite(e.train.loss) && (!e.test || std::isfinite(e.test->loss));
}

// Passes every record on to the step log, and ends training at the first step whose loss has
// diverged (core/train/divergence.h: NaN, infinite, or exploded to 100x its start), as the app
// pauses there: the steps after it would only train on garbage, and evaluations would report it.
class DivergenceWatch : public TrainingObserver
{
public:
    explicit DivergenceWatch(StepLog &log)
        : m_log(log)
    { }
    void onStep(const StepStats &stats) override
    {
        const double loss = stats.loss + stats.auxLoss;
        m_guard.setStart(loss); // the first step's: the untrained model's loss
        if (m_guard.diverged(loss) && !m_at) {
            m_at = stats.step;
            m_loss = loss;
        }
        m_log.onStep(stats);
    }
    void onEvaluation(const EvalStats &stats) override { m_log.onEvaluation(stats); }
    bool stopRequested() const override { return m_at.has_value(); }

    // "the loss exploded to 1.07e+15 (more than 100 times its start, 1.39) at step 4", if so.
    std::optional<std::string> what() const
    {
        if (!m_at)
            return std::nullopt;
        const QString how = std::isfinite(m_loss)
            ? QStringLiteral("the loss exploded to %1 (more than %2 times its start, %3)")
                  .arg(m_loss, 0, 'g', 3)
                  .arg(DivergenceGuard::kExplodedFactor, 0, 'g', 3)
                  .arg(m_guard.start(), 0, 'g', 3)
            : QStringLiteral("the loss became NaN or infinite");
        return how.toStdString() + " at step " + std::to_string(*m_at);
    }

private:
    StepLog &m_log;
    DivergenceGuard m_guard;
    std::optional<Index> m_at;
    double m_loss = 0.0;
};
} // namespace

PreparedData prepareData(const TrainOptions &o)
{
    const datasets::DatasetInfo *builtin = datasets::findBuiltinDataset(o.dataset.name);
    std::filesystem::path dataDir;
    if (builtin && !builtin->file.empty()) // only the bundled sets need the data folder
        dataDir = datasets::findDataDirectory(QCoreApplication::applicationDirPath().toStdString());
    if ((!builtin || !builtin->file.empty()) && (o.dataset.samples > 0 || o.dataset.noise))
        std::fprintf(stderr,
                     "moelab-cli: note: --samples and --noise apply to generated datasets; "
                     "ignored for %s\n",
                     o.dataset.name.c_str());
    const Dataset data = datasets::makeDataset(o.dataset, dataDir);
    PreparedData prepared;
    prepared.name = data.name;
    prepared.split = datasets::prepareData(data, o.testFraction, o.dataset.seed, o.standardize,
                                           &prepared.scaler);
    if (o.testFraction > 0 && prepared.split.test.size() == 0)
        std::fprintf(stderr,
                     "moelab-cli: note: no test samples: every class has too few samples for a "
                     "%.2f test fraction\n",
                     o.testFraction);
    return prepared;
}

ModelConfig modelConfigFor(const TrainOptions &options, const PreparedData &data)
{
    ModelConfig config = options.model;
    config.inputDim = data.split.train.inputDim();
    config.outputDim = data.split.train.outputDim();
    return config;
}

TrainReport trainModel(const ModelConfig &model, const PreparedData &data, const TrainOptions &o,
                       bool progress, const QString &logCsv)
{
    if (!o.saveModel.isEmpty()) // a model that cannot be saved fails now, not after the training
        files::checkWritable(o.saveModel);
    setThreadCount(o.threads);
    // Refused with the numbers before anything is allocated, not killed by the system later.
    const MemoryEstimate need = estimateTrainingMemory(
        model, o.training.batchSize, data.split.train.size() + data.split.test.size());
    checkFitsInMemory(need.bytes, need.parameters,
                      model.blockKind == BlockKind::Moe ? "This MoE model" : "This dense model");
    Trainer trainer(model, data.split.train, data.split.test, o.training);
    const Index steps = o.epochs ? *o.epochs * trainer.batchesPerEpoch() : o.steps;
    StepLog log(logCsv, progress);
    if (progress)
        std::printf("Training %s on %s for %lld steps...\n",
                    model.blockKind == BlockKind::Moe ? "an MoE model" : "a dense model",
                    data.name.c_str(), (long long)steps);
    TrainReport r;
    DivergenceWatch watch(log);
    r.final = trainer.train(steps, &watch);
    log.finish();
    const std::string lrHint = "; try a smaller learning rate (--lr "
        + QString::number(o.training.optimizer.learningRate / 10, 'g', 3).toStdString()
        + ") or check the data's scale";
    if (const std::optional<std::string> what = watch.what())
        throw TrainingDiverged("training diverged: " + *what + lrHint);
    if (!finite(r.final) || !allFinite(trainer.model()))
        throw TrainingDiverged("training diverged: the weights became NaN or infinite by step "
                               + std::to_string(trainer.stepsDone()) + lrHint);

    r.dataset = data.name;
    r.task = data.split.train.task;
    r.trainSamples = trainer.trainSet().size();
    r.testSamples = trainer.testSet().size();
    r.testFraction = o.testFraction;
    r.features = model.inputDim;
    r.outputs = model.outputDim;
    r.model = trainer.model().describe();
    r.modelConfig = model;
    r.cost = trainer.model().cost();
    r.batchSize = std::min(o.training.batchSize, r.trainSamples);
    r.steps = trainer.stepsDone();
    r.epochs = double(trainer.samplesSeen()) / double(r.trainSamples);
    r.time = trainer.timeSpent();
    r.samplesPerSecond = r.time.total > 0 ? double(trainer.samplesSeen()) / r.time.total : 0.0;
    r.threads = threadCount();
    r.seed = o.training.seed;
    if (!o.saveModel.isEmpty()) {
        files::ModelInfo info;
        info.task = data.split.train.task;
        info.classes = data.split.train.numClasses;
        info.scaler = data.scaler;
        info.dataset = o.dataset;
        info.testFraction = o.testFraction;
        info.steps = trainer.stepsDone();
        files::saveModel(o.saveModel, trainer.model(), info);
    }
    return r;
}

} // namespace moe::cli
