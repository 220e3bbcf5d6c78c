#include "app/cli/sweepgrid.h"

#include "app/options/settingoptions.h"
#include "files/atomicfile.h"
#include "ui/charts/runschart.h"
#include "ui/charts/steptimechart.h"

#include <QChart>
#include <QDir>
#include <algorithm>
#include <cstdio>

namespace moe::cli {

namespace {
QString csvRow(const Job &job, const TrainReport &r)
{
    const bool moe = job.config.blockKind == BlockKind::Moe;
    const RoutingStats *routing = r.final.routing.empty() ? nullptr : &r.final.routing.front();
    const StepTime ms = r.msPerStep();
    const bool split = ms.parts() > 0.0; // not in run files written before the breakdown
    const auto time = [](double value) { return QString::number(value, 'g', 6); };
    const auto part = [&](double value) { return split ? time(value) : QString(); };
    QStringList cells {
        moe ? QStringLiteral("moe") : QStringLiteral("dense"),
        moe ? QString::number(job.config.moe.experts) : QString(),
        moe ? QString::number(job.config.moe.effectiveTopK()) : QString(),
        QString::number(moe ? job.config.moe.expertHidden : job.config.hidden),
        QString::number(job.seed),
        QString::number(r.cost.totalParams),
        QString::number(r.cost.activeParamsPerSample),
        QString::number(r.cost.forwardFlopsPerSample, 'f', 0),
        time(ms.total),
        part(ms.routing),
        part(ms.experts),
        part(ms.rest),
        part(ms.optimizer),
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
            ms += r.msPerStep().total;
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
        run.stepMs = r.msPerStep();
        runs.append(run);
    }
    // Each chart at a size that lets its labels breathe, written in every format with its CSV.
    QStringList written;
    const auto write
        = [&](QChart *drawn, const char *name, const QString &title, std::function<QString()> csv) {
              ui::ChartExport chart(drawn, QString::fromLatin1(name), title);
              chart.setCsv(std::move(csv));
              for (ui::ExportFormat format : formats) {
                  const QString path = QDir(dir).filePath(
                      QString::fromLatin1(name) + QLatin1Char('.') + ui::formatSuffix(format));
                  ui::writeChart(chart, path, format, format == ui::ExportFormat::Png ? 2.0 : 1.0);
                  written << path;
              }
              const QString csvPath
                  = QDir(dir).filePath(QString::fromLatin1(name) + QStringLiteral(".csv"));
              ui::writeCsv(chart, csvPath);
              written << csvPath;
          };
    ui::RunsChart quality;
    quality.setRuns(runs);
    quality.chart()->resize(960, 600); // not shown: the chart, not its view, takes the size
    write(quality.chart(), "accuracy-vs-compute", QStringLiteral("Accuracy vs compute"),
          [&] { return ui::chartCsv(quality.chart()); });
    ui::StepTimeChart time;
    // One bar per run: taller when there are many (seeds), so that every label stays legible.
    time.setRuns(runs);
    time.chart()->resize(960, std::max(600, 180 + 24 * int(runs.size())));
    write(time.chart(), "time-vs-compute", QStringLiteral("Time per training step, by part"),
          [&] { return time.csv(); });
    return written;
}
} // namespace

SweepGrid gridJobs(const QCommandLineParser &parser, const TrainOptions &options)
{
    const auto experts = settingList(parser, settings::kExperts);
    const auto topKs = settingList(parser, settings::kTopK);
    const auto widths = parser.value("dense-widths") == QLatin1String("none")
        ? std::vector<int> {}
        : settingList(parser, settings::kHidden, QStringLiteral("dense-widths"));
    SweepGrid grid;
    grid.seeds = int(integerOption(parser, "seeds", 1, 100));
    // A token cannot use more experts than exist: k > E is left out, and said. A grid left with
    // no run at all is a usage error, not an empty sweep.
    QStringList leftOut;
    for (int e : experts)
        for (int k : topKs)
            if (k > e)
                leftOut << QStringLiteral("E %1 k %2").arg(e).arg(k);
    if (leftOut.size() == qsizetype(experts.size() * topKs.size()) && widths.empty())
        throw UsageError("no run to train: every --top-k is more than every --experts (a sample "
                         "cannot use more experts than exist: "
                         + leftOut.join(QStringLiteral(", ")).toStdString()
                         + "), and --dense-widths is none");
    if (!leftOut.isEmpty())
        std::fprintf(stderr, "moelab-cli: note: left out, k more than E: %s\n",
                     qPrintable(leftOut.join(QStringLiteral(", "))));
    for (int s = 0; s < grid.seeds; ++s) {
        const std::uint64_t seed = options.training.seed + std::uint64_t(s);
        for (int e : experts)
            for (int k : topKs) {
                if (k > e)
                    continue;
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

PreparedData dataForSeed(const TrainOptions &options, std::size_t s)
{
    TrainOptions seeded = options;
    seeded.training.seed = seeded.dataset.seed = options.training.seed + std::uint64_t(s);
    return prepareData(seeded);
}

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

void writeResults(const std::vector<Job> &jobs, const std::vector<TrainReport> &reports, int seeds,
                  const ChartOptions &charts, const QString &how)
{
    const QString path = QDir(charts.folder).filePath(QStringLiteral("tradeoff.csv"));
    QByteArray csv = "kind,experts,top_k,hidden,seed,total_params,active_params,flops_per_sample,"
                     "time_per_step_ms,routing_ms,experts_ms,rest_ms,optimizer_ms,train_loss,"
                     "test_loss,test_accuracy,load_cv,"
                     "dropped_fraction,dead_experts\n";
    for (std::size_t i = 0; i < jobs.size(); ++i)
        csv += csvRow(jobs[i], reports[i]).toUtf8() + '\n';
    files::saveBytes(path, csv);
    printSummary(jobs, reports, seeds);
    std::printf("\n%zu runs (%s) written to %s\n", jobs.size(), qPrintable(how), qPrintable(path));
    const QStringList written = writeSweepCharts(jobs, reports, charts.folder, charts.formats);
    std::printf("Charts: %lld files in %s\n", (long long)written.size(), qPrintable(charts.folder));
}

void makeFolder(const QString &dir)
{
    files::makeWritableFolder(dir);
}

} // namespace moe::cli
