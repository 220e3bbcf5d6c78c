// Training a text model for `moelab-cli train --task text`, and its report.

#include "app/cli/textrun.h"

#include "app/cli/runner.h"
#include "core/base/gemm.h"
#include "core/base/parallel.h"
#include "core/text/texteval.h"
#include "core/train/memoryestimate.h"
#include "files/atomicfile.h"
#include "files/textmodelfile.h"

#include <QJsonArray>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace moe::cli {

namespace {
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double bitsPerChar(const TextEvalResult &result, const datasets::TokenStream &stream)
{
    return bitsPerCharacter(result.nats, result.tokens, stream.ids.size(), stream.characters);
}

// Bytes to train: parameters with their gradients and two Adam moments, and the activations one
// step keeps per block (about 20 d + 4 hD + 2 H T floats per token) and for the head.
double textTrainingBytes(const TextModelConfig &c, const TextModelCost &cost, int sequences)
{
    const double tokens = double(sequences) * c.context;
    const double perBlock = 20.0 * c.width + 4.0 * c.effectiveDenseHidden()
        + 2.0 * c.heads * c.context
        + (c.isMoe() ? 4.0 * c.moe.topK * c.moe.expertHidden + 2.0 * c.moe.experts : 0.0);
    return 4.0 * (4.0 * double(cost.totalParams) + tokens * (perBlock * c.blocks + 3.0 * c.vocab));
}
} // namespace

TextRunReport runTextTraining(const TextRunOptions &o, const PreparedText &text, bool progress)
{
    if (!o.saveModel.isEmpty())
        files::checkWritable(o.saveModel);
    setThreadCount(o.threads);
    TextModelConfig config = o.model;
    config.vocab = text.tokenizer->vocabSize();
    config.validate();
    const TextModelCost cost = textModelCost(config);
    checkFitsInMemory(textTrainingBytes(config, cost, o.training.sequences),
                      double(cost.totalParams),
                      config.isMoe() ? "This MoE text model" : "This dense text model");
    const Clock::time_point wallStart = Clock::now();
    Rng rng(o.seed);
    TextModel model(config, rng);
    TextBatcher batcher(text.tokens.train.ids, config.context, rng.split());
    TextTrainer trainer(model, o.training, rng.split());
    TextRunReport report;
    report.cost = cost;
    report.dropRate.assign(std::size_t(config.moeLayers()), 0.0);
    const auto evaluate = [&](int step) {
        TextCurvePoint point;
        point.step = step;
        point.trainLoss = evaluateText(model, text.tokens.train.ids, o.evalTokens).lossNatsPerToken;
        point.validationLoss
            = evaluateText(model, text.tokens.validation.ids, o.evalTokens).lossNatsPerToken;
        report.curve.push_back(point);
        if (progress)
            std::printf("step %6d  train %.4f  validation %.4f nats/token\n", step, point.trainLoss,
                        point.validationLoss);
        std::fflush(stdout);
    };
    if (progress)
        std::printf("Training a %s text model (%s) on %s for %d steps...\n",
                    config.isMoe() ? "MoE" : "dense", describeTextModel(config).c_str(),
                    text.corpus.name.c_str(), o.training.steps);
    double trainingSeconds = 0.0, firstLoss = 0.0;
    for (int step = 0; step < o.training.steps; ++step) {
        if (o.evalEvery > 0 && step % o.evalEvery == 0)
            evaluate(step);
        const TokenBatch batch = batcher.next(o.training.sequences);
        const Clock::time_point start = Clock::now();
        const TextStepResult result = trainer.step(batch);
        trainingSeconds += secondsSince(start);
        if (step == 0)
            firstLoss = result.loss;
        if (!std::isfinite(result.loss) || result.loss > 100.0 * std::max(firstLoss, 1.0))
            throw TrainingDiverged("training diverged: the loss reached "
                                   + QString::number(result.loss, 'g', 3).toStdString()
                                   + " at step " + std::to_string(step + 1)
                                   + "; try a smaller learning rate (--lr)");
        for (std::size_t l = 0; l < result.droppedShare.size(); ++l)
            report.dropRate[l] += result.droppedShare[l] / double(o.training.steps);
    }
    report.steps = trainer.stepsDone();
    const TextEvalResult train = evaluateText(model, text.tokens.train.ids, o.evalTokens);
    const TextEvalResult validation = evaluateText(model, text.tokens.validation.ids);
    report.trainLoss = train.lossNatsPerToken;
    report.validationLoss = validation.lossNatsPerToken;
    report.trainBitsPerChar = bitsPerChar(train, text.tokens.train);
    report.validationBitsPerChar = bitsPerChar(validation, text.tokens.validation);
    report.curve.push_back({report.steps, report.trainLoss, report.validationLoss});
    if (progress)
        std::printf("step %6d  train %.4f  validation %.4f nats/token (whole validation part)\n",
                    report.steps, report.trainLoss, report.validationLoss);
    const double tokens = double(report.steps) * o.training.sequences * config.context;
    report.tokensPerSecond = trainingSeconds > 0 ? tokens / trainingSeconds : 0.0;
    report.msPerStep = report.steps > 0 ? 1000.0 * trainingSeconds / report.steps : 0.0;
    if (config.isMoe()) {
        // The first 64 windows of the validation part (or all of it): analyses stay a few seconds.
        const std::size_t count = std::min(text.tokens.validation.ids.size(),
                                           std::size_t(64 * o.training.sequences * config.context));
        RoutingAnalysisInput input;
        input.tokens = std::span<const int>(text.tokens.validation.ids).first(count);
        input.domain = std::span<const std::uint8_t>(text.tokens.validation.domain).first(count);
        input.domains = int(text.corpus.domains.size());
        input.sequences = o.training.sequences;
        input.seed = o.seed;
        report.routing = analyseRouting(model, input);
    }
    report.wallSeconds = secondsSince(wallStart);
    if (!o.saveModel.isEmpty()) {
        files::TextModelInfo info;
        info.tokenizer = text.tokenizer->state();
        info.corpus = o.corpus;
        info.seed = o.seed;
        info.steps = report.steps;
        files::saveTextModel(o.saveModel, model, info);
    }
    return report;
}

std::string describeTextModel(const TextModelConfig &c)
{
    std::string text = std::to_string(c.blocks) + " blocks, d " + std::to_string(c.width) + ", "
        + std::to_string(c.heads) + " heads, context " + std::to_string(c.context) + ", ";
    if (!c.isMoe())
        return text + "FFN " + std::to_string(c.effectiveDenseHidden());
    text += "MoE E " + std::to_string(c.moe.experts);
    if (c.moe.router != RouterKind::ExpertChoice)
        text += " k " + std::to_string(c.moe.effectiveTopK());
    text += " h " + std::to_string(c.moe.expertHidden) + " ("
        + std::string(routerName(c.moe.router)) + (c.moeEvery == 2 ? ", every other block)" : ")");
    return text;
}

QJsonArray routingAnalysisJson(const RoutingAnalysis &analysis,
                               const std::vector<std::string> &domains)
{
    QJsonArray layers;
    for (const LayerRoutingAnalysis &l : analysis.layers) {
        QJsonArray share, drop, affinity;
        for (double s : l.expertShare)
            share.append(s);
        for (double d : l.dropByPosition)
            drop.append(d);
        for (std::size_t d = 0; d < l.domainExpert.size(); ++d) {
            QJsonArray row;
            for (double s : l.domainExpert[d])
                row.append(s);
            affinity.append(QJsonObject {
                {"domain", QString::fromStdString(d < domains.size() ? domains[d] : "text")},
                {"tokens", double(d < l.domainTokens.size() ? l.domainTokens[d] : 0)},
                {"expert_share", row}});
        }
        QJsonObject layer {{"block", l.block},
                           {"expert_share", share},
                           {"token_specialisation", l.tokenSpecialisation},
                           {"token_specialisation_if_token_blind", l.specialisationIfTokenBlind},
                           {"token_ids_measured", double(l.tokenIdsMeasured)},
                           {"domain_specialisation", l.domainSpecialisation},
                           {"consecutive_agreement", l.consecutiveAgreement},
                           {"consecutive_chance", l.consecutiveChance},
                           {"drop_rate", l.dropRate},
                           {"drop_by_position", drop},
                           {"domain_expert", affinity}};
        if (l.changedSincePrevious >= 0.0)
            layer.insert("changed_since_previous", l.changedSincePrevious);
        layers.append(layer);
    }
    return layers;
}

QJsonObject textReportJson(const TextRunOptions &o, const PreparedText &text,
                           const TextRunReport &r)
{
    const TextModelConfig &c = o.model;
    QJsonArray curve;
    for (const TextCurvePoint &p : r.curve)
        curve.append(QJsonObject {
            {"step", p.step}, {"train_loss", p.trainLoss}, {"validation_loss", p.validationLoss}});
    QJsonArray drops;
    for (double d : r.dropRate)
        drops.append(d);
    QJsonObject json {
        {"task", "text"},
        {"corpus", QString::fromStdString(text.corpus.name)},
        {"tokenizer",
         QString::fromLatin1(choiceName(datasets::kTokenizerChoices, o.tokenizer).data())},
        {"vocab", text.tokenizer->vocabSize()},
        {"train_tokens", double(text.tokens.train.ids.size())},
        {"validation_tokens", double(text.tokens.validation.ids.size())},
        {"model", c.isMoe() ? "moe" : "dense"},
        {"description", QString::fromStdString(describeTextModel(c))},
        {"steps", r.steps},
        {"batch_sequences", o.training.sequences},
        {"context", c.context},
        {"train_loss", r.trainLoss},
        {"validation_loss", r.validationLoss},
        {"train_bits_per_char", r.trainBitsPerChar},
        {"validation_bits_per_char", r.validationBitsPerChar},
        {"tokens_per_second", r.tokensPerSecond},
        {"ms_per_step", r.msPerStep},
        {"wall_seconds", r.wallSeconds},
        {"params_total", double(r.cost.totalParams)},
        {"params_active", double(r.cost.activeParams)},
        {"flops_per_token", r.cost.forwardFlopsPerToken},
        {"threads", threadCount()},
        {"gemm", QString::fromLatin1(gemmBackendName())},
        {"seed", double(o.seed)},
        {"curve", curve},
    };
    if (c.isMoe()) {
        json.insert("drop_rate_per_layer", drops);
        if (r.routing)
            json.insert("routing", routingAnalysisJson(*r.routing, text.corpus.domains));
    }
    return json;
}

void printTextSummary(const TextRunOptions &o, const PreparedText &text, const TextRunReport &r)
{
    std::printf("\n%s on %s (%s tokenizer, %d tokens)\n", describeTextModel(o.model).c_str(),
                text.corpus.name.c_str(),
                choiceName(datasets::kTokenizerChoices, o.tokenizer).data(),
                text.tokenizer->vocabSize());
    std::printf("  validation loss   %.4f nats/token, %.3f bits/char\n", r.validationLoss,
                r.validationBitsPerChar);
    std::printf("  train loss        %.4f nats/token, %.3f bits/char\n", r.trainLoss,
                r.trainBitsPerChar);
    std::printf("  parameters        %lld total, %lld active per token\n",
                (long long)r.cost.totalParams, (long long)r.cost.activeParams);
    std::printf("  FLOPs per token   %.3g (forward, router counted)\n",
                r.cost.forwardFlopsPerToken);
    std::printf("  speed             %.0f tokens/s, %.1f ms/step, %d threads, %s products; %.1f s "
                "in all\n",
                r.tokensPerSecond, r.msPerStep, threadCount(), gemmBackendName(), r.wallSeconds);
    if (!r.routing)
        return;
    for (const LayerRoutingAnalysis &l : r.routing->layers)
        std::printf("  block %d routing  drop rate %.1f%%; token specialisation %.2f (%.2f if the "
                    "token did not matter); consecutive tokens share an expert %.2f (chance "
                    "%.2f)\n",
                    l.block, 100.0 * l.dropRate, l.tokenSpecialisation,
                    l.specialisationIfTokenBlind, l.consecutiveAgreement, l.consecutiveChance);
}

} // namespace moe::cli
