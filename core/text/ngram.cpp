#include "core/text/ngram.h"

#include "core/base/error.h"

#include <cmath>
#include <string>

namespace moe {

namespace {
void checkId(int id, int vocab, std::size_t at)
{
    if (id < 0 || id >= vocab)
        throw DataError("token " + std::to_string(at) + " has id " + std::to_string(id)
                        + ", outside the vocabulary of " + std::to_string(vocab) + " tokens");
}
} // namespace

BigramCounts::BigramCounts(std::span<const int> train, int vocab)
    : m_vocab(vocab)
    , m_total(Index(train.size()))
    , m_unigram(std::size_t(vocab), 0)
    , m_predecessor(std::size_t(vocab), 0)
    , m_bigram(std::size_t(vocab) * std::size_t(vocab), 0)
{
    for (std::size_t i = 0; i < train.size(); ++i) {
        checkId(train[i], vocab, i);
        ++m_unigram[std::size_t(train[i])];
        if (i + 1 < train.size()) {
            checkId(train[i + 1], vocab, i + 1);
            ++m_predecessor[std::size_t(train[i])];
            ++m_bigram[std::size_t(train[i]) * std::size_t(vocab) + std::size_t(train[i + 1])];
        }
    }
}

NgramLevels BigramCounts::score(std::span<const int> validation, Index maxTargets) const
{
    NgramLevels levels;
    const Index n = Index(validation.size());
    Index last = n - 1; // the last target scored
    if (maxTargets > 0)
        last = std::min(last, maxTargets);
    const double V = double(m_vocab);
    for (Index i = 1; i <= last; ++i) {
        const int x = validation[std::size_t(i - 1)], y = validation[std::size_t(i)];
        checkId(x, m_vocab, std::size_t(i - 1));
        checkId(y, m_vocab, std::size_t(i));
        levels.unigramNats
            -= std::log((double(m_unigram[std::size_t(y)]) + 1.0) / (double(m_total) + V));
        const double pair
            = double(m_bigram[std::size_t(x) * std::size_t(m_vocab) + std::size_t(y)]);
        levels.bigramNats -= std::log((pair + 1.0) / (double(m_predecessor[std::size_t(x)]) + V));
        ++levels.scored;
    }
    return levels;
}

} // namespace moe
