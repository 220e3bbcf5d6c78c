#pragma once

// Tokenizers of the text engine (docs/datasets.md, "Text corpora"): characters, or a SentencePiece model
// (BPE or unigram, the tokenizer family of T5 and the Switch Transformer) trained on the
// training part of a corpus. A token id is an index into the model's embedding rows 0..V-1.
// Every tokenizer keeps the text whole: its spans tile the text it encodes, and decoding the ids
// gives the text back (for the char tokenizer, text of characters it knows).

#include "core/base/setting.h"
#include "datasets/text/textcorpus.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace moe::datasets {

enum class TokenizerKind {
    Char,   // "char": one token per code point of the training text, one id for unknown
    Bpe,    // "bpe": SentencePiece byte-pair encoding
    Unigram // "unigram": SentencePiece unigram language model (Kudo 2018)
};
inline constexpr Choice<TokenizerKind> kTokenizerChoices[]
    = {{TokenizerKind::Char, "char", "Characters"},
       {TokenizerKind::Bpe, "bpe", "BPE (SentencePiece)"},
       {TokenizerKind::Unigram, "unigram", "Unigram (SentencePiece)"}};

// The vocabulary sizes a SentencePiece tokenizer is trained to (docs/datasets.md): 256 is bytes
// only, 2048 keeps the embedding and head small next to a model of width 128.
inline constexpr int kMinSubwordVocab = 256;
inline constexpr int kMaxSubwordVocab = 2048;

// One token of an encoded text: its id and the bytes [begin, end) of the text it covers.
struct TokenSpan
{
    int id = 0;
    std::uint32_t begin = 0, end = 0;
};

// All a model file stores to rebuild a tokenizer. Char: `symbols` are its characters (one code
// point each, UTF-8, in increasing code-point order), `modelProto` is empty. Bpe and Unigram:
// `symbols` is empty and `modelProto` is the serialized SentencePiece model (binary bytes).
struct TokenizerState
{
    TokenizerKind kind = TokenizerKind::Char;
    std::vector<std::string> symbols;
    std::string modelProto;
};

class Tokenizer
{
public:
    virtual ~Tokenizer();
    virtual TokenizerKind kind() const = 0;
    virtual int vocabSize() const = 0;
    // The tokens of `text`, in order; their spans tile the text (begin of one = end of the last).
    virtual std::vector<TokenSpan> encode(std::string_view text) const = 0;
    // decode(ids of encode(x)) == x. Throws moe::DataError for an id outside 0..V-1.
    virtual std::string decode(const std::vector<int> &ids) const = 0;
    // The text one token stands for (for display). A bpe/unigram token may be part of a
    // character of several bytes (then it is not valid UTF-8 alone).
    virtual std::string pieceText(int id) const = 0;
    // All a model file must store to rebuild it (makeTokenizer).
    virtual TokenizerState state() const = 0;
};

// Char: every code point of trainText, sorted by code point, plus one id for unknown: the last,
// V - 1 (it decodes to U+FFFD); `vocab` is ignored. Bpe/Unigram: SentencePiece trained on
// trainText with exactly `vocab` tokens, vocab in [kMinSubwordVocab, kMaxSubwordVocab] (else
// moe::ConfigError naming the range), deterministic (the same text and vocab give the same model
// bytes), in memory. Throws moe::DataError when trainText is empty.
std::unique_ptr<Tokenizer> trainTokenizer(TokenizerKind kind, std::string_view trainText,
                                          int vocab);

// Rebuilds a saved tokenizer; throws moe::DataError when the state is damaged (which field, why).
std::unique_ptr<Tokenizer> makeTokenizer(const TokenizerState &state);

// A tokenized text: ids, the domain of each token (the domain of its first byte) and the code
// points it covers (for bits per character).
struct TokenStream
{
    std::vector<int> ids;
    std::vector<std::uint8_t> domain;
    std::size_t characters = 0;
};
struct TokenizedCorpus
{
    TokenStream train, validation;
};

// The corpus split by validationStart, each part encoded on its own.
TokenizedCorpus tokenize(const TextCorpus &corpus, const Tokenizer &tokenizer);

// Throws moe::DataError naming the corpus and the numbers when the training or the validation
// part has fewer than `minTokens` tokens (call sites pass context + 1: one window and its target).
void requireTokens(const std::string &corpusName, const TokenizedCorpus &tokens,
                   std::size_t minTokens);

} // namespace moe::datasets
