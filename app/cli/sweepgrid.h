#pragma once

// The grid of a sweep and what every way of running it shares (app/cli/sweepcommand.cpp trains it
// in one process; app/cli/sweepruns.cpp plans it as one command per run and merges the results):
// the runs the options describe, each seed's data, how one run is trained, and the tradeoff.csv,
// summary and charts written from the runs' reports.

#include "app/cli/chartoptions.h"
#include "app/cli/runner.h"

#include <QCommandLineParser>
#include <vector>

namespace moe::cli {

struct Job
{
    ModelConfig config;
    std::size_t dataIndex = 0; // which seed's data
    std::uint64_t seed = 0;
};

// The grid the options describe, seed-major: every configuration for the first seed, then for
// the next. The configs get the data's input and output widths when the data is loaded.
struct SweepGrid
{
    std::vector<Job> jobs;
    int seeds = 1;
};

SweepGrid gridJobs(const QCommandLineParser &parser, const TrainOptions &options);
// Seed s of the sweep draws its own data: the dataset and split seeds move with the run's seed.
PreparedData dataForSeed(const TrainOptions &options, std::size_t s);
// One run as every mode trains it: single-threaded, with its own seed, on its seed's data.
TrainReport trainJob(Job &job, const PreparedData &data, const TrainOptions &options);
// tradeoff.csv, the summary table and the charts: the same whether the runs were trained here
// or gathered with --merge. `how` says where the runs came from ("4 at a time").
void writeResults(const std::vector<Job> &jobs, const std::vector<TrainReport> &reports, int seeds,
                  const ChartOptions &charts, const QString &how);
// Creates `dir` (before hours of training, not after); throws naming it.
void makeFolder(const QString &dir);

} // namespace moe::cli
