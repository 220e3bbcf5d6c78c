#pragma once

// A corpus made ready for the text model: read (or generated), its tokenizer trained on the
// training part, and both parts tokenized. What `moelab-cli train --task text` and the app's Text
// arena start from, so that both see the same tokens.

#include "datasets/text/textcorpus.h"
#include "datasets/text/tokenizer.h"

#include <memory>

namespace moe::datasets {

struct PreparedText
{
    TextCorpus corpus;
    std::unique_ptr<Tokenizer> tokenizer;
    TokenizedCorpus tokens;
};

// Built-in corpora from dataDir/text (arithmetic is generated); a path through the strict loader.
// The tokenizer is trained on the first 90% of the text. Throws DataError / ConfigError, also when
// either part holds fewer than context + 1 tokens.
PreparedText prepareText(const std::string &corpus, const std::filesystem::path &dataDir,
                         std::uint64_t seed, TokenizerKind tokenizer, int vocab, int context);

bool isBuiltinCorpus(const std::string &name);

} // namespace moe::datasets
