#pragma once

// The registry of built-in datasets and the one entry point that builds any dataset by name: a
// generated 2-D set, a bundled real set (digits, iris) or a user's CSV file.

#include "core/train/dataset.h"
#include "core/train/trainsettings.h"
#include "datasets/csvloader.h"
#include "datasets/datasetsettings.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace moe::datasets {

struct DatasetInfo
{
    std::string name;
    std::string description;
    moe::Task task = moe::Task::Classification;
    int inputs = 2;
    int outputs = 2; // classes (classification) or targets (regression), at the default settings
    moe::Index defaultSamples = 0;
    double defaultNoise = 0.0;
    std::string file; // empty for generated sets; "digits.csv" / "iris.csv" for real ones
};

// Generated sets first, then the real ones, in the order a menu should show them.
const std::vector<DatasetInfo> &builtinDatasets();
// nullptr if `name` is not built in.
const DatasetInfo *findBuiltinDataset(const std::string &name);

struct DatasetSpec
{
    std::string name = "spiral"; // a built-in name, or a path ending in .csv
    moe::Index samples = 0;      // 0 = the dataset's default; ignored for real sets
    std::optional<double> noise; // empty = the dataset's default; ignored for real sets
    std::uint64_t seed = std::uint64_t(settings::kSeed.defaultValue);
    int arms = settings::kArms.defaultInt();               // spiral
    int clusters = settings::kClusters.defaultInt();       // blobs
    int cells = settings::kCells.defaultInt();             // checkerboard (cells per side)
    int gridCells = settings::kGridCells.defaultInt();     // grid: cells per side K
    int gridClasses = settings::kGridClasses.defaultInt(); // grid: classes C
    std::string labelColumn;                               // CSV: empty = last column
    moe::Task csvTask = moe::Task::Classification;

    // Same data (every field counts, whether or not the named dataset reads it).
    bool operator==(const DatasetSpec &) const = default;
};

// The sample count a generated set gets when spec.samples is 0: the listed default for the
// default shape, more for more arms, clusters or cells (docs/datasets.md, "Why the defaults");
// 0 for real sets and CSV files.
moe::Index defaultSampleCount(const DatasetSpec &spec);

// Whether a dataset name is a CSV file's path (it ends in ".csv", any case).
bool endsWithCsv(const std::string &name);

// Built-in generated set, built-in real set (read from dataDir), or the CSV file spec.name.
// Unknown names and bad parameters throw moe::ConfigError; unusable files moe::DataError.
// `progress` reports on a CSV file's load and may cancel it (moe::Cancelled).
moe::Dataset makeDataset(const DatasetSpec &spec, const std::filesystem::path &dataDir,
                         const CsvProgress &progress = {});

// The folder with the bundled CSV files: the first of $MOELAB_DATA_DIR and
// executableDir/../share/moelab/data that contains digits.csv (built or installed alike).
// Throws moe::DataError listing every place searched.
std::filesystem::path findDataDirectory(const std::filesystem::path &executableDir);

} // namespace moe::datasets
