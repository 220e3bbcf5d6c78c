#include "datasets/text/preparedtext.h"

#include <algorithm>

namespace moe::datasets {

bool isBuiltinCorpus(const std::string &name)
{
    return std::find(std::begin(kBuiltinCorpora), std::end(kBuiltinCorpora), name)
        != std::end(kBuiltinCorpora);
}

PreparedText prepareText(const std::string &corpus, const std::filesystem::path &dataDir,
                         std::uint64_t seed, TokenizerKind tokenizer, int vocab, int context,
                         const PrepareProgress &progress)
{
    // The stages' shares of the time, as measured on a 50 MB text (char tokenizer).
    const auto report = [&progress](double fraction, const char *stage) {
        if (progress)
            progress(fraction, stage);
    };
    PreparedText text;
    report(0.0, "reading");
    text.corpus = makeCorpus(corpus, dataDir, seed);
    const std::size_t split = validationStart(text.corpus);
    report(0.3, "learning the tokenizer");
    text.tokenizer
        = trainTokenizer(tokenizer, std::string_view(text.corpus.text).substr(0, split), vocab);
    report(0.4, "tokenizing");
    text.tokens = tokenize(text.corpus, *text.tokenizer);
    report(1.0, "tokenizing");
    requireTokens(text.corpus.name, text.tokens, std::size_t(context) + 1);
    return text;
}

} // namespace moe::datasets
