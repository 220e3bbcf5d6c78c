#pragma once

// The reference levels the text arena's loss curves are drawn against (docs/text.md, "Reference
// levels"): what a model that reads no context (unigram) or only the previous token (bigram) scores
// on the validation tokens. Both are counted on the training tokens with add-one (Laplace)
// smoothing over the V token ids, so that a token the training part never showed after another
// still gets a probability:
//   unigram  p(y)     = (count(y) + 1) / (n + V)
//   bigram   p(y | x) = (count(x, y) + 1) / (count(x as a predecessor) + V)
// Scored as evaluateText scores (core/text/texteval.h): every token of the validation stream but
// the first is a target once, predicted from the token before it. A transformer whose loss is
// below the bigram level has learned to use more than the previous token.
// On shakespeare with the char tokenizer: unigram 4.83, bigram 3.58 bits per character.

#include "core/base/tensor.h"

#include <span>
#include <vector>

namespace moe {

struct NgramLevels
{
    double unigramNats = 0.0; // summed over the scored targets
    double bigramNats = 0.0;
    Index scored = 0; // targets scored
};

class BigramCounts
{
public:
    // Counts over `train` (ids in [0, vocab)). Throws DataError for an id out of range.
    BigramCounts(std::span<const int> train, int vocab);
    // The levels on the targets 1 .. m of `validation`, m = min(maxTargets, n - 1) (0: all).
    NgramLevels score(std::span<const int> validation, Index maxTargets = 0) const;

private:
    int m_vocab;
    Index m_total = 0;
    std::vector<Index> m_unigram;     // (V)
    std::vector<Index> m_predecessor; // (V): count(x followed by anything)
    std::vector<Index> m_bigram;      // (V * V), row x, column y
};

} // namespace moe
