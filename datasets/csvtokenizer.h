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

#include <string>
#include <string_view>
#include <vector>

namespace moe::datasets {

struct CsvField
{
    std::string text;
    bool quoted = false;
    int line = 0; // where the field starts (a quoted field may span lines)
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

// `text` must not start with a byte-order mark (the loader strips it).
std::vector<CsvRow> tokenizeCsv(std::string_view text, const std::string &sourceName);

} // namespace moe::datasets
