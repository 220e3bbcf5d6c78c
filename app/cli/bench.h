#pragma once

// The measurements behind `moelab-cli bench`: training throughput (after a warm-up, repeated,
// median and spread), a large GEMM as the machine's reference speed, the routing map of a
// 256 x 256 grid, and peak memory. Timings only: nothing here is asserted by a test.

#include "core/train/trainer.h"
#include "datasets/split.h"

#include <string>
#include <vector>

namespace moe::cli {

// Median, minimum and maximum of repeated measurements.
struct Spread
{
    double median = 0.0, min = 0.0, max = 0.0;
};
Spread spreadOf(std::vector<double> values);

struct BenchSettings
{
    int repeats = 5;         // timed repeats per case
    double seconds = 0.5;    // length of one repeat
    Index warmupSteps = 100; // untimed steps first (caches, allocations, Adam's first steps)
};

struct TrainingCase
{
    std::string group; // "default", "experts", "top-k", "batch", "large"
    std::string name;  // "MoE E=16 k=2", "dense h=64"
    ModelConfig model;
    Index batch = 64;
    int threads = 1;
};

struct TrainingResult
{
    TrainingCase spec;
    Spread stepsPerSecond, samplesPerSecond;
    Spread gflops; // training FLOPs (3 x forward) per second, in 10^9
    double forwardFlopsPerSample = 0.0;
    Index totalParams = 0;
};

// The app's default MoE (from files/experiment.h) with E, k, expert width h and width d changed.
ModelConfig moeConfig(int experts, int topK, int hidden = 32, int width = 16);

// The benchmark's cases (the classroom default, against E, k and the batch), each at every thread
// count; their names are bench/reference_torch.py's.
std::vector<TrainingCase> trainingCases(const std::vector<int> &threads);

// Trains spec.model on data.train with spec.batch and spec.threads (Adam, the app's learning
// rate, seed 1): a warm-up, a probe to size the repeats, then the timed repeats.
TrainingResult benchTraining(const TrainingCase &spec, const datasets::TrainTestSplit &data,
                             const BenchSettings &settings);

// The losses of `steps` training steps from a fresh model with `threads` threads: a run's
// fingerprint, for checking that thread counts give the same bits.
std::vector<double> trainingLosses(const ModelConfig &model, Index batch,
                                   const datasets::TrainTestSplit &data, int threads, Index steps);

// GFLOP/s of an n x n by n x n float product (2 n^3 FLOPs), Eigen's blocked GEMM on one block of
// rows per thread.
Spread benchGemm(Index n, int threads, const BenchSettings &settings);

// Milliseconds to evaluate the model and its routing over a side x side grid of the plane: what
// the app computes for its decision and routing maps.
Spread benchRoutingMap(Trainer &trainer, int side, const BenchSettings &settings);

// The process's peak resident memory so far, in MiB (0 where the platform does not say).
double peakMemoryMiB();

} // namespace moe::cli
