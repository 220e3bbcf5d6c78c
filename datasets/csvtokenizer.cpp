#include "datasets/csvtokenizer.h"

#include "core/base/error.h"

#include <sstream>

namespace moe::datasets {

namespace {
bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}
bool isLineBreak(char c)
{
    return c == '\n' || c == '\r';
}
} // namespace

CsvTokenizer::CsvTokenizer(std::string_view text, const std::string &sourceName)
    : m_text(text)
    , m_source(sourceName)
{ }

bool CsvTokenizer::next(CsvRow &row)
{
    if (atEnd())
        return false;
    const std::size_t start = m_pos;
    row.line = m_line;
    std::size_t count = 0;
    while (true) {
        if (count == row.fields.size())
            row.fields.emplace_back();
        readField(row.fields[count], count + 1);
        ++count;
        if (atEnd())
            break;
        if (isLineBreak(peek())) {
            consumeLineBreak();
            break;
        }
        ++m_pos; // the ',' that ended the field
    }
    row.fields.resize(count);
    // Blank lines at the end are dropped: a trailing newline (or a few) is normal.
    if (row.isBlank() && onlyBlankLinesFrom(start)) {
        m_pos = m_text.size();
        return false;
    }
    return true;
}

bool CsvTokenizer::onlyBlankLinesFrom(std::size_t pos) const
{
    return m_text.find_first_not_of(" \t\r\n", pos) == std::string_view::npos;
}

// Consumes one line break ("\r\n" counts as one).
void CsvTokenizer::consumeLineBreak()
{
    if (peek() == '\r' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '\n')
        ++m_pos;
    ++m_pos;
    ++m_line;
}

void CsvTokenizer::skipBlanks()
{
    while (!atEnd() && isBlank(peek()))
        ++m_pos;
}

void CsvTokenizer::fail(int line, std::size_t column, const std::string &problem) const
{
    std::ostringstream message;
    message << m_source << ", line " << line << ", column " << column << ": " << problem;
    throw moe::DataError(message.str());
}

void CsvTokenizer::readField(CsvField &field, std::size_t column)
{
    skipBlanks();
    field.line = m_line;
    field.offset = m_pos;
    field.quoted = !atEnd() && peek() == '"';
    if (field.quoted)
        readQuoted(field, column);
    else
        readPlain(field, column);
}

void CsvTokenizer::readPlain(CsvField &field, std::size_t column)
{
    const std::size_t start = m_pos;
    while (!atEnd() && peek() != ',' && !isLineBreak(peek())) {
        if (peek() == '"')
            fail(m_line, column,
                 "a double quote inside an unquoted field; quote the whole field and write an "
                 "inner quote as \"\" (RFC 4180)");
        ++m_pos;
    }
    std::string_view text = m_text.substr(start, m_pos - start);
    while (!text.empty() && isBlank(text.back()))
        text.remove_suffix(1);
    field.text = text;
}

// The field's text is a view of the file while it reads the same; from the first "" or line
// break on, it is built in the column's buffer instead.
void CsvTokenizer::readQuoted(CsvField &field, std::size_t column)
{
    const int openLine = m_line;
    ++m_pos; // opening quote
    const std::size_t start = m_pos;
    std::string *buffer = nullptr;
    const auto unquoted = [&]() -> std::string & {
        if (!buffer) {
            while (m_unquoted.size() < column)
                m_unquoted.emplace_back();
            buffer = &m_unquoted[column - 1];
            buffer->assign(m_text.substr(start, m_pos - start));
        }
        return *buffer;
    };
    while (true) {
        if (atEnd())
            fail(openLine, column, "a quoted field is never closed (missing '\"')");
        const char c = peek();
        if (c == '"') {
            if (m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '"') {
                unquoted() += '"';
                m_pos += 2;
                continue;
            }
            break;
        }
        if (isLineBreak(c)) {
            unquoted() += '\n';
            consumeLineBreak();
            continue;
        }
        if (buffer)
            *buffer += c;
        ++m_pos;
    }
    field.text = buffer ? std::string_view(*buffer) : m_text.substr(start, m_pos - start);
    ++m_pos; // closing quote
    skipBlanks();
    if (!atEnd() && peek() != ',' && !isLineBreak(peek()))
        fail(m_line, column,
             "unexpected text after a closing double quote (a field is either fully quoted "
             "or not quoted)");
}

std::size_t firstInvalidUtf8(std::string_view text)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    std::size_t i = 0;
    while (i < text.size()) {
        const unsigned char b = byte(i);
        if (b < 0x80) {
            ++i;
            continue;
        }
        // Lead byte: the sequence length and the range its first continuation byte must be in
        // (which rules out overlong forms, surrogates and code points above U+10FFFF).
        std::size_t length = 0;
        unsigned char lo = 0x80, hi = 0xBF;
        if (b >= 0xC2 && b <= 0xDF)
            length = 2;
        else if (b >= 0xE0 && b <= 0xEF) {
            length = 3;
            lo = b == 0xE0 ? 0xA0 : 0x80;
            hi = b == 0xED ? 0x9F : 0xBF;
        } else if (b >= 0xF0 && b <= 0xF4) {
            length = 4;
            lo = b == 0xF0 ? 0x90 : 0x80;
            hi = b == 0xF4 ? 0x8F : 0xBF;
        } else
            return i;
        if (i + length > text.size())
            return i;
        if (byte(i + 1) < lo || byte(i + 1) > hi)
            return i;
        for (std::size_t k = 2; k < length; ++k)
            if (byte(i + k) < 0x80 || byte(i + k) > 0xBF)
                return i;
        i += length;
    }
    return std::string_view::npos;
}

} // namespace moe::datasets
