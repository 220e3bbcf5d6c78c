#pragma once

// The character tokenizer (nanoGPT's shakespeare_char): one id per code point of the training
// text, in increasing code-point order, and the last id, V - 1, for every character it does not
// know (decoded as U+FFFD). A byte that is not valid UTF-8 is one unknown token.

#include "datasets/text/tokenizer.h"

namespace moe::datasets {

class CharTokenizer final : public Tokenizer
{
public:
    // The distinct code points of `text`.
    static CharTokenizer train(std::string_view text);
    // From saved symbols; throws moe::DataError naming the symbol at fault.
    static CharTokenizer fromSymbols(const std::vector<std::string> &symbols);

    TokenizerKind kind() const override { return TokenizerKind::Char; }
    int vocabSize() const override { return int(m_codePoints.size()) + 1; }
    int unknownId() const { return int(m_codePoints.size()); }
    std::vector<TokenSpan> encode(std::string_view text) const override;
    std::string decode(const std::vector<int> &ids) const override;
    std::string pieceText(int id) const override;
    TokenizerState state() const override;

private:
    explicit CharTokenizer(std::vector<char32_t> codePoints);
    std::vector<char32_t> m_codePoints; // sorted, distinct: id i stands for m_codePoints[i]
};

// The code point of the UTF-8 sequence at text[at] and its length in bytes; {0xFFFFFFFF, 1} for
// a byte that does not start a valid sequence.
struct DecodedCodePoint
{
    char32_t value = 0;
    std::size_t length = 1;
};
DecodedCodePoint decodeCodePoint(std::string_view text, std::size_t at);
std::string encodeCodePoint(char32_t value);

} // namespace moe::datasets
