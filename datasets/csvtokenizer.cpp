#include "datasets/csvtokenizer.h"

#include "core/base/error.h"

#include <sstream>

namespace moe::datasets {

namespace {

class Tokenizer
{
public:
    Tokenizer(std::string_view text, const std::string &sourceName)
        : m_text(text)
        , m_source(sourceName)
    { }

    std::vector<CsvRow> run()
    {
        std::vector<CsvRow> rows;
        while (m_pos < m_text.size())
            rows.push_back(readRow());
        while (!rows.empty() && rows.back().isBlank())
            rows.pop_back();
        return rows;
    }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return m_text[m_pos]; }
    static bool isBlank(char c) { return c == ' ' || c == '\t'; }
    static bool isLineBreak(char c) { return c == '\n' || c == '\r'; }

    // Consumes one line break ("\r\n" counts as one).
    void consumeLineBreak()
    {
        if (peek() == '\r' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '\n')
            ++m_pos;
        ++m_pos;
        ++m_line;
    }

    void skipBlanks()
    {
        while (!atEnd() && isBlank(peek()))
            ++m_pos;
    }

    [[noreturn]] void fail(int line, std::size_t column, const std::string &problem) const
    {
        std::ostringstream message;
        message << m_source << ", line " << line << ", column " << column << ": " << problem;
        throw moe::DataError(message.str());
    }

    CsvRow readRow()
    {
        CsvRow row;
        row.line = m_line;
        while (true) {
            row.fields.push_back(readField(row.fields.size() + 1));
            if (atEnd())
                break;
            if (isLineBreak(peek())) {
                consumeLineBreak();
                break;
            }
            ++m_pos; // the ',' that ended the field
        }
        return row;
    }

    CsvField readField(std::size_t column)
    {
        CsvField field;
        skipBlanks();
        field.line = m_line;
        if (!atEnd() && peek() == '"')
            readQuoted(field, column);
        else
            readPlain(field, column);
        return field;
    }

    void readPlain(CsvField &field, std::size_t column)
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
        field.text = std::string(text);
    }

    void readQuoted(CsvField &field, std::size_t column)
    {
        field.quoted = true;
        const int openLine = m_line;
        ++m_pos; // opening quote
        while (true) {
            if (atEnd())
                fail(openLine, column, "a quoted field is never closed (missing '\"')");
            const char c = peek();
            if (c == '"') {
                if (m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '"') {
                    field.text += '"';
                    m_pos += 2;
                    continue;
                }
                ++m_pos; // closing quote
                break;
            }
            if (isLineBreak(c)) {
                field.text += '\n';
                consumeLineBreak();
                continue;
            }
            field.text += c;
            ++m_pos;
        }
        skipBlanks();
        if (!atEnd() && peek() != ',' && !isLineBreak(peek()))
            fail(m_line, column,
                 "unexpected text after a closing double quote (a field is either fully quoted "
                 "or not quoted)");
    }

    std::string_view m_text;
    const std::string &m_source;
    std::size_t m_pos = 0;
    int m_line = 1;
};

} // namespace

std::vector<CsvRow> tokenizeCsv(std::string_view text, const std::string &sourceName)
{
    return Tokenizer(text, sourceName).run();
}

} // namespace moe::datasets
