// The strict text loader (textcorpus.h): plain UTF-8 text or a DataError saying what and where.

#include "core/base/error.h"
#include "core/base/userfile.h"
#include "datasets/csvtokenizer.h"
#include "datasets/text/textcorpus.h"

#include <cstdio>

namespace moe::datasets {

namespace {

std::string hexByte(unsigned char b)
{
    char text[8];
    std::snprintf(text, sizeof text, "0x%02X", unsigned(b));
    return text;
}

// Why the UTF-8 sequence starting at `at` is invalid (firstInvalidUtf8 stopped there).
std::string invalidReason(std::string_view text, std::size_t at)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char b = byte(at);
    if (b >= 0x80 && b <= 0xBF)
        return "a continuation byte with no lead byte before it";
    if (b == 0xC0 || b == 0xC1)
        return "an overlong encoding (a code point below U+0080 in two bytes)";
    if (b >= 0xF5)
        return "a byte that never occurs in UTF-8";
    const std::size_t length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
    for (std::size_t k = 1; k < length; ++k) {
        if (at + k >= text.size())
            return "a sequence of " + std::to_string(length)
                + " bytes cut short by the end of the text";
        const unsigned char c = byte(at + k);
        if (k == 1 && b == 0xE0 && c >= 0x80 && c < 0xA0)
            return "an overlong encoding (a code point below U+0800 in three bytes)";
        if (k == 1 && b == 0xF0 && c >= 0x80 && c < 0x90)
            return "an overlong encoding (a code point below U+10000 in four bytes)";
        if (k == 1 && b == 0xED && c >= 0xA0 && c <= 0xBF)
            return "a UTF-16 surrogate (U+D800 to U+DFFF), not a character";
        if (k == 1 && b == 0xF4 && c >= 0x90 && c <= 0xBF)
            return "a code point above U+10FFFF";
        if (c < 0x80 || c > 0xBF)
            return "a sequence of " + std::to_string(length) + " bytes broken by " + hexByte(c)
                + " at byte " + groupedNumber(at + k);
    }
    return "not UTF-8";
}

bool isControl(unsigned char b)
{
    return (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') || b == 0x7F;
}

} // namespace

TextCorpus parseText(std::string text, const std::string &sourceName)
{
    const auto fail = [&](const std::string &what) { throw DataError(sourceName + ": " + what); };
    if (text.empty())
        fail("the file is empty; a text corpus needs at least " + groupedNumber(kMinTextCodePoints)
             + " characters");
    if (text.starts_with("\xEF\xBB\xBF"))
        text.erase(0, 3); // a byte-order mark says "UTF-8"; it is not part of the text
    const std::size_t bad = firstInvalidUtf8(text);
    if (bad != std::string_view::npos)
        fail("invalid UTF-8 at byte " + groupedNumber(bad) + " ("
             + hexByte(static_cast<unsigned char>(text[bad])) + "): " + invalidReason(text, bad)
             + "; MoE Lab reads text files in UTF-8 only");
    // Binary data: a NUL byte, or more than 1 control character in 1,000 bytes (text has \t \n
    // \r \f, an escape sequence here and there; a binary file has them everywhere).
    std::size_t controls = 0, firstControl = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b == 0)
            fail("a NUL byte at byte " + groupedNumber(i) + ": this is a binary file, not text");
        if (isControl(b) && controls++ == 0)
            firstControl = i;
    }
    if (controls * 1000 > text.size())
        fail(groupedNumber(controls) + " control characters in " + groupedNumber(text.size())
             + " bytes (the first, " + hexByte(static_cast<unsigned char>(text[firstControl]))
             + ", at byte " + groupedNumber(firstControl)
             + "): this looks like a binary file; text may hold at most 1 in 1,000 "
               "(tab, line feed, carriage return and form feed are not counted)");
    const std::size_t codePoints = countCodePoints(text);
    if (codePoints < kMinTextCodePoints)
        fail("only " + groupedNumber(codePoints) + " characters; a text corpus needs at least "
             + groupedNumber(kMinTextCodePoints) + " (its last 10% validates the model)");

    TextCorpus corpus;
    corpus.name = sourceName;
    corpus.domains = {sourceName};
    corpus.documents = {TextDocument {0, 0, text.size()}};
    corpus.text = std::move(text);
    return corpus;
}

TextCorpus loadTextFile(const std::filesystem::path &path)
{
    TextCorpus corpus = parseText(readUserFile(path, kMaxTextFileBytes), path.string());
    corpus.name = path.filename().string();
    corpus.domains = {path.stem().string()};
    return corpus;
}

} // namespace moe::datasets
