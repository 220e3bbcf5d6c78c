// Generated arithmetic and the mixed corpus (textcorpus.h, mixedcorpus.h).

#include "datasets/text/mixedcorpus.h"

#include "core/base/error.h"
#include "core/base/rng.h"

namespace moe::datasets {

namespace {

// An operand of 1, 2 or 3 digits (the digit count drawn first, so 7 is as likely as 417).
long operand(Rng &rng)
{
    const int digits = 1 + int(rng.below(3));
    const long lo = digits == 1 ? 0 : digits == 2 ? 10 : 100;
    const long hi = digits == 1 ? 9 : digits == 2 ? 99 : 999;
    return lo + long(rng.below(std::uint64_t(hi - lo + 1)));
}

std::string arithmeticLine(Rng &rng)
{
    const long a = operand(rng), b = operand(rng);
    switch (rng.below(3)) {
    case 0:
        return std::to_string(a) + "+" + std::to_string(b) + "=" + std::to_string(a + b) + "\n";
    case 1:
        return std::to_string(a) + "-" + std::to_string(b) + "=" + std::to_string(a - b) + "\n";
    default:
        return std::to_string(a) + "*" + std::to_string(b) + "=" + std::to_string(a * b) + "\n";
    }
}

bool isBlankLine(std::string_view line)
{
    return line.find_first_not_of(" \t\r\n\f") == std::string_view::npos;
}

// Whole documents from the start of `text` until they hold at least `codePoints` code points.
std::vector<std::string_view> leadingDocuments(const TextCorpus &corpus, std::size_t codePoints)
{
    std::vector<std::string_view> taken;
    std::size_t have = 0;
    for (const TextDocument &d : splitAtBlankLines(corpus.text)) {
        if (have >= codePoints)
            break;
        taken.push_back(std::string_view(corpus.text).substr(d.begin, d.end - d.begin));
        have += countCodePoints(taken.back());
    }
    return taken;
}

} // namespace

TextCorpus makeArithmeticCorpus(std::uint64_t seed, std::size_t bytes)
{
    Rng rng(seed);
    TextCorpus corpus;
    corpus.name = "arithmetic";
    corpus.domains = {"arithmetic"};
    while (corpus.text.size() < bytes)
        corpus.text += arithmeticLine(rng);
    corpus.documents = {TextDocument {0, 0, corpus.text.size()}};
    return corpus;
}

std::vector<TextDocument> splitAtBlankLines(std::string_view text)
{
    std::vector<TextDocument> documents;
    std::size_t begin = 0;
    bool previousBlank = false;
    for (std::size_t line = 0; line < text.size();) {
        std::size_t next = text.find('\n', line);
        next = next == std::string_view::npos ? text.size() : next + 1;
        const std::string_view current = text.substr(line, next - line);
        const bool blank = isBlankLine(current);
        if (previousBlank && !blank && line > begin) {
            documents.push_back(TextDocument {0, begin, line});
            begin = line;
        }
        previousBlank = blank;
        line = next;
    }
    if (begin < text.size())
        documents.push_back(TextDocument {0, begin, text.size()});
    return documents;
}

TextCorpus makeMixedCorpus(const TextCorpus &shakespeare, const TextCorpus &python,
                           std::uint64_t seed)
{
    Rng rng(seed);
    const TextCorpus arithmetic = makeArithmeticCorpus(rng.nextU64(), kDomainBytes);
    // Arithmetic blocks of 4 to 16 lines.
    std::vector<std::string_view> blocks;
    const std::string_view lines = arithmetic.text;
    for (std::size_t begin = 0; begin < lines.size();) {
        std::size_t end = begin;
        for (auto n = 4 + rng.below(13); n > 0 && end < lines.size(); --n)
            end = lines.find('\n', end) + 1;
        blocks.push_back(lines.substr(begin, end - begin));
        begin = end;
    }
    const std::vector<std::vector<std::string_view>> domains
        = {leadingDocuments(shakespeare, kDomainBytes), leadingDocuments(python, kDomainBytes),
           blocks};

    // A seeded shuffle of the documents' domains (each domain's documents keep their order):
    // every stretch of the sequence, the last 10% included, holds about the same share of each
    // domain's documents, hence of its characters.
    std::vector<std::size_t> order;
    for (std::size_t d = 0; d < domains.size(); ++d)
        order.insert(order.end(), domains[d].size(), d);
    rng.shuffle(order);
    std::vector<std::size_t> next(domains.size(), 0);
    TextCorpus mixed;
    mixed.name = "mixed";
    mixed.domains = {"shakespeare", "python", "arithmetic"};
    for (std::size_t d : order) {
        const std::string_view doc = domains[d][next[d]++];
        mixed.documents.push_back(
            TextDocument {int(d), mixed.text.size(), mixed.text.size() + doc.size()});
        mixed.text += doc;
    }
    return mixed;
}

} // namespace moe::datasets
