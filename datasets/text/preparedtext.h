#pragma once

// A corpus made ready for the text model: read (or generated), its tokenizer trained on the
// training part, and both parts tokenized. What `moelab-cli train --task text` and the app's Text
// arena start from, so that both see the same tokens.

#include "datasets/text/textcorpus.h"
#include "datasets/text/tokenizer.h"

#include <functional>
#include <memory>

namespace moe::datasets {

struct PreparedText
{
    TextCorpus corpus;
    std::unique_ptr<Tokenizer> tokenizer;
    TokenizedCorpus tokens;
};

// Told the fraction done and the stage under way ("reading", "learning the tokenizer",
// "tokenizing") between stages; may throw (moe::Cancelled) to stop the preparation there.
using PrepareProgress = std::function<void(double fraction, const std::string &stage)>;

// Built-in corpora from dataDir/text (arithmetic is generated); a path through the strict loader.
// The tokenizer is trained on the first 90% of the text. Throws DataError / ConfigError, also when
// either part holds fewer than context + 1 tokens.
PreparedText prepareText(const std::string &corpus, const std::filesystem::path &dataDir,
                         std::uint64_t seed, TokenizerKind tokenizer, int vocab, int context,
                         const PrepareProgress &progress = {});

bool isBuiltinCorpus(const std::string &name);

} // namespace moe::datasets
