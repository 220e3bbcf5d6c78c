#include "app/cli/sweepruns.h"

#include "app/cli/command.h"
#include "core/base/error.h"
#include "core/moe/moesettings.h"
#include "core/train/trainsettings.h"
#include "files/atomicfile.h"
#include "files/configjson.h"
#include "ui/charts/runschart.h"

#include <QDir>
#include <cstdio>
#include <limits>
#include <optional>

namespace moe::cli {

namespace {
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
} // namespace

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
    files::saveBytes(planPath, plan);
    std::printf("%zu runs planned in %s, one command a line; each writes %s/run-NNNN.json.\n"
                "Gather them with: moelab-cli sweep --merge %s --out DIR\n",
                runs, qPrintable(planPath), qPrintable(out), qPrintable(shellQuoted(out)));
}

namespace {
QJsonObject runJson(const QStringList &sweep, std::size_t run, const SweepGrid &grid,
                    const TrainReport &r)
{
    const Job &job = grid.jobs[run - 1];
    QJsonObject result {
        {"task", r.task == Task::Classification ? "classification" : "regression"},
        {"steps", qint64(r.steps)},
        {"trainingSeconds", r.time.total},
        {"timeSeconds",
         QJsonObject {{"routing", r.time.routing},
                      {"experts", r.time.experts},
                      {"rest", r.time.rest},
                      {"optimizer", r.time.optimizer}}},
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
} // namespace

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

namespace {
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
    r.time.total = in.number(QStringLiteral("trainingSeconds"), 0.0, kBig);
    if (in.has(QStringLiteral("timeSeconds"))) { // the breakdown (absent from older run files)
        const files::JsonReader parts = in.child(QStringLiteral("timeSeconds"));
        r.time.routing = parts.number(QStringLiteral("routing"), 0.0, r.time.total);
        r.time.experts = parts.number(QStringLiteral("experts"), 0.0, r.time.total);
        r.time.rest = parts.number(QStringLiteral("rest"), 0.0, r.time.total);
        r.time.optimizer = parts.number(QStringLiteral("optimizer"), 0.0, r.time.total);
    }
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
        routing.deadExperts
            = in.integer(QStringLiteral("deadExperts"), 0, int(settings::kExperts.max));
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
    f.job.config.hidden = in.integer(QStringLiteral("hidden"), 1, int(settings::kHidden.max));
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
} // namespace

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
        refuseEmptyValues(parser);
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

} // namespace moe::cli
