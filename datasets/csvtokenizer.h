#pragma once

// Splits comma-separated text into rows of fields, strictly (RFC 4180 plus a little leniency):
//   * fields are separated by ',' and rows by "\n", "\r\n" or "\r";
//   * spaces and tabs around a field are dropped;
//   * a field may be wrapped in double quotes, inside which ',' and line breaks are literal and
//     "" stands for one '"';
//   * a quote inside an unquoted field, text after a closing quote and an unterminated quote are
//     errors (moe::DataError naming source, line and column);
//   * blank lines at the end of the text are dropped (a trailing newline is normal); a blank line
//     anywhere else is kept as a row with one empty field, for the caller to reject.
// Line and column numbers are 1-based; a column is a field index, not a character offset.
// Rows are read one at a time into storage the caller reuses, and a field is a view of the text
// (or of the tokenizer's buffer when unquoting changed it): no copy per cell, so a large file costs
// little more memory than its text.

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace moe::datasets {

struct CsvField
{
    std::string_view text; // valid until the tokenizer reads the next row
    bool quoted = false;
    int line = 0;           // where the field starts (a quoted field may span lines)
    std::size_t offset = 0; // byte offset of the field's first character in the text
};

struct CsvRow
{
    int line = 0; // where the row starts
    std::vector<CsvField> fields;

    bool isBlank() const
    {
        return fields.size() == 1 && !fields[0].quoted && fields[0].text.empty();
    }
};

class CsvTokenizer
{
public:
    // `text` must not start with a byte-order mark (the loader strips it); it and `sourceName`
    // must outlive the tokenizer.
    CsvTokenizer(std::string_view text, const std::string &sourceName);

    // Reads the next row into `row` (its vector reused); false at the end of the text.
    bool next(CsvRow &row);
    // Bytes of the text read so far.
    std::size_t position() const { return m_pos; }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return m_text[m_pos]; }
    void consumeLineBreak();
    void skipBlanks();
    [[noreturn]] void fail(int line, std::size_t column, const std::string &problem) const;
    void readField(CsvField &field, std::size_t column);
    void readPlain(CsvField &field, std::size_t column);
    void readQuoted(CsvField &field, std::size_t column);
    bool onlyBlankLinesFrom(std::size_t pos) const;

    std::string_view m_text;
    const std::string &m_source;
    std::size_t m_pos = 0;
    int m_line = 1;
    // One buffer per column, for quoted fields whose text differs from the file's ("" or a line
    // break inside); reused from row to row. A deque: growing it moves no string, so the views of
    // the row's earlier fields stay valid.
    std::deque<std::string> m_unquoted;
};

// The byte offset of the first byte that is not part of valid UTF-8 (an overlong form, a
// surrogate or a code point above U+10FFFF counts as invalid), or std::string_view::npos.
std::size_t firstInvalidUtf8(std::string_view text);

} // namespace moe::datasets
