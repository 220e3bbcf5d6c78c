#pragma once

// The Text arena's capacity sweep: a fixed grid of text models trained one after another for the
// same number of steps, each then scored on the validation text, to set what a model holds
// (total parameters) against what a token costs (forward FLOPs per token). The 2-D arena's sweep
// (ui/worker/sweep.h) for the text model. Plain values and functions; the thread is
// TextSweepWorker's (ui/text/textsweepworker.h).
//
// The grid, from the arena's MoE (expert width h) and dense model (the other shape settings):
//   MoE   E = 1, 2, 4, 8, 16, 32 experts at k = 1 and 2 (k <= E), experts of width h;
//   dense FFN hidden width hD = h, 2h, 4h, 8h;
// cheapest FLOPs per token first. Within one k the MoE runs cost the same per token but for the
// router, 2 d E per MoE layer (textModelCost), while their parameters grow with E: capacity
// without compute. The dense runs buy both together.

#include "core/text/textconfig.h"
#include "files/textexperiment.h"

#include <QMetaType>
#include <QString>
#include <cmath>
#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

namespace moe::datasets {
struct PreparedText;
}

namespace moe::ui {

struct TextSweepRun
{
    QString label; // textRunLabel(config)
    QString data;  // textDataKey of the text it was trained and scored on
    TextModelConfig config;
    bool fromSweep = true; // false: one of the arena's two live models
    qint64 steps = 0;
    qint64 totalParams = 0, activeParams = 0;
    double flops = 0.0;       // forward FLOPs per token (TextModelCost::forwardFlopsPerToken)
    double bitsPerChar = NAN; // validation loss, bits per character; NaN: diverged or none yet
    double msPerStep = 0.0;   // mean measured training step (forward, backward, update)

    bool isMoe() const { return config.isMoe(); }
    int topK() const { return config.isMoe() ? config.moe.effectiveTopK() : 0; }
};

// The grid for the arena's MoE `moe` and dense `dense` models (see above).
std::vector<TextModelConfig> textSweepGrid(const TextModelConfig &moe,
                                           const TextModelConfig &dense);
// The same for the arena's settings on a tokenizer of `vocab` tokens.
std::vector<TextModelConfig> textSweepGrid(const TextExperiment &experiment, int vocab);

// "MoE E=8 k=2 h=126" or "dense h=256": which configuration a point is.
QString textRunLabel(const TextModelConfig &config);
// Runs compare only on the same tokens: "shakespeare|char|65".
QString textDataKey(const QString &corpus, const QString &tokenizer, int vocab);
// The same for a prepared text and the tokenizer it was prepared with.
QString textDataKey(const datasets::PreparedText &text, datasets::TokenizerKind tokenizer);

// A run of `config` before training: its label and costs from its shape (textModelCost).
TextSweepRun untrainedRun(const TextModelConfig &config);

// Where a corpus's files are read from (empty for a path or a generated corpus).
std::filesystem::path textDataDirectory(const std::string &corpus);

// Trains `config` for `steps` steps (the learning-rate schedule's length) with the arena's recipe
// and seed on `text`'s training tokens, then scores the first experiment.evalTokens validation
// tokens, as the arena's curves do. nullopt when `cancelled` says so (asked before every step).
// Throws ConfigError / DataError for a model the text cannot train.
std::optional<TextSweepRun> trainTextRun(const TextModelConfig &config,
                                         const TextExperiment &experiment,
                                         const datasets::PreparedText &text, int steps,
                                         const std::function<bool()> &cancelled = {});

} // namespace moe::ui

Q_DECLARE_METATYPE(moe::ui::TextSweepRun)
