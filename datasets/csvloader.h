#pragma once

// The strict CSV loader: a file of samples becomes a moe::Dataset, or a moe::DataError whose
// message names the file, the line (1-based), the column (1-based, with its header name) and the
// problem. Nothing is skipped silently and nothing is guessed.
//
// Format: a header row of column names, then one sample per row, comma-separated (RFC 4180 quoting
// allowed, UTF-8 with or without a byte-order mark, LF or CRLF line ends). Every column except the
// label column is a numeric feature. For classification the label is a class id 0..K-1 ("3" or
// "3.0"), every class 0..K-1 present and at least two of them; for regression it is any finite
// real. Numbers are read in the "C" locale ('.' decimal point) whatever the user's locale; a
// number a float cannot hold (above about 3.4e38, or non-zero and below about 1.2e-38) is refused,
// never rounded to infinity or 0. Header names must be valid UTF-8.
// Every check is linear in the size of the file (a header of 10^5 columns is read at once), and
// the text is parsed row by row straight into the matrix: memory is about the text plus the
// numbers as floats.

#include "core/train/dataset.h"

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace moe::datasets {

// Largest class id accepted (a typo such as 100000 would otherwise mean 100001 output units).
inline constexpr int kMaxClassId = 999;

// Progress and Cancel for a load on another thread (the app's; the CLI leaves them empty).
struct CsvProgress
{
    // Called every megabyte or so with the fraction of the text parsed, 0..1.
    std::function<void(double)> report;
    // Set (from any thread) to stop the load: the loader then throws moe::Cancelled.
    const std::atomic<bool> *cancel = nullptr;
};

struct CsvOptions
{
    std::string labelColumn; // empty = the last column
    moe::Task task = moe::Task::Classification;
    CsvProgress progress;
};

// Reads the file (a regular file of at most moe::kMaxCsvFileBytes, core/base/userfile.h: a FIFO,
// a device or a directory is refused by name), then parseCsv with sourceName = the path as given.
// The dataset's name is the file stem ("iris" for data/iris.csv).
moe::Dataset loadCsv(const std::filesystem::path &path, const CsvOptions &options = {});

// The same on text already in memory; `sourceName` is used in messages and for the name.
moe::Dataset parseCsv(std::string_view text, const std::string &sourceName,
                      const CsvOptions &options = {});

} // namespace moe::datasets
