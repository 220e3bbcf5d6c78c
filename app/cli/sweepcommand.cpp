// `moelab-cli sweep`: the data behind the capacity-versus-compute chart. Every MoE configuration
// (E x k, k <= E) and every dense width is trained for each seed; one CSV row per run goes to
// DIR/tradeoff.csv. Runs go in parallel, one single-threaded run per core, so each run's numbers
// are exactly those of the same run alone (only its wall time feels the neighbours).
//
// Beyond one machine (docs/cli.md): `--plan FILE` writes one shell command per run, each of which
// (`--run N`) trains run N of the same grid and writes DIR/run-000N.json; `--merge DIR...` reads
// those files back into the tradeoff.csv and charts that a sweep in one process writes.

#include "app/cli/chartoptions.h"
#include "app/cli/command.h"
#include "app/cli/runner.h"
#include "app/options/settingoptions.h"
#include "core/base/error.h"
#include "core/base/parallel.h"
#include "files/configjson.h"
#include "files/jsonfile.h"
#include "ui/charts/runschart.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSaveFile>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <tuple>

namespace moe::cli {

namespace {
struct Job
{
    ModelConfig config;
    std::size_t dataIndex = 0; // which seed's data
    std::uint64_t seed = 0;
};

QString csvRow(const Job &job, const TrainReport &r)
{
    const bool moe = job.config.blockKind == BlockKind::Moe;
    const RoutingStats *routing = r.final.routing.empty() ? nullptr : &r.final.routing.front();
    QStringList cells {
        moe ? QStringLiteral("moe") : QStringLiteral("dense"),
        moe ? QString::number(job.config.moe.experts) : QString(),
        moe ? QString::number(job.config.moe.effectiveTopK()) : QString(),
        QString::number(moe ? job.config.moe.expertHidden : job.config.hidden),
        QString::number(job.seed),
        QString::number(r.cost.totalParams),
        QString::number(r.cost.activeParamsPerSample),
        QString::number(r.cost.forwardFlopsPerSample, 'f', 0),
        QString::number(1000.0 * r.trainingSeconds / double(r.steps), 'g', 6),
        QString::number(r.final.train.loss, 'g', 6),
        r.final.test ? QString::number(r.final.test->loss, 'g', 6) : QString(),
        r.final.test && r.final.test->accuracy ? QString::number(*r.final.test->accuracy, 'g', 6)
                                               : QString(),
        routing ? QString::number(routing->loadCv, 'g', 4) : QString(),
        routing ? QString::number(routing->droppedFraction, 'g', 4) : QString(),
        routing ? QString::number(routing->deadExperts) : QString(),
    };
    return cells.join(QLatin1Char(','));
}
// One line per configuration: its size and cost, and test accuracy (or loss) over the seeds.
void printSummary(const std::vector<Job> &jobs, const std::vector<TrainReport> &reports, int seeds)
{
    const bool classification = reports.front().task == Task::Classification;
    std::printf("\n%-6s %4s %3s %6s %9s %8s %8s %8s %7s %8s %5s   %s, %d seed%s\n", "model", "E",
                "k", "hidden", "params", "active", "FLOPs", "ms/step", "load CV", "dropped", "dead",
                classification ? "test accuracy mean (min-max)" : "test loss mean (min-max)", seeds,
                seeds == 1 ? "" : "s");
    const std::size_t perSeed = jobs.size() / std::size_t(seeds);
    for (std::size_t c = 0; c < perSeed; ++c) {
        double sum = 0.0, lo = 1e300, hi = -1e300, ms = 0.0, cv = 0.0, dropped = 0.0, dead = 0.0;
        for (int s = 0; s < seeds; ++s) {
            const TrainReport &r = reports[std::size_t(s) * perSeed + c];
            const double value = !r.final.test ? r.final.train.loss
                : classification               ? r.final.test->accuracy.value_or(0.0)
                                               : r.final.test->loss;
            sum += value;
            lo = std::min(lo, value);
            hi = std::max(hi, value);
            ms += 1000.0 * r.trainingSeconds / double(r.steps);
            if (!r.final.routing.empty()) {
                cv += r.final.routing.front().loadCv;
                dropped += r.final.routing.front().droppedFraction;
                dead += r.final.routing.front().deadExperts;
            }
        }
        const Job &job = jobs[c];
        const TrainReport &r = reports[c];
        const bool moe = job.config.blockKind == BlockKind::Moe;
        const QString experts = moe ? QString::number(job.config.moe.experts) : QString();
        const QString topK = moe ? QString::number(job.config.moe.effectiveTopK()) : QString();
        const auto perSeedMean = [&](double total) {
            return moe ? QString::number(total / seeds, 'f', 2) : QStringLiteral("-");
        };
        std::printf(
            "%-6s %4s %3s %6d %9lld %8lld %8.0f %8.3f %7s %8s %5s   %.4f (%.4f-%.4f)\n",
            moe ? "moe" : "dense", qPrintable(experts), qPrintable(topK),
            moe ? job.config.moe.expertHidden : job.config.hidden, (long long)r.cost.totalParams,
            (long long)r.cost.activeParamsPerSample, r.cost.forwardFlopsPerSample, ms / seeds,
            qPrintable(perSeedMean(cv)),
            qPrintable(moe ? QString::number(100.0 * dropped / seeds, 'f', 1) + QLatin1Char('%')
                           : QStringLiteral("-")),
            qPrintable(perSeedMean(dead)), sum / seeds, lo, hi);
    }
}

// The app's accuracy-vs-compute and time-vs-compute charts of the runs, drawn offscreen, each in
// every format with its CSV.
QStringList writeSweepCharts(const std::vector<Job> &jobs, const std::vector<TrainReport> &reports,
                             const QString &dir, const QList<ui::ExportFormat> &formats)
{
    QVector<ui::SweepRun> runs;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        const TrainReport &r = reports[i];
        ui::SweepRun run;
        run.config = jobs[i].config;
        run.label = ui::runLabel(run.config) + QStringLiteral(" seed %1").arg(jobs[i].seed);
        run.steps = r.steps;
        run.totalParams = r.cost.totalParams;
        run.flops = r.cost.forwardFlopsPerSample;
        const Metrics &m = r.final.test ? *r.final.test : r.final.train;
        run.loss = m.loss;
        run.accuracy = m.accuracy.value_or(NAN);
        run.msPerStep = 1000.0 * r.trainingSeconds / double(std::max<Index>(1, r.steps));
        runs.append(run);
    }
    QStringList written;
    for (const auto &[measure, name, title] :
         {std::tuple {ui::RunsChart::Measure::Quality, "accuracy-vs-compute",
                      "Accuracy vs compute"},
          std::tuple {ui::RunsChart::Measure::Time, "time-vs-compute",
                      "Time per step vs compute"}}) {
        ui::RunsChart view(measure);
        view.resize(960, 600);
        view.setRuns(runs);
        ui::ChartExport chart(view.chart(), QString::fromLatin1(name), QString::fromLatin1(title));
        for (ui::ExportFormat format : formats) {
            const QString path = QDir(dir).filePath(QString::fromLatin1(name) + QLatin1Char('.')
                                                    + ui::formatSuffix(format));
            ui::writeChart(chart, path, format, format == ui::ExportFormat::Png ? 2.0 : 1.0);
            written << path;
        }
        const QString csv = QDir(dir).filePath(QString::fromLatin1(name) + QStringLiteral(".csv"));
        ui::writeCsv(chart, csv);
        written << csv;
    }
    return written;
}

// The grid the options describe, seed-major: every configuration for the first seed, then for
// the next. The configs get the data's input and output widths when the data is loaded.
struct SweepGrid
{
    std::vector<Job> jobs;
    int seeds = 1;
};

SweepGrid gridJobs(const QCommandLineParser &parser, const TrainOptions &options)
{
    const auto experts = settingList(parser, settings::kExperts);
    const auto topKs = settingList(parser, settings::kTopK);
    const auto widths = parser.value("dense-widths") == QLatin1String("none")
        ? std::vector<int> {}
        : settingList(parser, settings::kHidden, QStringLiteral("dense-widths"));
    SweepGrid grid;
    grid.seeds = int(integerOption(parser, "seeds", 1, 100));
    for (int s = 0; s < grid.seeds; ++s) {
        const std::uint64_t seed = options.training.seed + std::uint64_t(s);
        for (int e : experts)
            for (int k : topKs) {
                if (k > e)
                    continue; // a token cannot use more experts than exist
                Job job {options.model, std::size_t(s), seed};
                job.config.blockKind = BlockKind::Moe;
                job.config.moe.experts = e;
                job.config.moe.topK = k;
                grid.jobs.push_back(job);
            }
        for (int w : widths) {
            Job job {options.model, std::size_t(s), seed};
            job.config.blockKind = BlockKind::Dense;
            job.config.hidden = w;
            grid.jobs.push_back(job);
        }
    }
    return grid;
}

// Seed s of the sweep draws its own data: the dataset and split seeds move with the run's seed.
PreparedData dataForSeed(const TrainOptions &options, std::size_t s)
{
    TrainOptions seeded = options;
    seeded.training.seed = seeded.dataset.seed = options.training.seed + std::uint64_t(s);
    return prepareData(seeded);
}

// One run as every mode trains it: single-threaded, with its own seed, on its seed's data.
TrainReport trainJob(Job &job, const PreparedData &data, const TrainOptions &options)
{
    const ModelConfig sized = modelConfigFor(options, data);
    job.config.inputDim = sized.inputDim;
    job.config.outputDim = sized.outputDim;
    TrainOptions run = options;
    run.threads = 1;
    run.training.seed = job.seed;
    return trainModel(job.config, data, run, false, {});
}

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

// tradeoff.csv, the summary table and the charts: the same whether the runs were trained here
// or gathered with --merge. `how` says where the runs came from ("4 at a time").
void writeResults(const std::vector<Job> &jobs, const std::vector<TrainReport> &reports, int seeds,
                  const ChartOptions &charts, const QString &how)
{
    QSaveFile file(QDir(charts.folder).filePath(QStringLiteral("tradeoff.csv")));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        throw std::runtime_error("cannot write " + file.fileName().toStdString() + " ("
                                 + file.errorString().toStdString() + ")");
    QByteArray csv = "kind,experts,top_k,hidden,seed,total_params,active_params,flops_per_sample,"
                     "time_per_step_ms,train_loss,test_loss,test_accuracy,load_cv,"
                     "dropped_fraction,dead_experts\n";
    for (std::size_t i = 0; i < jobs.size(); ++i)
        csv += csvRow(jobs[i], reports[i]).toUtf8() + '\n';
    if (file.write(csv) != csv.size() || !file.commit())
        throw std::runtime_error("cannot write " + file.fileName().toStdString() + " ("
                                 + file.errorString().toStdString() + ")");
    printSummary(jobs, reports, seeds);
    std::printf("\n%zu runs (%s) written to %s\n", jobs.size(), qPrintable(how),
                qPrintable(file.fileName()));
    const QStringList written = writeSweepCharts(jobs, reports, charts.folder, charts.formats);
    std::printf("Charts: %lld files in %s\n", (long long)written.size(), qPrintable(charts.folder));
}

void makeFolder(const QString &dir)
{
    if (!QDir().mkpath(dir)) // before hours of training, not after
        throw std::runtime_error("cannot create the folder " + dir.toStdString());
}

// ---- Beyond one machine: --plan, --run, --merge ----

constexpr const char *kRunFormat = "moelab-sweep-run";

// Options that say where and how this process works, not what the sweep is: a plan's lines and
// a run file's record of its sweep leave them out.
bool isLocalOption(const QString &name)
{
    return QStringList {"plan", "run", "out", "format", "threads", "merge", "help"}.contains(name);
}

// The sweep's own options as given (defaults stay implicit: the same moelab-cli has the same
// ones), with file names made absolute so that a run started in another folder, or on a machine
// that shares the file system, reads the same files.
QStringList sweepArguments(const QCommandLineParser &parser)
{
    QStringList words, seen;
    for (const QString &name : parser.optionNames()) {
        if (isLocalOption(name) || seen.contains(name))
            continue;
        seen << name;
        const QStringList values = parser.values(name);
        if (values.isEmpty())
            words << QStringLiteral("--") + name;
        for (QString value : values) {
            const bool file = name == QLatin1String("config")
                || (name == QLatin1String("dataset")
                    && !datasets::findBuiltinDataset(value.toStdString())
                    && QFileInfo(value).isFile());
            if (file)
                value = QFileInfo(value).absoluteFilePath();
            words << QStringLiteral("--") + name << value;
        }
    }
    return words;
}

// A word as POSIX sh reads it back unchanged: plain words bare, the rest in single quotes.
QString shellQuoted(const QString &word)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_@%+=:,./-]+$"));
    if (plain.match(word).hasMatch())
        return word;
    return QLatin1Char('\'') + QString(word).replace(QLatin1Char('\''), QStringLiteral("'\\''"))
        + QLatin1Char('\'');
}

QString runFileName(std::size_t run)
{
    return QStringLiteral("run-%1.json").arg(run, 4, 10, QLatin1Char('0'));
}

// Line N of the plan trains run N (Slurm: `sed -n "${SLURM_ARRAY_TASK_ID}p" plan.txt | sh`).
void writePlan(const QString &planPath, const QCommandLineParser &parser, std::size_t runs)
{
    const QString out = QDir(parser.value("out")).absolutePath();
    QString prefix
        = shellQuoted(QCoreApplication::applicationFilePath()) + QStringLiteral(" sweep");
    for (const QString &word : sweepArguments(parser))
        prefix += QLatin1Char(' ') + shellQuoted(word);
    QByteArray plan;
    for (std::size_t run = 1; run <= runs; ++run)
        plan += (prefix + QStringLiteral(" --run %1 --out ").arg(run) + shellQuoted(out) + '\n')
                    .toUtf8();
    QSaveFile file(planPath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text) || file.write(plan) != plan.size()
        || !file.commit())
        throw std::runtime_error("cannot write the plan " + planPath.toStdString() + " ("
                                 + file.errorString().toStdString() + ")");
    std::printf("%zu runs planned in %s, one command a line; each writes %s/run-NNNN.json.\n"
                "Gather them with: moelab-cli sweep --merge %s --out DIR\n",
                runs, qPrintable(planPath), qPrintable(out), qPrintable(shellQuoted(out)));
}

QJsonObject runJson(const QStringList &sweep, std::size_t run, const SweepGrid &grid,
                    const TrainReport &r)
{
    const Job &job = grid.jobs[run - 1];
    QJsonObject result {
        {"task", r.task == Task::Classification ? "classification" : "regression"},
        {"steps", qint64(r.steps)},
        {"trainingSeconds", r.trainingSeconds},
        {"totalParams", qint64(r.cost.totalParams)},
        {"activeParams", qint64(r.cost.activeParamsPerSample)},
        {"flops", r.cost.forwardFlopsPerSample},
        {"trainLoss", r.final.train.loss},
    };
    if (r.final.train.accuracy)
        result["trainAccuracy"] = *r.final.train.accuracy;
    if (r.final.test) {
        result["testLoss"] = r.final.test->loss;
        if (r.final.test->accuracy)
            result["testAccuracy"] = *r.final.test->accuracy;
    }
    if (!r.final.routing.empty()) {
        const RoutingStats &routing = r.final.routing.front();
        result["loadCv"] = routing.loadCv;
        result["droppedFraction"] = routing.droppedFraction;
        result["deadExperts"] = routing.deadExperts;
    }
    return QJsonObject {
        {"format", kRunFormat},
        {"version", 1},
        {"sweep", QJsonArray::fromStringList(sweep)},
        {"dataset", QString::fromStdString(r.dataset)},
        {"run", qint64(run)},
        {"runs", qint64(grid.jobs.size())},
        {"seeds", grid.seeds},
        {"kind", job.config.blockKind == BlockKind::Moe ? "moe" : "dense"},
        {"hidden", job.config.hidden},
        {"moe", files::moeToJson(job.config.moe)},
        {"seed", qint64(job.seed)},
        {"result", result},
    };
}

// --run N: run N of the grid (from 1) on its seed's data, written to DIR/run-000N.json.
void runOne(const QCommandLineParser &parser, const TrainOptions &options, SweepGrid &grid)
{
    const std::size_t run = std::size_t(integerOption(parser, "run", 1, qint64(grid.jobs.size())));
    const QString dir = parser.value("out");
    makeFolder(dir);
    Job &job = grid.jobs[run - 1];
    const TrainReport report = trainJob(job, dataForSeed(options, job.dataIndex), options);
    const QString path = QDir(dir).filePath(runFileName(run));
    files::saveJson(path, runJson(sweepArguments(parser), run, grid, report));
    std::printf("Run %zu of %zu (%s, seed %llu) written to %s\n", run, grid.jobs.size(),
                qPrintable(ui::runLabel(job.config)), (unsigned long long)job.seed,
                qPrintable(path));
}

struct RunFile
{
    QString path;
    QJsonArray sweep;
    QString dataset;
    std::size_t run = 0, runs = 0;
    int seeds = 1;
    Job job;
    TrainReport report;
};

TrainReport reportFromJson(const files::JsonReader &in)
{
    constexpr double kBig = 1e300;
    TrainReport r;
    r.task = in.string(QStringLiteral("task")) == QLatin1String("regression")
        ? Task::Regression
        : Task::Classification;
    r.steps = in.count(QStringLiteral("steps"), 1, std::numeric_limits<qint64>::max());
    r.trainingSeconds = in.number(QStringLiteral("trainingSeconds"), 0.0, kBig);
    r.cost.totalParams = in.count(QStringLiteral("totalParams"), 0, qint64(1) << 53);
    r.cost.activeParamsPerSample = in.count(QStringLiteral("activeParams"), 0, qint64(1) << 53);
    r.cost.forwardFlopsPerSample = in.number(QStringLiteral("flops"), 0.0, kBig);
    r.final.train.loss = in.number(QStringLiteral("trainLoss"), -kBig, kBig);
    if (in.has(QStringLiteral("trainAccuracy")))
        r.final.train.accuracy = in.number(QStringLiteral("trainAccuracy"), 0.0, 1.0);
    if (in.has(QStringLiteral("testLoss"))) {
        Metrics test;
        test.loss = in.number(QStringLiteral("testLoss"), -kBig, kBig);
        if (in.has(QStringLiteral("testAccuracy")))
            test.accuracy = in.number(QStringLiteral("testAccuracy"), 0.0, 1.0);
        r.final.test = test;
    }
    if (in.has(QStringLiteral("loadCv"))) {
        RoutingStats routing;
        routing.loadCv = in.number(QStringLiteral("loadCv"), 0.0, kBig);
        routing.droppedFraction = in.number(QStringLiteral("droppedFraction"), 0.0, 1.0);
        routing.deadExperts = in.integer(QStringLiteral("deadExperts"), 0, 64);
        r.final.routing.push_back(routing);
    }
    return r;
}

RunFile readRunFile(const QString &path)
{
    const files::JsonReader in(files::loadJson(path, QString::fromLatin1(kRunFormat), 1), path);
    RunFile f;
    f.path = path;
    f.sweep = in.array(QStringLiteral("sweep"));
    f.dataset = in.string(QStringLiteral("dataset"));
    f.runs = std::size_t(in.count(QStringLiteral("runs"), 1, 1'000'000'000));
    f.run = std::size_t(in.count(QStringLiteral("run"), 1, qint64(f.runs)));
    f.seeds = in.integer(QStringLiteral("seeds"), 1, 100);
    const QString kind = in.string(QStringLiteral("kind"));
    if (kind != QLatin1String("moe") && kind != QLatin1String("dense"))
        in.fail(QStringLiteral("kind"), QStringLiteral("must be moe or dense"));
    f.job.config.blockKind = kind == QLatin1String("moe") ? BlockKind::Moe : BlockKind::Dense;
    f.job.config.hidden = in.integer(QStringLiteral("hidden"), 1, 65536);
    f.job.config.moe = files::moeFromJson(in.child(QStringLiteral("moe")));
    f.job.seed = std::uint64_t(in.count(QStringLiteral("seed"), 0, qint64(1) << 53));
    f.report = reportFromJson(in.child(QStringLiteral("result")));
    return f;
}

// Every run-*.json in the folders; a folder without any is an error of its own.
std::vector<RunFile> readRunFolders(const QStringList &dirs)
{
    std::vector<RunFile> files;
    for (const QString &dir : dirs) {
        if (!QFileInfo(dir).isDir())
            throw DataError(dir.toStdString() + ": no such folder");
        const QStringList names
            = QDir(dir).entryList({QStringLiteral("run-*.json")}, QDir::Files, QDir::Name);
        if (names.isEmpty())
            throw DataError(dir.toStdString()
                            + ": no sweep results (run-NNNN.json, written by the lines of a "
                              "sweep --plan) in this folder");
        for (const QString &name : names)
            files.push_back(readRunFile(QDir(dir).filePath(name)));
    }
    return files;
}

std::string optionText(const QJsonArray &words)
{
    QStringList text;
    for (const QJsonValue &word : words)
        text << word.toString();
    return text.join(QLatin1Char(' ')).toStdString();
}

// The runs in grid order, checked to be one sweep, each run once and none missing.
std::vector<RunFile> orderedRuns(std::vector<RunFile> files)
{
    const RunFile &first = files.front();
    for (const RunFile &f : files) {
        if (f.dataset != first.dataset)
            throw DataError(f.path.toStdString() + " is a run on dataset " + f.dataset.toStdString()
                            + ", " + first.path.toStdString() + " one on "
                            + first.dataset.toStdString() + ": they are not one sweep");
        if (f.sweep != first.sweep || f.runs != first.runs || f.seeds != first.seeds)
            throw DataError(f.path.toStdString() + " and " + first.path.toStdString()
                            + " are runs of different sweeps (options '" + optionText(f.sweep)
                            + "' and '" + optionText(first.sweep) + "')");
    }
    std::vector<std::optional<RunFile>> byRun(first.runs);
    for (RunFile &f : files) {
        if (byRun[f.run - 1])
            throw DataError("run " + std::to_string(f.run) + " is in both "
                            + byRun[f.run - 1]->path.toStdString() + " and "
                            + f.path.toStdString());
        byRun[f.run - 1] = std::move(f);
    }
    QStringList missing;
    for (std::size_t i = 0; i < byRun.size(); ++i)
        if (!byRun[i])
            missing << QString::number(i + 1);
    if (!missing.isEmpty())
        throw DataError(QStringLiteral("%1 of %2 runs missing: run %3 (line N of the plan makes "
                                       "run N)")
                            .arg(missing.size())
                            .arg(byRun.size())
                            .arg(missing.mid(0, 20).join(QStringLiteral(", "))
                                 + (missing.size() > 20 ? QStringLiteral(", ...") : QString()))
                            .toStdString());
    std::vector<RunFile> runs;
    for (std::optional<RunFile> &f : byRun)
        runs.push_back(std::move(*f));
    return runs;
}

// sweep --merge DIR... --out DIR [--format LIST]: its own, small set of options.
int runMerge(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Gather the run-NNNN.json files that the lines of a `sweep --plan` wrote (in any number\n"
        "of folders) into tradeoff.csv and the charts, as one `sweep --out` writes them."));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions({{"help", "Show this help."},
                       {"merge", "The folders that follow hold the runs' results."}});
    addChartOptions(parser);
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("Folders of run files."),
                                 QStringLiteral("DIR..."));
    return runGuarded("sweep", [&] {
        if (!parser.parse(arguments))
            throw UsageError(parser.errorText().toStdString()
                             + " (sweep --merge takes only folders, --out and --format)");
        if (parser.isSet("help")) {
            printHelp(parser, "sweep --merge");
            return int(kExitOk);
        }
        const QStringList dirs = parser.positionalArguments();
        if (dirs.isEmpty())
            throw UsageError("--merge needs the folders of the runs' results");
        if (!parser.isSet("out"))
            throw UsageError("--out DIR is required");
        const ChartOptions charts = parseChartOptions(parser);
        const std::vector<RunFile> runs = orderedRuns(readRunFolders(dirs));
        std::vector<Job> jobs;
        std::vector<TrainReport> reports;
        for (const RunFile &f : runs) {
            jobs.push_back(f.job);
            reports.push_back(f.report);
        }
        makeFolder(charts.folder);
        writeResults(jobs, reports, runs.front().seeds, charts,
                     QStringLiteral("merged from %1 folder%2")
                         .arg(dirs.size())
                         .arg(dirs.size() == 1 ? "" : "s"));
        return int(kExitOk);
    });
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
