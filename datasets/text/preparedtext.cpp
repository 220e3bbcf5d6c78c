#include "datasets/text/preparedtext.h"

#include <algorithm>

namespace moe::datasets {

bool isBuiltinCorpus(const std::string &name)
{
    return std::find(std::begin(kBuiltinCorpora), std::end(kBuiltinCorpora), name)
        != std::end(kBuiltinCorpora);
}

PreparedText prepareText(const std::string &corpus, const std::filesystem::path &dataDir,
                         std::uint64_t seed, TokenizerKind tokenizer, int vocab, int context)
{
    PreparedText text;
    text.corpus = makeCorpus(corpus, dataDir, seed);
    const std::size_t split = validationStart(text.corpus);
    text.tokenizer
        = trainTokenizer(tokenizer, std::string_view(text.corpus.text).substr(0, split), vocab);
    text.tokens = tokenize(text.corpus, *text.tokenizer);
    requireTokens(text.corpus.name, text.tokens, std::size_t(context) + 1);
    return text;
}

} // namespace moe::datasets
