#pragma once

// BPE and unigram tokenizers by SentencePiece (Kudo & Richardson 2018), byte-level: before
// SentencePiece sees the text, every byte b becomes the character U+0100 + b (two bytes of
// UTF-8), so its "characters" are the 256 bytes. Every byte value is a piece of every model
// (training adds one sentence holding all 256), so any input encodes and decodes back exactly,
// non-ASCII text and bytes never seen in training included, and a vocabulary of 256 is bytes
// only: this is byte fallback in 256 ids, where SentencePiece's own needs 256 more ids than
// there are characters. Nothing of SentencePiece's text handling applies: a space, a tab and a
// newline are bytes like any other (no normalisation, no dummy prefix, no whitespace removal).
// Training sentences are the lines of the text (each with its newline, long lines cut at
// kSentenceBytes), so a token never spans a line break; encoding goes line by line the same way.
// SentencePiece's id 0 is its unknown piece, which never occurs: token id = SentencePiece id - 1.

#include "datasets/text/tokenizer.h"

#include <memory>

namespace sentencepiece {
class SentencePieceProcessor;
}

namespace moe::datasets {

class SentencePieceTokenizer final : public Tokenizer
{
public:
    // Longest training sentence and encoding unit, in bytes of the original text.
    static constexpr std::size_t kSentenceBytes = 2048;
    // Most text SentencePiece trains on, so that training takes seconds: lines spread evenly
    // over trainText up to this many bytes. BPE is fast (1 MB in about 5 s); the unigram
    // trainer's EM passes cost about 30 s per MB, so it reads a sample of 256 KiB.
    static constexpr std::size_t kMaxBpeTrainingBytes = std::size_t(2) << 20;
    static constexpr std::size_t kMaxUnigramTrainingBytes = std::size_t(256) << 10;

    // Sets SentencePiece's process-wide log level and random seed (both to fixed values) first.
    static std::unique_ptr<SentencePieceTokenizer> train(TokenizerKind kind,
                                                         std::string_view trainText, int vocab);
    // From a serialized model; throws moe::DataError saying what is wrong with it.
    static std::unique_ptr<SentencePieceTokenizer> fromModel(TokenizerKind kind,
                                                             const std::string &modelProto);
    ~SentencePieceTokenizer() override;

    TokenizerKind kind() const override { return m_kind; }
    int vocabSize() const override { return int(m_pieces.size()); }
    std::vector<TokenSpan> encode(std::string_view text) const override;
    std::string decode(const std::vector<int> &ids) const override;
    std::string pieceText(int id) const override;
    TokenizerState state() const override;

private:
    SentencePieceTokenizer(TokenizerKind kind, std::string modelProto);
    TokenizerKind m_kind;
    std::string m_modelProto;
    std::unique_ptr<sentencepiece::SentencePieceProcessor> m_processor;
    std::vector<std::string> m_pieces; // the bytes each token id stands for
};

} // namespace moe::datasets
