// `moelab-cli compare` (and `demo`): an MoE and three dense baselines trained on identical data,
// batches and seeds (core/moe/moeflops.h):
//   matched expert compute  hidden (k + shared) * h: the experts' FLOPs, router left out (Megatron)
//   matched total compute   smallest hidden h with 4 d h >= the MoE block's FLOPs, router included
//   matched params          hidden (E + shared) * h: the same total parameters

#include "app/cli/chartoptions.h"
#include "app/cli/command.h"
#include "app/cli/runner.h"
#include "core/moe/moeflops.h"
#include "files/atomicfile.h"
#include "files/experiment.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <cstdio>

namespace moe::cli {

namespace {
struct Contender
{
    const char *key; // JSON key and log-file suffix
    QString title;   // column header
    ModelConfig config;
};

std::vector<Contender> contenders(const TrainOptions &options, const PreparedData &data)
{
    ModelConfig moe = modelConfigFor(options, data);
    moe.blockKind = BlockKind::Moe;
    const MoeConfig &m = moe.moe;
    ModelConfig expert = moe, total = moe, params = moe;
    expert.blockKind = total.blockKind = params.blockKind = BlockKind::Dense;
    expert.hidden = matchedExpertComputeHidden(m);
    total.hidden = matchedTotalComputeHidden(m, moe.width);
    params.hidden = matchedParametersHidden(m);
    const auto dense
        = [](const ModelConfig &c) { return QStringLiteral("dense h=%1").arg(c.hidden); };
    return {{"moe", QStringLiteral("MoE %1x%2").arg(m.experts).arg(m.expertHidden), moe},
            {"dense_matched_expert_compute", dense(expert), expert},
            {"dense_matched_total_compute", dense(total), total},
            {"dense_matched_params", dense(params), params}};
}

QString logPath(const QString &base, const char *key)
{
    if (base.isEmpty())
        return {};
    const QFileInfo info(base);
    return info.path() + QLatin1Char('/') + info.completeBaseName() + QLatin1Char('-')
        + QString::fromLatin1(key) + QStringLiteral(".csv");
}

void printTable(const std::vector<Contender> &models, const std::vector<TrainReport> &reports)
{
    auto row = [&](const char *label, const std::function<QString(const TrainReport &)> &cell) {
        std::printf("%-26s", label);
        for (const TrainReport &r : reports)
            std::printf("%18s", qPrintable(cell(r)));
        std::printf("\n");
    };
    auto number = [](double v, int decimals) { return QString::number(v, 'f', decimals); };
    std::printf("\n%-26s", "");
    for (const Contender &c : models)
        std::printf("%18s", qPrintable(c.title));
    std::printf("\n%-26s%18s%18s%18s%18s\n", "dense matched to", "", "expert compute",
                "total compute", "parameters");
    std::printf("%-26s%18s%18s%18s%18s\n", "", "", "(router left out)", "(router included)", "");
    row("total parameters", [&](auto &r) { return number(double(r.cost.totalParams), 0); });
    row("active parameters/sample",
        [&](auto &r) { return number(double(r.cost.activeParamsPerSample), 0); });
    row("FLOPs/sample (forward)", [&](auto &r) { return number(r.cost.forwardFlopsPerSample, 0); });
    const double moeFlops = reports.front().cost.forwardFlopsPerSample;
    row("  x the MoE's FLOPs", [&](auto &r) {
        return number(r.cost.forwardFlopsPerSample / moeFlops, 2) + QLatin1Char('x');
    });
    row("train loss", [&](auto &r) { return number(r.final.train.loss, 4); });
    row("test loss",
        [&](auto &r) { return r.final.test ? number(r.final.test->loss, 4) : QString("-"); });
    if (reports.front().task == Task::Classification)
        row("test accuracy", [&](auto &r) {
            return r.final.test && r.final.test->accuracy ? number(*r.final.test->accuracy, 4)
                                                          : QString("-");
        });
    row("time per step (ms)", [&](auto &r) { return number(r.msPerStep().total, 3); });
    row("  of which routing (ms)", [&](auto &r) { return number(r.msPerStep().routing, 3); });
    row("  of which experts (ms)", [&](auto &r) { return number(r.msPerStep().experts, 3); });
    row("  of which rest (ms)", [&](auto &r) { return number(r.msPerStep().rest, 3); });
    row("  of which optimiser (ms)", [&](auto &r) { return number(r.msPerStep().optimizer, 3); });
    const RoutingStats &s = reports.front().final.routing.front();
    std::printf("\nMoE routing, last %lld steps: load CV %.2f, dropped %.1f%%, dead experts %d of "
                "%d, router entropy %.2f (max %.2f), balance loss %.4f\n",
                (long long)s.steps, s.loadCv, 100.0 * s.droppedFraction, s.deadExperts, s.experts,
                s.routerEntropy, s.maxEntropy, s.balanceLoss);
}

int compareCommand(const QStringList &arguments, const char *command, const char *summary)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QString::fromUtf8(summary));
    addTrainOptions(parser, OptionDefaults {"moe"});
    addChartOptions(parser);
    return runGuarded(command, [&] {
        const TrainOptions options = parseTrainOptions(parser, arguments);
        const ChartOptions charts = parseChartOptions(parser);
        if (options.help) {
            printHelp(parser, command);
            return int(kExitOk);
        }
        if (options.model.blocks == 0)
            throw UsageError("--blocks 0 leaves no block to compare");
        const PreparedData data = prepareData(options);
        const std::vector<Contender> models = contenders(options, data);
        for (const Contender &c : models) // every log checked before the first run trains
            if (!options.logCsv.isEmpty())
                files::checkWritable(logPath(options.logCsv, c.key));
        std::vector<TrainReport> reports;
        for (const Contender &c : models) {
            if (!options.json)
                std::printf("Training %s...\n", qPrintable(c.title));
            reports.push_back(
                trainModel(c.config, data, options, false, logPath(options.logCsv, c.key)));
        }
        if (options.json) {
            QJsonObject json;
            for (std::size_t i = 0; i < models.size(); ++i)
                json.insert(QString::fromLatin1(models[i].key), toJson(reports[i]));
            std::printf("%s\n", QJsonDocument(json).toJson().constData());
        } else {
            std::printf("\nDataset %s: %lld train / %lld test samples, %lld steps of batch %lld, "
                        "seed %llu\n",
                        data.name.c_str(), (long long)reports[0].trainSamples,
                        (long long)reports[0].testSamples, (long long)reports[0].steps,
                        (long long)reports[0].batchSize, (unsigned long long)options.training.seed);
            std::printf("MoE: %s\n", reports[0].model.c_str());
            printTable(models, reports);
        }
        // the app's charts of the MoE and its baseline of matched total compute, as the app draws
        if (!charts.folder.isEmpty())
            writeArenaCharts(options, reports[0].steps, charts, options.json);
        return int(kExitOk);
    });
}
} // namespace

int runCompare(const QStringList &arguments)
{
    return compareCommand(arguments, "compare",
                          "Train an MoE and three dense baselines on identical data, batches and\n"
                          "seeds: matched expert compute (hidden (k+shared)*h, the router's 2dE\n"
                          "FLOPs left out), matched total compute (the smallest hidden h with\n"
                          "4dh >= the MoE block's FLOPs, router included) and matched parameters\n"
                          "(hidden (E+shared)*h). Prints FLOPs/sample of each beside the MoE's.\n"
                          "Takes the options of `train`.");
}

namespace {
// classroomDemo() (files/experiment.h) as command-line options, so that the CLI's demo cannot
// drift from the app's.
QStringList demoOptions()
{
    const Experiment e = classroomDemo();
    const MoeConfig &m = e.model.moe;
    const auto text = [](double v) { return QString::fromStdString(numberText(v)); };
    return {"--dataset",
            QString::fromStdString(e.dataset.name),
            "--width",
            text(e.model.width),
            "--blocks",
            text(e.model.blocks),
            "--experts",
            text(m.experts),
            "--top-k",
            text(m.topK),
            "--expert-hidden",
            text(m.expertHidden),
            "--router",
            QString::fromLatin1(routerName(m.router).data()),
            "--capacity-factor",
            m.capacityFactor ? text(*m.capacityFactor) : QStringLiteral("none"),
            "--balance-loss",
            text(m.balanceLoss),
            "--batch",
            text(double(e.training.batchSize)),
            "--lr",
            text(decimalValue(e.training.optimizer.learningRate)),
            "--steps",
            text(double(e.steps))};
}
} // namespace

int runDemo(const QStringList &arguments)
{
    // The demo's options first, so that any option given after them wins.
    const QStringList demo = demoOptions();
    QStringList withDemo = arguments;
    for (qsizetype i = 0; i < demo.size(); ++i)
        withDemo.insert(1 + i, demo[i]);
    return compareCommand(withDemo, "demo",
                          "The default classroom demo (the app starts on it): an MoE (16 experts\n"
                          "of hidden 16, top-2) and its dense baselines learn a 16 x 16 grid of\n"
                          "random classes, where the MoE's extra capacity wins. Same options as\n"
                          "`compare`; any option given replaces the demo's.");
}

} // namespace moe::cli
