// The character tokenizer (chartokenizer.h).

#include "datasets/text/chartokenizer.h"

#include "core/base/error.h"
#include "datasets/csvtokenizer.h"

#include <algorithm>

namespace moe::datasets {

namespace {

constexpr char32_t kInvalid = 0xFFFFFFFF;

} // namespace

DecodedCodePoint decodeCodePoint(std::string_view text, std::size_t at)
{
    const auto b = static_cast<unsigned char>(text[at]);
    if (b < 0x80)
        return {b, 1};
    const std::size_t length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
    if (at + length > text.size()
        || firstInvalidUtf8(text.substr(at, length)) != std::string_view::npos)
        return {kInvalid, 1};
    char32_t value = b & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07);
    for (std::size_t k = 1; k < length; ++k)
        value = (value << 6) | (static_cast<unsigned char>(text[at + k]) & 0x3F);
    return {value, length};
}

std::string encodeCodePoint(char32_t value)
{
    std::string out;
    if (value < 0x80) {
        out += char(value);
    } else if (value < 0x800) {
        out += char(0xC0 | (value >> 6));
        out += char(0x80 | (value & 0x3F));
    } else if (value < 0x10000) {
        out += char(0xE0 | (value >> 12));
        out += char(0x80 | ((value >> 6) & 0x3F));
        out += char(0x80 | (value & 0x3F));
    } else {
        out += char(0xF0 | (value >> 18));
        out += char(0x80 | ((value >> 12) & 0x3F));
        out += char(0x80 | ((value >> 6) & 0x3F));
        out += char(0x80 | (value & 0x3F));
    }
    return out;
}

CharTokenizer::CharTokenizer(std::vector<char32_t> codePoints)
    : m_codePoints(std::move(codePoints))
{ }

CharTokenizer CharTokenizer::train(std::string_view text)
{
    std::vector<char32_t> seen;
    std::vector<bool> ascii(128, false);
    for (std::size_t i = 0; i < text.size();) {
        const DecodedCodePoint c = decodeCodePoint(text, i);
        i += c.length;
        if (c.value < 128) {
            if (!ascii[c.value])
                seen.push_back(c.value);
            ascii[c.value] = true;
        } else if (c.value != kInvalid) {
            seen.push_back(c.value);
        }
    }
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    return CharTokenizer(std::move(seen));
}

CharTokenizer CharTokenizer::fromSymbols(const std::vector<std::string> &symbols)
{
    if (symbols.empty())
        throw DataError("tokenizer symbols: empty; a char tokenizer has at least one character");
    std::vector<char32_t> codePoints;
    for (std::size_t i = 0; i < symbols.size(); ++i) {
        const std::string &s = symbols[i];
        const DecodedCodePoint c
            = s.empty() ? DecodedCodePoint {kInvalid, 0} : decodeCodePoint(s, 0);
        if (c.value == kInvalid || c.length != s.size())
            throw DataError("tokenizer symbols[" + std::to_string(i)
                            + "]: not one UTF-8 character (" + std::to_string(s.size())
                            + " bytes)");
        if (!codePoints.empty() && c.value <= codePoints.back())
            throw DataError("tokenizer symbols[" + std::to_string(i)
                            + "]: out of order or repeated; the characters are stored in "
                              "increasing code-point order, each once");
        codePoints.push_back(c.value);
    }
    return CharTokenizer(std::move(codePoints));
}

std::vector<TokenSpan> CharTokenizer::encode(std::string_view text) const
{
    std::vector<TokenSpan> spans;
    spans.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const DecodedCodePoint c = decodeCodePoint(text, i);
        const auto it = std::lower_bound(m_codePoints.begin(), m_codePoints.end(), c.value);
        const int id = it != m_codePoints.end() && *it == c.value ? int(it - m_codePoints.begin())
                                                                  : unknownId();
        spans.push_back(TokenSpan {id, std::uint32_t(i), std::uint32_t(i + c.length)});
        i += c.length;
    }
    return spans;
}

std::string CharTokenizer::decode(const std::vector<int> &ids) const
{
    std::string text;
    text.reserve(ids.size());
    for (int id : ids)
        text += pieceText(id);
    return text;
}

std::string CharTokenizer::pieceText(int id) const
{
    if (id < 0 || id >= vocabSize())
        throw DataError("token id " + std::to_string(id) + " is outside the vocabulary 0 to "
                        + std::to_string(vocabSize() - 1));
    return id == unknownId() ? std::string("\xEF\xBF\xBD")
                             : encodeCodePoint(m_codePoints[std::size_t(id)]);
}

TokenizerState CharTokenizer::state() const
{
    TokenizerState s;
    s.kind = TokenizerKind::Char;
    for (char32_t c : m_codePoints)
        s.symbols.push_back(encodeCodePoint(c));
    return s;
}

} // namespace moe::datasets
