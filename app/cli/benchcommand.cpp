// `moelab-cli bench`: how fast the engine trains, as Markdown tables (and JSON, and a chart).
// Training throughput for dense and MoE at the classroom default; against E (k = 2), against k
// (E = 16), against the batch; 1 and 2 threads each; a large configuration against a large GEMM
// measured in the same run; the routing maps of a 256 x 256 grid; peak memory. With --reference
// (the JSON of bench/reference_torch.py) each case the reference also ran gets its ratio, and the
// issue's targets are checked. scripts/bench.sh runs both and updates docs/benchmarks.md.

#include "app/cli/bench.h"
#include "app/cli/benchchart.h"
#include "app/cli/benchreference.h"
#include "app/cli/chartoptions.h"
#include "app/cli/command.h"
#include "app/cli/runner.h"
#include "app/options/optionvalues.h"
#include "core/base/error.h"
#include "core/base/parallel.h"
#include "files/atomicfile.h"
#include "files/experiment.h"

#include <QDate>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSysInfo>
#include <QThread>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>

namespace moe::cli {

namespace {
QString fmt(double value, int decimals = 0)
{
    return QString::number(value, 'f', decimals);
}

QString spreadText(const Spread &s, int decimals = 0)
{
    return fmt(s.median, decimals) + QStringLiteral(" (") + fmt(s.min, decimals)
        + QStringLiteral("-") + fmt(s.max, decimals) + QLatin1Char(')');
}

const TrainingResult *find(const std::vector<TrainingResult> &results, const std::string &name,
                           int threads)
{
    for (const TrainingResult &r : results)
        if (r.spec.name == name && r.spec.threads == threads)
            return &r;
    return nullptr;
}

void print(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

QJsonObject spreadJson(const Spread &s)
{
    return {{"median", s.median}, {"min", s.min}, {"max", s.max}};
}

// What every part of the benchmark measures with: the options, read once, and the data.
struct BenchSetup
{
    BenchSettings settings;
    std::vector<int> threads;
    Reference reference;
    PreparedData smallData, largeData;
};

BenchSettings benchSettings(const QCommandLineParser &parser)
{
    BenchSettings settings;
    settings.repeats = int(integerOption(parser, "repeats", 1, 1000));
    settings.seconds = realOption(parser, "seconds", 0.01, 600.0);
    if (parser.isSet("quick")) {
        settings.repeats = 2;
        settings.seconds = 0.05;
        settings.warmupSteps = 10;
    }
    return settings;
}

PreparedData benchData(Index samples)
{
    TrainOptions options;
    options.dataset.samples = samples;
    return prepareData(options);
}

void printMachine(const BenchSettings &settings)
{
    print(QStringLiteral("## Benchmarks (`moelab-cli bench`), %1")
              .arg(QDate::currentDate().toString(Qt::ISODate)));
    print({});
    print(QStringLiteral("Machine: %1 hardware threads, %2, %3; OpenMP %4. Repeats: %5 x "
                         "%6 s per case after %7 warm-up steps.")
              .arg(QThread::idealThreadCount())
              .arg(QSysInfo::prettyProductName(), QSysInfo::currentCpuArchitecture(),
                   openMpEnabled() ? QStringLiteral("on") : QStringLiteral("off"))
              .arg(settings.repeats)
              .arg(settings.seconds)
              .arg(settings.warmupSteps));
    print({});
}

QJsonObject trainingResultJson(const TrainingResult &r)
{
    return QJsonObject {
        {"group", QString::fromStdString(r.spec.group)},
        {"name", QString::fromStdString(r.spec.name)},
        {"threads", r.spec.threads},
        {"batch", qint64(r.spec.batch)},
        {"total_params", qint64(r.totalParams)},
        {"forward_flops_per_sample", r.forwardFlopsPerSample},
        {"steps_per_s", spreadJson(r.stepsPerSecond)},
        {"samples_per_s", spreadJson(r.samplesPerSecond)},
        {"gflops", spreadJson(r.gflops)},
    };
}

// Every training case at every thread count, as the throughput table.
std::vector<TrainingResult> measureThroughput(const BenchSetup &setup)
{
    print(QStringLiteral("### Training throughput"));
    print({});
    print(QStringLiteral("| case | threads | steps/s median (min-max) | samples/s | "
                         "GFLOP/s | PyTorch steps/s | ratio |"));
    print(QStringLiteral("|---|---|---|---|---|---|---|"));
    std::vector<TrainingResult> results;
    for (const TrainingCase &c : trainingCases(setup.threads)) {
        const PreparedData &data = c.batch > 64 ? setup.largeData : setup.smallData;
        results.push_back(benchTraining(c, data.split, setup.settings));
        const TrainingResult &r = results.back();
        const std::optional<double> ref
            = referenceStepsPerSecond(setup.reference, c.name, c.threads);
        print(QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 |")
                  .arg(QString::fromStdString(c.name))
                  .arg(c.threads)
                  .arg(spreadText(r.stepsPerSecond), fmt(r.samplesPerSecond.median),
                       fmt(r.gflops.median, 2), ref ? fmt(*ref, 1) : QStringLiteral("-"),
                       ref ? fmt(r.stepsPerSecond.median / *ref, 1) + QLatin1Char('x')
                           : QStringLiteral("-")));
    }
    print({});
    return results;
}

// Cost follows k, not E: ms per step against E, ours and the reference's, as a table and as the
// curves of the bench-time-vs-experts chart.
std::vector<BenchCurve> printTimeAgainstExperts(const std::vector<TrainingResult> &results,
                                                const BenchSetup &setup)
{
    const int one = setup.threads.front();
    std::vector<BenchCurve> curves;
    print(QStringLiteral("### Time per step against E (k = 2, batch 64)"));
    print({});
    print(QStringLiteral("| E | total params | threads | ms/step (MoE Lab) | ms/step (PyTorch) |"));
    print(QStringLiteral("|---|---|---|---|---|"));
    for (int t : setup.threads) {
        // Vermillion and orange for us, blue and sky blue for the reference (1 and 2 threads;
        // the second thread count dashed too).
        BenchCurve ours {QStringLiteral("MoE Lab, %1 thread%2").arg(t).arg(t == 1 ? "" : "s"),
                         {},
                         t == one ? 0 : 3,
                         t != one};
        BenchCurve theirs {
            QStringLiteral("PyTorch reference, %1 thread%2").arg(t).arg(t == 1 ? "" : "s"),
            {},
            t == one ? 1 : 5,
            t != one};
        for (int e : {4, 8, 16, 32, 64}) {
            const std::string name = e == 8 ? "default MoE" : "MoE E=" + std::to_string(e);
            const TrainingResult *r = find(results, name, t);
            if (!r)
                continue;
            const double ms = 1000.0 / r->stepsPerSecond.median;
            ours.points.emplace_back(e, ms);
            const std::optional<double> ref = referenceStepsPerSecond(setup.reference, name, t);
            if (ref)
                theirs.points.emplace_back(e, 1000.0 / *ref);
            print(QStringLiteral("| %1 | %2 | %3 | %4 | %5 |")
                      .arg(e)
                      .arg(r->totalParams)
                      .arg(t)
                      .arg(fmt(ms, 3), ref ? fmt(1000.0 / *ref, 2) : QStringLiteral("-")));
        }
        curves.push_back(ours);
        curves.push_back(theirs);
    }
    print({});
    return curves;
}

// The large configuration at each thread count beside a GEMM, and whether its losses are the
// same bits for every thread count.
struct LargeResults
{
    std::vector<TrainingResult> runs; // one per thread count
    std::vector<Spread> gemm;         // GFLOP/s, one per thread count
    bool identical = true;
};

LargeResults measureLarge(const BenchSetup &setup)
{
    const ModelConfig big = moeConfig(16, 2, 256, 64);
    const datasets::TrainTestSplit &data = setup.largeData.split;
    LargeResults large;
    print(QStringLiteral("### Large MoE (E = 16, k = 2, h = 256, d = 64, batch 1024) "
                         "against a 1024^3 GEMM"));
    print({});
    print(QStringLiteral("| threads | ms/step | MoE GFLOP/s | GEMM GFLOP/s | MoE / GEMM |"));
    print(QStringLiteral("|---|---|---|---|---|"));
    for (int t : setup.threads) {
        large.runs.push_back(
            benchTraining({"large", "large MoE", big, 1024, t}, data, setup.settings));
        large.gemm.push_back(benchGemm(1024, t, setup.settings));
        const TrainingResult &r = large.runs.back();
        print(QStringLiteral("| %1 | %2 | %3 | %4 | %5% |")
                  .arg(t)
                  .arg(fmt(1000.0 / r.stepsPerSecond.median, 2), spreadText(r.gflops, 1),
                       spreadText(large.gemm.back(), 1),
                       fmt(100.0 * r.gflops.median / large.gemm.back().median)));
    }
    // The same run with every thread count, step by step: the losses must be equal bits.
    const std::vector<double> firstLosses
        = trainingLosses(big, 1024, data, setup.threads.front(), 20);
    for (int t : setup.threads)
        large.identical = large.identical && trainingLosses(big, 1024, data, t, 20) == firstLosses;
    print({});
    QStringList counts;
    for (int t : setup.threads)
        counts << QStringLiteral("%1 thread%2").arg(t).arg(t == 1 ? "" : "s");
    print(QStringLiteral("The losses of its first 20 steps, trained with %1: %2 (the last: %3).")
              .arg(counts.join(QStringLiteral(" and ")),
                   large.identical ? QStringLiteral("bitwise identical")
                                   : QStringLiteral("DIFFERENT"),
                   QString::number(firstLosses.back(), 'g', 17)));
    print({});
    return large;
}

// The decision and routing maps of the default MoE on a 256 x 256 grid, and the peak memory.
Spread measureMapsAndMemory(const BenchSetup &setup)
{
    const int one = setup.threads.front();
    const datasets::TrainTestSplit &data = setup.smallData.split;
    setThreadCount(one);
    ModelConfig model = moeConfig(8, 2);
    model.inputDim = int(data.train.features.cols());
    model.outputDim = data.train.numClasses;
    Trainer mapTrainer(model, data.train, data.test, Experiment().training);
    const Spread map = benchRoutingMap(mapTrainer, 256, setup.settings);
    print(QStringLiteral("### Maps and memory"));
    print({});
    print(QStringLiteral("- Decision and routing maps of the default MoE on a 256 x 256 grid "
                         "(65,536 points), %1 thread: %2 ms median (%3-%4).")
              .arg(one)
              .arg(fmt(map.median, 1), fmt(map.min, 1), fmt(map.max, 1)));
    print(QStringLiteral("- Peak resident memory of the whole benchmark: %1 MiB.")
              .arg(fmt(peakMemoryMiB(), 1)));
    print({});
    return map;
}

// The goals of docs/benchmarks.md, each met or not.
void printTargets(const std::vector<TrainingResult> &results, const LargeResults &large,
                  const BenchSetup &setup)
{
    const std::vector<int> &threads = setup.threads;
    const int one = threads.front();
    const TrainingResult *e8 = find(results, "default MoE", one);
    const TrainingResult *e64 = find(results, "MoE E=64", one);
    print(QStringLiteral("### Targets"));
    print({});
    print(QStringLiteral("| target | measured | met |"));
    print(QStringLiteral("|---|---|---|"));
    const auto verdict
        = [](bool met) { return met ? QStringLiteral("yes") : QStringLiteral("**no**"); };
    const std::optional<double> ref = referenceStepsPerSecond(setup.reference, "default MoE", one);
    if (e8 && ref) {
        const double ratio = e8->stepsPerSecond.median / *ref;
        print(QStringLiteral("| default MoE >= 20x PyTorch (%1 thread) | %2x | %3 |")
                  .arg(one)
                  .arg(fmt(ratio, 1), verdict(ratio >= 20.0)));
    }
    if (e8 && e64) {
        const double ratio = e8->stepsPerSecond.median / e64->stepsPerSecond.median;
        print(QStringLiteral("| time per step E = 64 / E = 8 <= 1.5x | %1x | %2 |")
                  .arg(fmt(ratio, 2), verdict(ratio <= 1.5)));
    }
    if (large.runs.size() >= 2) {
        const double speedup
            = large.runs.back().stepsPerSecond.median / large.runs.front().stepsPerSecond.median;
        print(QStringLiteral("| large MoE: %1 threads >= 1.7x faster than %2 | %3x | %4 |")
                  .arg(threads.back())
                  .arg(threads.front())
                  .arg(fmt(speedup, 2), verdict(speedup >= 1.7)));
    }
    print(QStringLiteral("| large MoE: losses bitwise identical for every thread count | %1 "
                         "| %2 |")
              .arg(large.identical ? QStringLiteral("identical") : QStringLiteral("different"),
                   verdict(large.identical)));
    for (std::size_t i = 0; i < large.runs.size(); ++i) {
        const double share = large.runs[i].gflops.median / large.gemm[i].median;
        print(QStringLiteral("| large MoE >= 40% of the GEMM's GFLOP/s (%1 thread%2) | %3% | "
                             "%4 |")
                  .arg(threads[i])
                  .arg(threads[i] == 1 ? "" : "s")
                  .arg(fmt(100.0 * share), verdict(share >= 0.4)));
    }
}

// --json FILE: every measurement.
void writeBenchJson(const QString &path, const std::vector<TrainingResult> &results,
                    const LargeResults &large, const std::vector<int> &threads, const Spread &map)
{
    QJsonArray trainingJson, largeJson;
    for (const TrainingResult &r : results)
        trainingJson.append(trainingResultJson(r));
    for (std::size_t i = 0; i < large.runs.size(); ++i)
        largeJson.append(QJsonObject {{"threads", threads[i]},
                                      {"steps_per_s", spreadJson(large.runs[i].stepsPerSecond)},
                                      {"gflops", spreadJson(large.runs[i].gflops)},
                                      {"gemm_gflops", spreadJson(large.gemm[i])}});
    const QJsonObject root {{"date", QDate::currentDate().toString(Qt::ISODate)},
                            {"training", trainingJson},
                            {"large", largeJson},
                            {"large_losses_identical", large.identical},
                            {"map_256_ms", spreadJson(map)},
                            {"peak_memory_mib", peakMemoryMiB()}};
    files::saveBytes(path, QJsonDocument(root).toJson());
}
} // namespace

int runBench(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Measure training speed (median and spread of repeated timed runs after a warm-up):\n"
        "dense and MoE at the classroom default, MoE against E, k and the batch, 1 and 2\n"
        "threads; a large configuration against a large GEMM; the routing maps of a 256 x 256\n"
        "grid; peak memory. Prints Markdown. Timings only: compare medians, rerun to refresh."));
    parser.addHelpOption();
    parser.addOptions(
        {{"reference", "Results of bench/reference_torch.py, for side-by-side ratios.", "FILE"},
         {"json", "Also write every measurement to FILE as JSON.", "FILE"},
         {"out", "Folder for the time-vs-experts chart (created if missing).", "DIR"},
         {"format", "Chart formats: any of png, svg, pdf, comma-separated.", "LIST", "png,svg"},
         {"threads", "Thread counts to measure, comma-separated.", "LIST", "1,2"},
         {"repeats", "Timed repeats per case.", "N", "5"},
         {"seconds", "Length of one timed repeat, in seconds.", "S", "0.5"},
         {"quick", "Two short repeats per case (a smoke test; the numbers are rough)."}});
    return runGuarded("bench", [&] {
        parseOrThrow(parser, arguments);
        if (parser.isSet("help")) {
            printHelp(parser, "bench");
            return int(kExitOk);
        }
        BenchSetup setup;
        setup.settings = benchSettings(parser);
        setup.threads = integerListOption(parser, "threads", 1, 256);
        if (parser.isSet("json")) // checked now, not after minutes of measuring
            files::checkWritable(parser.value("json"));
        if (parser.isSet("reference"))
            setup.reference = readReference(parser.value("reference"));
        ChartOptions chart;
        if (parser.isSet("out")) {
            chart = parseChartOptions(parser);
        }
        setup.smallData = benchData(900);   // the app's default spiral
        setup.largeData = benchData(20000); // room for batches of 1024

        printMachine(setup.settings);
        const std::vector<TrainingResult> results = measureThroughput(setup);
        const std::vector<BenchCurve> curves = printTimeAgainstExperts(results, setup);
        const LargeResults large = measureLarge(setup);
        const Spread map = measureMapsAndMemory(setup);
        printTargets(results, large, setup);
        if (!chart.folder.isEmpty()) {
            const QStringList written = writeBenchChart(curves, chart.folder, chart.formats);
            std::fprintf(stderr, "chart written to %s\n", qPrintable(written.join(", ")));
        }
        if (parser.isSet("json"))
            writeBenchJson(parser.value("json"), results, large, setup.threads, map);
        return int(kExitOk);
    });
}

} // namespace moe::cli
