#pragma once

// What the Text arena draws, as plain values: the text worker fills one, the UI thread reads it
// (the 2-D arena's ArenaSnapshot pattern: nothing here points into a live model).

#include "core/text/generation.h"
#include "core/text/passagerouting.h"
#include "core/text/routinganalysis.h"
#include "core/text/textconfig.h"

#include <QMetaType>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVector>
#include <vector>

namespace moe::ui {

struct TextModelSnapshot
{
    QString title; // "MoE 8 experts x 126, top-2, every block" / "Dense FFN 256"
    TextModelConfig config;
    TextModelCost cost;
    QVector<QPointF> batchBits;      // (step, training batch loss in bits/char), thinned
    QVector<QPointF> validationBits; // (step, validation loss in bits/char) at evaluations
    double msPerStep = 0.0;          // mean training time of one step so far
    // Generated at the last evaluation (empty while none), or why this model cannot generate.
    std::vector<GeneratedToken> sample;
    QStringList sampleText; // each sample token's text, as shown
    QString cannotGenerate;
};

// For each MoE layer and expert: the tokens it takes most as first choice on the analysed
// validation text, with the share of its first choices each one is.
struct ExpertTokens
{
    QStringList tokens;
    QVector<double> shares;
    double load = 0.0; // the expert's share of all first choices
};

struct TextSnapshot
{
    int run = 0; // counts fresh starts (new models, reset)
    // Counts what the evaluations publish (an evaluation, a passage routed, samples drawn again):
    // the views rebuild the strips and tables only when it moved, not at every refresh.
    int evaluation = 0;
    qint64 step = 0;
    double stepsPerSecond = 0.0;
    bool playing = false;
    qint64 stopAt = 0;
    bool atBudget = false;
    int threads = 1;
    QString corpus;      // "shakespeare"
    QString tokenizer;   // "char"
    QStringList domains; // {"shakespeare"}; mixed: shakespeare, python, arithmetic
    int vocab = 0;
    double unigramBits = 0.0, bigramBits = 0.0; // reference levels on the evaluated tokens
    TextModelSnapshot moe, dense;
    // The passage of the token strip: its tokens' texts and routing through the MoE.
    QStringList passageText;
    PassageRouting passage;
    // Routing analyses of the MoE on the first validation tokens (empty before the first).
    RoutingAnalysis analysis;
    std::vector<std::vector<ExpertTokens>> expertTokens; // [layer][expert]
    // Per MoE layer, over the evaluations: (step, consecutive agreement), (step, chance), and
    // (step, share of first choices changed since the previous evaluation).
    std::vector<QVector<QPointF>> agreement, chance, changed;
    qint64 analysedStep = -1;
    QString message; // e.g. why training paused
};

} // namespace moe::ui

Q_DECLARE_METATYPE(moe::ui::TextSnapshot)
