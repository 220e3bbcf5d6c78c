#include "datasets/csvloader.h"

#include "core/base/error.h"
#include "datasets/csvtokenizer.h"
#include "datasets/numberparse.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <set>
#include <sstream>

namespace moe::datasets {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::size_t kMaxQuotedCell = 32;

[[noreturn]] void fail(const std::string &message)
{
    throw moe::DataError(message);
}

// "1.5e3" or, for a long cell, its first characters and "...".
std::string quoteCell(const std::string &raw)
{
    std::string text; // line breaks inside a quoted field shown as \n, so a message is one line
    for (char c : raw)
        text += c == '\n' ? std::string("\\n") : c == '\r' ? std::string("\\r") : std::string(1, c);
    if (text.size() <= kMaxQuotedCell)
        return '"' + text + '"';
    return '"' + text.substr(0, kMaxQuotedCell - 3) + "...\"";
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
    CsvParser(const std::string &source, const CsvOptions &options)
        : m_source(source)
        , m_options(options)
    { }

    moe::Dataset parse(const std::vector<CsvRow> &rows)
    {
        readHeader(rows.front());
        if (rows.size() < 2)
            fail(m_source + ": has a header but no samples (expected at least one data row)");
        const auto samples = static_cast<moe::Index>(rows.size() - 1);
        const auto featureCount = static_cast<moe::Index>(m_names.size() - 1);

        moe::Dataset data;
        data.name = std::filesystem::path(m_source).stem().string();
        data.task = m_options.task;
        data.features.resize(samples, featureCount);
        if (isClassification())
            data.labels.resize(static_cast<std::size_t>(samples));
        else
            data.targets.resize(samples, 1);
        for (std::size_t c = 0; c < m_names.size(); ++c)
            if (c != m_labelIndex)
                data.featureNames.push_back(m_names[c]);
        data.targetName = m_names[m_labelIndex];

        for (moe::Index i = 0; i < samples; ++i)
            readSample(rows[static_cast<std::size_t>(i) + 1], i, data);
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

    std::string columnList() const
    {
        std::string list;
        for (const auto &name : m_names)
            list += (list.empty() ? "" : ", ") + ('"' + name + '"');
        return list;
    }

    void readHeader(const CsvRow &header)
    {
        for (std::size_t c = 0; c < header.fields.size(); ++c) {
            const std::string &name = header.fields[c].text;
            if (name.empty())
                fail(where(header.line, c) + ": empty column name in the header");
            const auto previous = std::find(m_names.begin(), m_names.end(), name);
            if (previous != m_names.end())
                fail(where(header.line, c) + ": duplicate column name \"" + name
                     + "\" (also column " + std::to_string(previous - m_names.begin() + 1) + ")");
            m_names.push_back(name);
        }
        if (m_names.size() < 2)
            fail(m_source
                 + ", line 1: the header has only one column; a CSV needs at least one feature "
                   "column and a label column");
        if (m_options.labelColumn.empty()) {
            m_labelIndex = m_names.size() - 1;
            return;
        }
        const auto found = std::find(m_names.begin(), m_names.end(), m_options.labelColumn);
        if (found == m_names.end())
            fail(m_source + ", line 1: no column named \"" + m_options.labelColumn
                 + "\" for the label; the columns are " + columnList());
        m_labelIndex = static_cast<std::size_t>(found - m_names.begin());
    }

    void readSample(const CsvRow &row, moe::Index i, moe::Dataset &data) const
    {
        if (row.isBlank())
            fail(m_source + ", line " + std::to_string(row.line)
                 + ": blank line (blank lines are only allowed at the end of the file)");
        if (row.fields.size() != m_names.size()) {
            std::string hint;
            if (row.fields.size() == 1 && row.fields[0].text.find(';') != std::string::npos)
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
                data.labels[static_cast<std::size_t>(i)] = readClassId(row.fields[c], c, value);
            else
                data.targets(i, 0) = static_cast<float>(value);
        }
    }

    double readNumber(const CsvField &field, std::size_t column) const
    {
        if (field.text.find_first_not_of(" \t") == std::string::npos)
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
        }
        // Features and targets are stored as float.
        if (std::abs(parsed.value) > static_cast<double>(std::numeric_limits<float>::max()))
            fail(where(field.line, column) + ": " + quoteCell(field.text)
                 + " is too large (beyond single precision, about 3.4e38)");
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
};

} // namespace

moe::Dataset parseCsv(std::string_view text, const std::string &sourceName,
                      const CsvOptions &options)
{
    if (text.starts_with(kUtf8Bom))
        text.remove_prefix(kUtf8Bom.size());
    checkEncodingAndSeparator(text, sourceName);
    const std::vector<CsvRow> rows = tokenizeCsv(text, sourceName);
    return CsvParser(sourceName, options).parse(rows);
}

moe::Dataset loadCsv(const std::filesystem::path &path, const CsvOptions &options)
{
    const std::string source = path.string();
    std::error_code error;
    if (!std::filesystem::exists(path, error))
        fail(source + ": file not found");
    if (std::filesystem::is_directory(path, error))
        fail(source + ": is a directory, not a CSV file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        fail(source + ": cannot be opened for reading (check the permissions)");
    const std::string text {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad())
        fail(source + ": read error");
    return parseCsv(text, source, options);
}

} // namespace moe::datasets
