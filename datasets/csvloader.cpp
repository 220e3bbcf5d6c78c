#include "datasets/csvloader.h"

#include "core/base/error.h"
#include "core/base/userfile.h"
#include "datasets/csvtokenizer.h"
#include "datasets/numberparse.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <sstream>
#include <unordered_map>

namespace moe::datasets {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::size_t kMaxQuotedCell = 32;
constexpr std::size_t kMaxListedColumns = 10;   // a message names at most this many columns
constexpr std::size_t kProgressBytes = 1 << 20; // progress and Cancel checked every MiB or so

[[noreturn]] void fail(const std::string &message)
{
    throw moe::DataError(message);
}

// "1.5e3" or, for a long cell, its first characters and "...".
std::string quoteCell(std::string_view raw)
{
    std::string text; // line breaks inside a quoted field shown as \n, so a message is one line
    for (char c : raw)
        text += c == '\n' ? std::string("\\n") : c == '\r' ? std::string("\\r") : std::string(1, c);
    if (text.size() <= kMaxQuotedCell)
        return '"' + text + '"';
    return '"' + text.substr(0, kMaxQuotedCell - 3) + "...\"";
}

// "9,990"
std::string withThousands(std::size_t n)
{
    const std::string plain = std::to_string(n);
    std::string digits;
    for (std::size_t i = 0; i < plain.size(); ++i) {
        if (i > 0 && (plain.size() - i) % 3 == 0)
            digits += ',';
        digits += plain[i];
    }
    return digits;
}

// An upper bound of the samples in `text` (rows after the header), without reading it twice:
// the line breaks, and no more rows than the bytes allow (a row of `columns` cells takes at least
// 2 * columns bytes), so a flood of line breaks cannot reserve more than the text's size.
std::size_t sampleBound(std::string_view text, std::size_t columns)
{
    const auto lf = std::size_t(std::count(text.begin(), text.end(), '\n'));
    const auto cr = lf > 0 ? 0 : std::size_t(std::count(text.begin(), text.end(), '\r'));
    return std::min(std::max(lf, cr), text.size() / (2 * columns) + 1);
}

// Rejects what is clearly not a comma-separated UTF-8 text before tokenising it.
void checkEncodingAndSeparator(std::string_view text, const std::string &source)
{
    if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF"))
        fail(source + ": looks UTF-16 encoded; save it as UTF-8 (\"CSV UTF-8\")");
    if (text.find('\0') != std::string_view::npos)
        fail(source + ": contains NUL bytes; this is not a text CSV file");
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        fail(source + ": the file is empty (expected a header row and at least one sample)");

    const std::string_view header = text.substr(0, text.find_first_of("\r\n"));
    const auto commas = std::count(header.begin(), header.end(), ',');
    const auto semicolons = std::count(header.begin(), header.end(), ';');
    const auto tabs = std::count(header.begin(), header.end(), '\t');
    if (semicolons > commas)
        fail(source
             + ", line 1: looks semicolon-separated; MoE Lab reads comma-separated files "
               "(use ',' between fields and '.' as the decimal point)");
    if (tabs > commas)
        fail(source
             + ", line 1: looks tab-separated; MoE Lab reads comma-separated files "
               "(use ',' between fields)");
}

class CsvParser
{
public:
    CsvParser(const std::string &source, const CsvOptions &options, std::size_t bomBytes)
        : m_source(source)
        , m_options(options)
        , m_bomBytes(bomBytes)
    { }

    moe::Dataset parse(std::string_view text)
    {
        CsvTokenizer tokenizer(text, m_source);
        CsvRow row;
        tokenizer.next(row); // the text is not blank (checked before)
        readHeader(row, text.substr(0, tokenizer.position())); // the header's own bytes
        const auto featureCount = static_cast<moe::Index>(m_names.size() - 1);

        moe::Dataset data;
        data.name = std::filesystem::path(m_source).stem().string();
        data.task = m_options.task;
        for (std::size_t c = 0; c < m_names.size(); ++c)
            if (c != m_labelIndex)
                data.featureNames.push_back(m_names[c]);
        data.targetName = m_names[m_labelIndex];
        // Room for every sample at once, filled as the rows are read (no copy of the numbers).
        auto bound = static_cast<moe::Index>(sampleBound(text, m_names.size()));
        data.features.resize(bound, featureCount);
        if (isClassification())
            data.labels.reserve(static_cast<std::size_t>(bound));
        else
            data.targets.resize(bound, 1);

        moe::Index samples = 0;
        std::size_t reported = 0;
        while (tokenizer.next(row)) {
            if (samples == bound) { // only with line ends of mixed kinds ("\n" and a lone "\r")
                bound = 2 * bound + 1;
                data.features.conservativeResize(bound, featureCount);
                if (!isClassification())
                    data.targets.conservativeResize(bound, 1);
            }
            readSample(row, samples++, data);
            if (tokenizer.position() - reported >= kProgressBytes) {
                reported = tokenizer.position();
                checkCancel();
                if (m_options.progress.report)
                    m_options.progress.report(double(reported) / double(text.size()));
            }
        }
        if (samples == 0)
            fail(m_source + ": has a header but no samples (expected at least one data row)");
        data.features.conservativeResize(samples, featureCount); // in place for row-major
        if (!isClassification())
            data.targets.conservativeResize(samples, 1);
        if (isClassification())
            data.numClasses = checkClasses(data.labels);
        return data;
    }

private:
    bool isClassification() const { return m_options.task == moe::Task::Classification; }

    std::string where(int line, std::size_t column) const
    {
        std::ostringstream out;
        out << m_source << ", line " << line << ", column " << column + 1;
        if (column < m_names.size())
            out << " (\"" << m_names[column] << "\")";
        return out.str();
    }

    void checkCancel() const
    {
        if (m_options.progress.cancel && m_options.progress.cancel->load())
            throw moe::Cancelled(m_source + ": loading cancelled");
    }

    // The first names, and how many more: a header of 10,000 columns must not make a message
    // of 89 KB.
    std::string columnList() const
    {
        std::string list;
        const std::size_t shown = std::min(m_names.size(), kMaxListedColumns);
        for (std::size_t c = 0; c < shown; ++c)
            list += (list.empty() ? "" : ", ") + ('"' + m_names[c] + '"');
        if (shown < m_names.size())
            list += " ... and " + withThousands(m_names.size() - shown) + " more";
        return list;
    }

    // Names are shown in the app: bytes that are not UTF-8 would show as garbage or be lost.
    void checkUtf8(const CsvRow &header, std::string_view headerText) const
    {
        const std::size_t bad = firstInvalidUtf8(headerText);
        if (bad == std::string_view::npos)
            return;
        std::size_t column = 0;
        while (column + 1 < header.fields.size() && header.fields[column + 1].offset <= bad)
            ++column;
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(headerText[bad]));
        fail(m_source + ", line 1, column " + std::to_string(column + 1)
             + ": the header is not valid UTF-8 (byte " + hex + " at byte offset "
             + std::to_string(bad + m_bomBytes)
             + " of the file); save the file as UTF-8 (\"CSV UTF-8\")");
    }

    // One pass with a hash map from name to column: linear in the number of columns.
    void readHeader(const CsvRow &header, std::string_view headerText)
    {
        checkUtf8(header, headerText);
        m_names.reserve(header.fields.size()); // no reallocation: the map views these strings
        std::unordered_map<std::string_view, std::size_t> columns;
        columns.reserve(header.fields.size());
        for (std::size_t c = 0; c < header.fields.size(); ++c) {
            const std::string_view name = header.fields[c].text;
            if (name.empty())
                fail(where(header.line, c) + ": empty column name in the header");
            m_names.emplace_back(name);
            const auto [previous, added] = columns.emplace(m_names.back(), c);
            if (!added) {
                m_names.pop_back(); // the message names the column by number, then the name
                fail(where(header.line, c) + ": duplicate column name \"" + std::string(name)
                     + "\" (also column " + std::to_string(previous->second + 1) + ")");
            }
        }
        if (m_names.size() < 2)
            fail(m_source
                 + ", line 1: the header has only one column; a CSV needs at least one feature "
                   "column and a label column");
        if (m_options.labelColumn.empty()) {
            m_labelIndex = m_names.size() - 1;
            return;
        }
        const auto found = columns.find(m_options.labelColumn);
        if (found == columns.end())
            fail(m_source + ", line 1: no column named \"" + m_options.labelColumn
                 + "\" for the label; the " + withThousands(m_names.size()) + " columns are "
                 + columnList());
        m_labelIndex = found->second;
    }

    void readSample(const CsvRow &row, moe::Index i, moe::Dataset &data)
    {
        if (row.isBlank())
            fail(m_source + ", line " + std::to_string(row.line)
                 + ": blank line (blank lines are only allowed at the end of the file)");
        if (row.fields.size() != m_names.size()) {
            std::string hint;
            if (row.fields.size() == 1 && row.fields[0].text.find(';') != std::string_view::npos)
                hint = "; the row looks semicolon-separated, MoE Lab reads comma-separated files";
            fail(m_source + ", line " + std::to_string(row.line) + ": expected "
                 + std::to_string(m_names.size()) + " fields (as in the header), found "
                 + std::to_string(row.fields.size()) + hint);
        }
        moe::Index feature = 0;
        for (std::size_t c = 0; c < row.fields.size(); ++c) {
            const double value = readNumber(row.fields[c], c);
            if (c != m_labelIndex)
                data.features(i, feature++) = static_cast<float>(value);
            else if (isClassification())
                data.labels.push_back(readClassId(row.fields[c], c, value));
            else
                data.targets(i, 0) = static_cast<float>(value);
        }
    }

    double readNumber(const CsvField &field, std::size_t column) const
    {
        if (field.text.find_first_not_of(" \t") == std::string_view::npos)
            fail(where(field.line, column) + ": empty cell (every cell needs a number)");
        const ParsedNumber parsed = parseNumber(field.text);
        switch (parsed.status) {
        case NumberStatus::Ok:
            break;
        case NumberStatus::NotANumber:
            fail(where(field.line, column) + ": " + quoteCell(field.text)
                 + " is not a number (expected e.g. 1.5 or -2e-3, with '.' as decimal point)");
        case NumberStatus::NotFinite:
            fail(where(field.line, column) + ": " + quoteCell(field.text)
                 + " is not a finite number (NaN and infinity are not allowed)");
        case NumberStatus::OutOfRange:
            fail(where(field.line, column) + ": " + quoteCell(field.text)
                 + " is out of range for a double");
        case NumberStatus::Underflow:
            fail(where(field.line, column) + ": " + quoteCell(field.text)
                 + " is too small for a double and would be read as 0; write 0 if it is zero");
        }
        // Features and targets are stored as float.
        if (std::abs(parsed.value) > static_cast<double>(std::numeric_limits<float>::max()))
            fail(where(field.line, column) + ": " + quoteCell(field.text)
                 + " is too large (beyond single precision, about 3.4e38)");
        // Below the smallest normal float a non-zero number becomes a denormal or 0.
        if (parsed.value != 0.0
            && std::abs(parsed.value) < static_cast<double>(std::numeric_limits<float>::min()))
            fail(where(field.line, column) + ": " + quoteCell(field.text)
                 + " is too small (below single precision, about 1.2e-38) and would be read as "
                   "0; write 0 if it is zero");
        return parsed.value;
    }

    int readClassId(const CsvField &field, std::size_t column, double value) const
    {
        if (value < 0.0 || value != std::floor(value))
            fail(where(field.line, column) + ": " + quoteCell(field.text)
                 + " is not a class id; classification labels are non-negative integers "
                   "(0, 1, 2, ...)");
        if (value > kMaxClassId)
            fail(where(field.line, column) + ": class id " + quoteCell(field.text)
                 + " is above the limit of " + std::to_string(kMaxClassId));
        return static_cast<int>(value);
    }

    // numClasses = max label + 1, provided every class 0..max has a sample and there are >= 2.
    int checkClasses(const std::vector<int> &labels) const
    {
        const std::set<int> present(labels.begin(), labels.end());
        const std::string column
            = "column " + std::to_string(m_labelIndex + 1) + " (\"" + m_names[m_labelIndex] + "\")";
        if (present.size() < 2)
            fail(m_source + ", " + column + ": only one class (" + std::to_string(*present.begin())
                 + ") in the labels; classification needs at least two classes");
        const int numClasses = *present.rbegin() + 1;
        for (int k = 0; k < numClasses; ++k) {
            if (present.count(k) == 0)
                fail(m_source + ", " + column + ": class " + std::to_string(k)
                     + " has no samples; class ids must be 0.." + std::to_string(numClasses - 1)
                     + " with every class present");
        }
        return numClasses;
    }

    const std::string &m_source;
    const CsvOptions &m_options;
    std::vector<std::string> m_names;
    std::size_t m_labelIndex = 0;
    std::size_t m_bomBytes = 0; // stripped before parsing; byte offsets count them
};

} // namespace

moe::Dataset parseCsv(std::string_view text, const std::string &sourceName,
                      const CsvOptions &options)
{
    std::size_t bomBytes = 0;
    if (text.starts_with(kUtf8Bom)) {
        text.remove_prefix(kUtf8Bom.size());
        bomBytes = kUtf8Bom.size();
    }
    checkEncodingAndSeparator(text, sourceName);
    return CsvParser(sourceName, options, bomBytes).parse(text);
}

moe::Dataset loadCsv(const std::filesystem::path &path, const CsvOptions &options)
{
    const std::string text = moe::readUserFile(path, moe::kMaxCsvFileBytes);
    if (options.progress.cancel && options.progress.cancel->load())
        throw moe::Cancelled(path.string() + ": loading cancelled");
    return parseCsv(text, path.string(), options);
}

} // namespace moe::datasets
