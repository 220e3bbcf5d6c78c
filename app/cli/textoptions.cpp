// The options of `moelab-cli train --task text` and how a corpus is prepared for them.

#include "app/cli/clioptions.h"
#include "app/cli/textrun.h"
#include "app/options/settingoptions.h"
#include "core/base/error.h"
#include "core/base/parallel.h"
#include "datasets/builtins.h"

#include <QCoreApplication>
#include <algorithm>
#include <chrono>

namespace moe::cli {

void addTextOptions(QCommandLineParser &parser)
{
    using namespace settings;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions({
        {"help", "Show this help."},
        {"task", "text: train a language model on a text corpus (this help).", "TASK", "text"},
        {"corpus",
         "shakespeare, python, arithmetic (generated), mixed (all three, each token's domain "
         "known) or a UTF-8 text file.",
         "NAME|FILE", "shakespeare"},
        {"tokenizer",
         "char (every character of the training text), bpe or unigram (SentencePiece, trained "
         "on the training part with --vocab tokens).",
         "T", "char"},
        settingOption(kVocab, "N"),
        settingOption(kContext, "L"),
        settingOption(kTextWidth, "D"),
        settingOption(kHeads, "H"),
        settingOption(kTextBlocks, "N"),
        settingOption(kDenseHidden, "H"),
        {"model", "dense or moe: what each block's feed-forward layer is.", "KIND", "dense"},
        settingOption(kMoeEvery, "N", QStringLiteral("[MoE] ")),
    });
    addMoeOptions(parser);
    parser.addOptions({
        settingOption(kSequences, "B"),
        settingOption(kSteps, "N"),
        {"lr", "Peak learning rate of AdamW (after warm-up).", "LR", "0.001"},
        settingOption(kMinLearningRate, "LR"),
        settingOption(kWarmup, "N"),
        {"weight-decay", "AdamW's decoupled weight decay (weights and embeddings).", "WD", "0.1"},
        settingOption(kGradClip, "G"),
        {"eval-every", "Steps between evaluations (0: only at the end).", "N", "250"},
        settingOption(kEvalTokens, "N"),
        settingOption(kSeed, "S"),
        {"threads", "Worker threads (default: all cores); results do not depend on it.", "T"},
        {"json", "Print one JSON object with the results instead of the readable summary."},
        {"save-model",
         "Write the trained model (config, tokenizer, every weight) to FILE as JSON "
         "(docs/model-format.md).",
         "FILE"},
    });
}

TextRunOptions parseTextOptions(QCommandLineParser &parser, const QStringList &arguments)
{
    parseOrThrow(parser, arguments);
    TextRunOptions o;
    o.help = parser.isSet("help");
    if (o.help)
        return o;
    using namespace settings;
    if (parser.value("task") != QLatin1String("text"))
        throw UsageError("--task expects text here, got '" + parser.value("task").toStdString()
                         + "'");
    o.corpus = parser.value("corpus").toStdString();
    o.tokenizer = choiceOption(parser, "tokenizer", datasets::kTokenizerChoices);
    o.vocab = settingInt(parser, kVocab);
    if (parser.isSet("vocab") && o.tokenizer == datasets::TokenizerKind::Char)
        throw UsageError("--vocab sets the size of a bpe or unigram tokenizer; the char "
                         "tokenizer takes every character of the training text");
    o.model.context = settingInt(parser, kContext);
    o.model.width = settingInt(parser, kTextWidth);
    o.model.heads = settingInt(parser, kHeads);
    o.model.blocks = settingInt(parser, kTextBlocks);
    o.model.denseHidden = settingInt(parser, kDenseHidden);
    const QString kind = parser.value("model");
    if (kind != QLatin1String("dense") && kind != QLatin1String("moe"))
        throw UsageError("--model expects dense or moe, got '" + kind.toStdString() + "'");
    parseMoe(parser, o.model.moe, false);
    const int moeEvery = settingInt(parser, kMoeEvery); // checked for a dense model too
    o.model.moeEvery = kind == QLatin1String("moe") ? moeEvery : 0;
    if (!parser.isSet("expert-hidden")) {
        // An MoE of the dense model's compute per token, router counted (docs/text.md, "The
        // model"): (k + shared) 4 d h + 2 d E <= 4 d hD.
        const int users = o.model.moe.effectiveTopK() + o.model.moe.sharedExperts;
        o.model.moe.expertHidden
            = std::max(1, (o.model.effectiveDenseHidden() - (o.model.moe.experts + 1) / 2) / users);
    }
    if (o.model.width % o.model.heads != 0)
        throw UsageError("--width " + std::to_string(o.model.width)
                         + " must be a multiple of --heads " + std::to_string(o.model.heads));
    o.training.sequences = settingInt(parser, kSequences);
    o.training.steps = int(settingValue(parser, kSteps));
    o.training.learningRate = float(realOption(parser, "lr", kLearningRate.min, kLearningRate.max));
    o.training.minLearningRate = float(settingValue(parser, kMinLearningRate));
    o.training.warmup = settingInt(parser, kWarmup);
    o.training.weightDecay
        = float(realOption(parser, "weight-decay", kWeightDecay.min, kWeightDecay.max));
    o.training.gradClip = float(settingValue(parser, kGradClip));
    if (o.training.minLearningRate > o.training.learningRate)
        throw UsageError("--min-lr " + numberText(o.training.minLearningRate) + " is above --lr "
                         + numberText(o.training.learningRate));
    o.evalEvery = int(integerOption(parser, "eval-every", 0, 100'000'000));
    o.evalTokens = Index(settingValue(parser, kEvalTokens));
    o.seed = std::uint64_t(settingValue(parser, kSeed));
    o.threads = parser.isSet("threads") ? int(integerOption(parser, "threads", 1, 1024))
                                        : availableThreads();
    o.json = parser.isSet("json");
    o.saveModel = parser.value("save-model");
    return o;
}

PreparedText prepareText(const std::string &corpus, std::uint64_t seed,
                         datasets::TokenizerKind tokenizer, int vocab, int context)
{
    std::filesystem::path dataDir;
    if (datasets::isBuiltinCorpus(corpus) && corpus != "arithmetic")
        dataDir = datasets::findDataDirectory(QCoreApplication::applicationDirPath().toStdString());
    return datasets::prepareText(corpus, dataDir, seed, tokenizer, vocab, context);
}

} // namespace moe::cli
