#pragma once

// `moelab-cli train --task text`: a text corpus, its tokenizer and the text model (dense or MoE),
// trained with nanoGPT's recipe (core/text/texttrainer.h), evaluated on the validation part, and
// reported as a readable summary or one JSON object (docs/cli.md, "Text").

#include "core/text/routinganalysis.h"
#include "core/text/texttrainer.h"
#include "datasets/text/preparedtext.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <memory>

namespace moe::cli {

struct TextRunOptions
{
    std::string corpus = "shakespeare"; // a built-in corpus or a text file
    datasets::TokenizerKind tokenizer = datasets::TokenizerKind::Char;
    int vocab = settings::kVocab.defaultInt();
    TextModelConfig model; // vocab filled in from the tokenizer
    TextTrainConfig training;
    std::uint64_t seed = 1;
    int evalEvery = 250;
    Index evalTokens = Index(settings::kEvalTokens.defaultValue);
    int threads = 1;
    QString saveModel;
    bool json = false;
    bool help = false;
};

void addTextOptions(QCommandLineParser &parser);
// "4 blocks, d 128, 4 heads, context 64, MoE E 8 k 2 h 128 (topk)".
std::string describeTextModel(const TextModelConfig &config);
TextRunOptions parseTextOptions(QCommandLineParser &parser, const QStringList &arguments);

using datasets::PreparedText;
// Built-in corpora from the data folder next to the executable; a path through the strict
// loader. Throws DataError / ConfigError.
PreparedText prepareText(const std::string &corpus, std::uint64_t seed,
                         datasets::TokenizerKind tokenizer, int vocab, int context);

struct TextCurvePoint
{
    int step = 0;
    double trainLoss = 0.0, validationLoss = 0.0; // nats per token, on the evaluation samples
};

struct TextRunReport
{
    TextModelCost cost;
    double trainLoss = 0.0, validationLoss = 0.0; // nats per token
    double trainBitsPerChar = 0.0, validationBitsPerChar = 0.0;
    double tokensPerSecond = 0.0, msPerStep = 0.0, wallSeconds = 0.0, tokenizerSeconds = 0.0;
    std::vector<TextCurvePoint> curve;
    std::vector<double> dropRate; // per MoE layer, mean over the training steps
    std::optional<RoutingAnalysis> routing;
    int steps = 0;
};

TextRunReport runTextTraining(const TextRunOptions &options, const PreparedText &text,
                              bool progress);
QJsonObject textReportJson(const TextRunOptions &options, const PreparedText &text,
                           const TextRunReport &report);
void printTextSummary(const TextRunOptions &options, const PreparedText &text,
                      const TextRunReport &report);

// The JSON of a routing analysis (train's summary and eval's).
QJsonArray routingAnalysisJson(const RoutingAnalysis &analysis,
                               const std::vector<std::string> &domains);

int runTextTrain(const QStringList &arguments);
int runGenerate(const QStringList &arguments);
// `eval` of a text model file (evalcommand.cpp hands it over).
int runTextEval(const QStringList &arguments);

} // namespace moe::cli
