// `moelab-cli sweep`: the data behind the capacity-versus-compute chart. Every MoE configuration
// (E x k, k <= E) and every dense width is trained for each seed; one CSV row per run goes to
// DIR/tradeoff.csv. Runs go in parallel, one single-threaded run per core, so each run's numbers
// are exactly those of the same run alone (only its wall time feels the neighbours).
//
// Beyond one machine (docs/cli.md): `--plan FILE` writes one shell command per run, each of which
// (`--run N`) trains run N of the same grid and writes DIR/run-000N.json; `--merge DIR...` reads
// those files back into the tradeoff.csv and charts that a sweep in one process writes.

#include "app/cli/command.h"
#include "app/cli/sweepgrid.h"
#include "app/cli/sweepruns.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>

namespace moe::cli {

namespace {
// Every run of the grid in this process, `workers` at a time. Throws the first failed run's error.
std::vector<TrainReport> trainAll(std::vector<Job> &jobs, const std::vector<PreparedData> &data,
                                  const TrainOptions &options, int workers)
{
    std::vector<TrainReport> reports(jobs.size());
    std::vector<std::string> errors(jobs.size());
    std::atomic<std::size_t> next {0}, done {0};
    std::mutex printMutex;
    auto work = [&] {
        for (std::size_t i = next++; i < jobs.size(); i = next++) {
            try {
                reports[i] = trainJob(jobs[i], data[jobs[i].dataIndex], options);
            } catch (const std::exception &error) {
                errors[i] = error.what();
            }
            std::lock_guard lock(printMutex);
            std::fprintf(stderr, "\rsweep: %zu of %zu runs done", ++done, jobs.size());
        }
    };
    std::vector<std::thread> pool;
    for (int w = 0; w < workers; ++w)
        pool.emplace_back(work);
    for (std::thread &t : pool)
        t.join();
    std::fprintf(stderr, "\n");
    for (std::size_t i = 0; i < jobs.size(); ++i)
        if (!errors[i].empty())
            throw std::runtime_error("run " + std::to_string(i + 1) + " failed: " + errors[i]);
    return reports;
}

bool isMerge(const QStringList &arguments)
{
    return arguments.contains(QStringLiteral("--merge"))
        || arguments.contains(QStringLiteral("-merge"));
}
} // namespace

int runSweep(const QStringList &arguments)
{
    if (isMerge(arguments))
        return runMerge(arguments);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Train every MoE configuration (--experts x --top-k) and dense width for several seeds\n"
        "and write DIR/tradeoff.csv: parameters, active parameters, FLOPs, time per step, loss\n"
        "and accuracy per run. Takes the options of `train` for everything else.\n"
        "Across machines: --plan FILE writes one command per run (for GNU parallel or a Slurm\n"
        "array job), each writing DIR/run-NNNN.json; `sweep --merge DIR... --out DIR` gathers\n"
        "them into the same tradeoff.csv and charts."));
    const OptionDefaults defaults {"moe", "1,2,4,8,16,32", "1,2", true};
    addTrainOptions(parser, defaults);
    parser.addOptions(
        {{"dense-widths", "Hidden widths of the dense runs, or none.", "LIST", "32,64,128,256"},
         {"seeds", "Seeds per configuration (seed, seed+1, ...).", "N", "3"},
         {"out",
          "Folder for tradeoff.csv and the charts (created if missing); with --plan, "
          "the folder the runs write their results into.",
          "DIR"},
         {"format", "Chart formats: any of png, svg, pdf, comma-separated.", "LIST", "png"},
         {"plan", "Train nothing: write one shell command per run to FILE.", "FILE"},
         {"run", "Train only run N of the grid (a line of a plan) into DIR/run-NNNN.json.", "N"},
         {"merge", "Gather the results of a plan's runs: sweep --merge DIR... --out DIR."}});
    return runGuarded("sweep", [&] {
        TrainOptions options = parseTrainOptions(parser, arguments, defaults);
        if (options.help) {
            printHelp(parser, "sweep");
            return int(kExitOk);
        }
        if (!parser.isSet("out"))
            throw UsageError("--out DIR is required");
        if (parser.isSet("plan") && parser.isSet("run"))
            throw UsageError("--plan writes the runs' commands and --run trains one: give one");
        SweepGrid grid = gridJobs(parser, options);
        const ChartOptions charts = parseChartOptions(parser);
        if (parser.isSet("plan")) {
            dataForSeed(options, 0); // a dataset that cannot load fails here, not in every run
            writePlan(parser.value("plan"), parser, grid.jobs.size());
            return int(kExitOk);
        }
        if (parser.isSet("run")) {
            runOne(parser, options, grid);
            return int(kExitOk);
        }
        std::vector<PreparedData> data;
        for (int s = 0; s < grid.seeds; ++s)
            data.push_back(dataForSeed(options, std::size_t(s)));
        const int workers = std::max(1, std::min(options.threads, int(grid.jobs.size())));
        makeFolder(charts.folder);
        const std::vector<TrainReport> reports = trainAll(grid.jobs, data, options, workers);
        writeResults(grid.jobs, reports, grid.seeds, charts,
                     QStringLiteral("%1 at a time").arg(workers));
        return int(kExitOk);
    });
}

} // namespace moe::cli
