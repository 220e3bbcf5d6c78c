#pragma once

// Evaluating the text model on a token stream (docs/text.md, "Evaluation"): the stream is cut into
// windows starting at s = 0, L, 2L, ... while s + 1 < n; a window's inputs are x_s .. x_{s+T-1}
// and its targets x_{s+1} .. x_{s+T}, T = min(L, n - 1 - s). Each window is one sequence, run
// alone (its positions count from 0): token-choice routing is dropless and expert choice uses its
// experts' thresholds (docs/moe.md, [4] and [7]), so no token's result depends on another window.

#include "core/text/textmodel.h"

#include <functional>
#include <span>

namespace moe {

struct TextEvalLayer
{
    int block = 0;            // from 1
    double balanceLoss = 0.0; // mean over windows (routing group = the window)
    double zLoss = 0.0;
};

struct TextEvalResult
{
    double lossNatsPerToken = 0.0; // mean cross-entropy over every target
    double nats = 0.0;             // the sum
    Index tokens = 0;              // targets scored
    Index windows = 0;
    std::vector<TextEvalLayer> moeLayers;
};

// Called after each window with its first token's index in the stream, its length T, its
// logits (T, V) and each position's loss; the model's layers hold that window's routing.
using TextWindowSink = std::function<void(Index start, Index length, const Matrix &logits,
                                          const std::vector<double> &losses)>;

// maxTokens > 0 stops after the window that reaches that many targets (a periodic evaluation's
// sample: the first windows of the stream); 0 scores the whole stream.
TextEvalResult evaluateText(TextModel &model, std::span<const int> tokens, Index maxTokens = 0,
                            const TextWindowSink &sink = {});

// Bits per character of a loss over a text: total nats / (ln 2 * characters).
double bitsPerCharacter(double nats, double characters);
// The same for `scored` tokens of a stream of `streamTokens` tokens covering `streamCharacters`
// characters: a sample of the stream is taken to cover its average characters per token.
double bitsPerCharacter(double nats, Index scored, std::size_t streamTokens,
                        std::size_t streamCharacters);

} // namespace moe
