#include "app/cli/bench.h"

#include "core/base/parallel.h"
#include "files/experiment.h"
#include "ui/maps/planemaps.h"

#include <algorithm>
#include <chrono>

#ifdef __linux__
#include <sys/resource.h>
#endif

namespace moe::cli {

namespace {
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// The app's training settings (Adam, its learning rate, seed 1) with the case's batch.
TrainingConfig trainingFor(Index batch)
{
    TrainingConfig config = Experiment().training;
    config.batchSize = batch;
    config.evalEvery = 0; // only the training steps are timed
    return config;
}

ModelConfig sizedFor(ModelConfig model, const datasets::TrainTestSplit &data)
{
    model.inputDim = int(data.train.features.cols());
    model.outputDim = data.train.numClasses;
    return model;
}

// Runs `body` `settings.repeats` times after one untimed call; each call does `work` units.
template<typename Body>
std::vector<double> ratesOf(const BenchSettings &settings, double work, Body body)
{
    body();
    std::vector<double> rates;
    for (int r = 0; r < settings.repeats; ++r) {
        const Clock::time_point start = Clock::now();
        body();
        rates.push_back(work / secondsSince(start));
    }
    return rates;
}

ModelConfig denseConfig(int hidden)
{
    ModelConfig m = Experiment().denseModel();
    m.hidden = hidden;
    return m;
}
} // namespace

Spread spreadOf(std::vector<double> values)
{
    if (values.empty())
        return {};
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    const double median = n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
    return {median, values.front(), values.back()};
}

TrainingResult benchTraining(const TrainingCase &spec, const datasets::TrainTestSplit &data,
                             const BenchSettings &settings)
{
    setThreadCount(spec.threads);
    Trainer trainer(sizedFor(spec.model, data), data.train, data.test, trainingFor(spec.batch));
    for (Index i = 0; i < settings.warmupSteps; ++i)
        trainer.step();
    // A probe sizes the repeats: each should last about settings.seconds.
    const Clock::time_point probe = Clock::now();
    constexpr Index kProbeSteps = 20;
    for (Index i = 0; i < kProbeSteps; ++i)
        trainer.step();
    const double perStep = secondsSince(probe) / double(kProbeSteps);
    const Index steps = std::max<Index>(kProbeSteps, Index(settings.seconds / perStep));

    TrainingResult result;
    result.spec = spec;
    const ModelCost cost = trainer.model().cost();
    result.forwardFlopsPerSample = cost.forwardFlopsPerSample;
    result.totalParams = cost.totalParams;
    std::vector<double> stepRates, sampleRates, gflops;
    for (int r = 0; r < settings.repeats; ++r) {
        const Index samplesBefore = trainer.samplesSeen();
        const Clock::time_point start = Clock::now();
        for (Index i = 0; i < steps; ++i)
            trainer.step();
        const double seconds = secondsSince(start);
        const auto samples = double(trainer.samplesSeen() - samplesBefore);
        stepRates.push_back(double(steps) / seconds);
        sampleRates.push_back(samples / seconds);
        // Training FLOPs: the forward pass, and twice that for the backward (inputs and weights).
        gflops.push_back(3.0 * cost.forwardFlopsPerSample * samples / seconds * 1e-9);
    }
    result.stepsPerSecond = spreadOf(stepRates);
    result.samplesPerSecond = spreadOf(sampleRates);
    result.gflops = spreadOf(gflops);
    setThreadCount(1);
    return result;
}

std::vector<double> trainingLosses(const ModelConfig &model, Index batch,
                                   const datasets::TrainTestSplit &data, int threads, Index steps)
{
    setThreadCount(threads);
    Trainer trainer(sizedFor(model, data), data.train, data.test, trainingFor(batch));
    std::vector<double> losses;
    for (Index i = 0; i < steps; ++i)
        losses.push_back(trainer.step().loss);
    setThreadCount(1);
    return losses;
}

Spread benchGemm(Index n, int threads, const BenchSettings &settings)
{
    // Eigen's own blocked product, one contiguous block of rows per thread: the best this
    // library does on this machine, so the reference is not handicapped by our chunking.
    setThreadCount(threads);
    const Matrix a = Matrix::Random(n, n), b = Matrix::Random(n, n);
    Matrix c(n, n);
    const Index rowsPerThread = (n + threads - 1) / threads;
    const auto product = [&] {
        forEachChunk(n, rowsPerThread, true, [&](Index begin, Index end) {
            c.middleRows(begin, end - begin).noalias() = a.middleRows(begin, end - begin) * b;
        });
    };
    const Spread s
        = spreadOf(ratesOf(settings, 2.0 * double(n) * double(n) * double(n) * 1e-9, product));
    setThreadCount(1);
    return s;
}

Spread benchRoutingMap(Trainer &trainer, int side, const BenchSettings &settings)
{
    ui::PlaneGrid grid = ui::PlaneGrid::around(trainer.trainSet().features, side);
    datasets::Standardizer scaler;
    scaler.fit(trainer.trainSet().features);
    const auto maps = [&] {
        ui::decisionMap(trainer, grid, scaler);
        if (!trainer.moeBlocks().empty())
            ui::routingMap(trainer, grid, scaler, 0, false);
    };
    // Rates are maps per second; the caller wants milliseconds per map.
    const Spread perSecond = spreadOf(ratesOf(settings, 1.0, maps));
    return {1000.0 / perSecond.median, 1000.0 / perSecond.max, 1000.0 / perSecond.min};
}

double peakMemoryMiB()
{
#ifdef __linux__
    rusage usage {};
    if (getrusage(RUSAGE_SELF, &usage) == 0)
        return double(usage.ru_maxrss) / 1024.0; // kilobytes on Linux
#endif
    return 0.0;
}

ModelConfig moeConfig(int experts, int topK, int hidden, int width)
{
    ModelConfig m = Experiment().moeModel();
    m.moe.experts = experts;
    m.moe.topK = topK;
    m.moe.expertHidden = hidden;
    m.width = width;
    return m;
}

std::vector<TrainingCase> trainingCases(const std::vector<int> &threads)
{
    std::vector<TrainingCase> cases;
    const auto add
        = [&](const char *group, const std::string &name, const ModelConfig &model, Index batch) {
              for (int t : threads)
                  cases.push_back({group, name, model, batch, t});
          };
    add("default", "default MoE", moeConfig(8, 2), 64);
    add("default", "default dense", denseConfig(64), 64);
    for (int e : {4, 16, 32, 64})
        add("experts", "MoE E=" + std::to_string(e), moeConfig(e, 2), 64);
    for (int k : {1, 4})
        add("top-k", "MoE E=16 k=" + std::to_string(k), moeConfig(16, k), 64);
    for (Index b : {256, 1024})
        add("batch", "default MoE, batch " + std::to_string(b), moeConfig(8, 2), b);
    return cases;
}

} // namespace moe::cli
