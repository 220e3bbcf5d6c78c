#include "ui/text/textsweep.h"

#include "core/text/texteval.h"
#include "core/text/textpair.h"
#include "datasets/builtins.h"
#include "datasets/text/preparedtext.h"

#include <QCoreApplication>
#include <algorithm>

namespace moe::ui {

std::vector<TextModelConfig> textSweepGrid(const TextModelConfig &moe, const TextModelConfig &dense)
{
    const int h = moe.moe.expertHidden;
    std::vector<TextModelConfig> grid;
    for (int k : {1, 2})
        for (int e = 1; e <= 32; e *= 2) {
            TextModelConfig m = moe;
            m.moe.experts = e;
            m.moe.topK = k;
            m.moe.expertHidden = h;
            // A token cannot use more experts than exist; Switch routes to one whatever k, and
            // under expert choice the capacity factor, not k, sets the compute.
            const bool kIgnored = m.moe.router == RouterKind::ExpertChoice && k > 1;
            if (k > e || m.moe.effectiveTopK() != k || kIgnored)
                continue;
            grid.push_back(m);
        }
    for (int factor : {1, 2, 4, 8}) {
        TextModelConfig d = dense;
        d.moeEvery = 0;
        d.denseHidden = factor * h;
        grid.push_back(d);
    }
    std::vector<std::pair<double, TextModelConfig>> costed;
    for (const TextModelConfig &c : grid)
        costed.emplace_back(textModelCost(c).forwardFlopsPerToken, c);
    std::stable_sort(costed.begin(), costed.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    for (std::size_t i = 0; i < grid.size(); ++i)
        grid[i] = costed[i].second;
    return grid;
}

std::vector<TextModelConfig> textSweepGrid(const TextExperiment &experiment, int vocab)
{
    return textSweepGrid(experiment.moeModel(vocab), experiment.denseModel(vocab));
}

QString textRunLabel(const TextModelConfig &c)
{
    if (!c.isMoe())
        return QStringLiteral("dense h=%1").arg(c.effectiveDenseHidden());
    if (c.moe.router == RouterKind::ExpertChoice)
        return QStringLiteral("MoE E=%1 h=%2 (expert choice)")
            .arg(c.moe.experts)
            .arg(c.moe.expertHidden);
    return QStringLiteral("MoE E=%1 k=%2 h=%3")
        .arg(c.moe.experts)
        .arg(c.moe.effectiveTopK())
        .arg(c.moe.expertHidden);
}

QString textDataKey(const QString &corpus, const QString &tokenizer, int vocab)
{
    return QStringLiteral("%1|%2|%3").arg(corpus, tokenizer).arg(vocab);
}

QString textDataKey(const datasets::PreparedText &text, datasets::TokenizerKind tokenizer)
{
    return textDataKey(
        QString::fromStdString(text.corpus.name),
        QString::fromLatin1(choiceName(datasets::kTokenizerChoices, tokenizer).data()),
        text.tokenizer->vocabSize());
}

TextSweepRun untrainedRun(const TextModelConfig &config)
{
    TextSweepRun run;
    run.config = config;
    run.label = textRunLabel(config);
    const TextModelCost cost = textModelCost(config);
    run.totalParams = cost.totalParams;
    run.activeParams = cost.activeParams;
    run.flops = cost.forwardFlopsPerToken;
    return run;
}

std::filesystem::path textDataDirectory(const std::string &corpus)
{
    if (!datasets::isBuiltinCorpus(corpus) || corpus == "arithmetic")
        return {};
    return datasets::findDataDirectory(QCoreApplication::applicationDirPath().toStdString());
}

std::optional<TextSweepRun> trainTextRun(const TextModelConfig &config,
                                         const TextExperiment &experiment,
                                         const datasets::PreparedText &text, int steps,
                                         const std::function<bool()> &cancelled)
{
    TextTrainConfig training = experiment.training;
    training.steps = std::max(1, steps); // the schedule ends with the run
    TextRun run(config, training, text.tokens.train.ids, experiment.seed);
    double ms = 0.0;
    bool finite = true;
    for (int i = 0; i < steps && finite; ++i) {
        if (cancelled && cancelled())
            return std::nullopt;
        double stepMs = 0.0;
        const TextStepResult step = run.step(stepMs);
        ms += stepMs;
        finite = std::isfinite(step.loss + step.auxLoss);
    }
    TextSweepRun result = untrainedRun(config);
    result.data = textDataKey(text, experiment.tokenizer);
    result.steps = run.trainer->stepsDone();
    result.msPerStep = ms / double(std::max<qint64>(1, result.steps));
    if (finite) { // the arena's evaluation: the first evalTokens tokens of the validation part
        const datasets::TokenStream &validation = text.tokens.validation;
        const TextEvalResult eval = evaluateText(*run.model, validation.ids, experiment.evalTokens);
        result.bitsPerChar = bitsPerCharacter(eval.nats, eval.tokens, validation.ids.size(),
                                              validation.characters);
    }
    return result;
}

} // namespace moe::ui
