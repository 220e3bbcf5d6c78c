#include "datasets/builtins.h"

#include "core/base/error.h"
#include "datasets/classification2d.h"
#include "datasets/csvloader.h"
#include "datasets/regions2d.h"
#include "datasets/regression2d.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace moe::datasets {

namespace {
using moe::Task;

// Defaults chosen for the classroom: enough samples for a smooth decision map, noise small enough
// that a small MLP reaches >= 0.97 test accuracy, large enough that the jitter is visible.
const std::vector<DatasetInfo> kBuiltins = {
    {"spiral", "Interleaved spiral arms, one class per arm: needs a curved, non-linear boundary",
     Task::Classification, 2, 3, 900, 0.04, ""},
    {"circles", "A ring around a disc: no straight line separates them", Task::Classification, 2, 2,
     800, 0.06, ""},
    {"xor", "Opposite quadrants share a class: the classic problem a linear model cannot solve",
     Task::Classification, 2, 2, 800, 0.05, ""},
    {"moons", "Two interleaved half-moons", Task::Classification, 2, 2, 800, 0.06, ""},
    {"blobs", "Gaussian clusters on a ring, one class per cluster: nearly linearly separable",
     Task::Classification, 2, 4, 800, 0.12, ""},
    {"checkerboard", "Alternating square cells: many small regions, each trivially simple",
     Task::Classification, 2, 2, 1600, 0.005, ""},
    {"regions",
     "Each quadrant has its own straight boundary in a different orientation: experts specialise",
     Task::Classification, 2, 2, 1600, 0.01, ""},
    {"grid",
     "A K x K grid of cells, each a random class: hundreds of independent local labels, a task "
     "bound by capacity, where experts pay off",
     Task::Classification, 2, 4, 20480, 0.0, ""},
    {"sine_ridge", "Regression: y = sin(pi (0.8 x1 + 0.6 x2)), one smooth ridge and valley",
     Task::Regression, 2, 1, 1000, 0.05, ""},
    {"piecewise", "Regression: a different linear or quadratic rule in each quadrant",
     Task::Regression, 2, 1, 1600, 0.03, ""},
    {"digits", "Handwritten digits 0-9, 8x8 pixel intensities (UCI, via scikit-learn)",
     Task::Classification, 64, 10, 1797, 0.0, "digits.csv"},
    {"iris", "Fisher's iris flowers: sepal and petal sizes, three species (UCI)",
     Task::Classification, 4, 3, 150, 0.0, "iris.csv"},
};

// The listed default is for the default shape; more arms, clusters or cells get proportionally
// more samples so that each class or cell stays as densely sampled (and as learnable).
moe::Index defaultSampleCount(const DatasetInfo &info, const DatasetSpec &spec)
{
    if (info.name == "spiral")
        return 300 * moe::Index(std::max(spec.arms, 1));
    if (info.name == "blobs")
        return 200 * moe::Index(std::max(spec.clusters, 1));
    if (info.name == "checkerboard")
        return std::max<moe::Index>(info.defaultSamples, 100 * moe::Index(spec.cells) * spec.cells);
    if (info.name == "grid") // 80 per cell: each cell's label is seen often enough to be learnt
        return 80 * moe::Index(std::max(spec.gridCells, 1)) * std::max(spec.gridCells, 1);
    return info.defaultSamples;
}

moe::Dataset generate(const DatasetInfo &info, const DatasetSpec &spec)
{
    if (spec.samples < 0)
        throw moe::ConfigError(info.name + ": samples must be positive (0 = default of "
                               + std::to_string(info.defaultSamples) + "), got "
                               + std::to_string(spec.samples));
    const moe::Index n = spec.samples == 0 ? defaultSampleCount(info, spec) : spec.samples;
    const double noise = spec.noise.value_or(info.defaultNoise);
    const std::string &name = info.name;
    if (name == "spiral")
        return makeSpiral(n, spec.arms, noise, spec.seed);
    if (name == "circles")
        return makeCircles(n, noise, spec.seed);
    if (name == "xor")
        return makeXor(n, noise, spec.seed);
    if (name == "moons")
        return makeMoons(n, noise, spec.seed);
    if (name == "blobs")
        return makeBlobs(n, spec.clusters, noise, spec.seed);
    if (name == "checkerboard")
        return makeCheckerboard(n, spec.cells, noise, spec.seed);
    if (name == "grid")
        return makeGrid(n, spec.gridCells, spec.gridClasses, noise, spec.seed);
    if (name == "regions")
        return makeRegions(n, noise, spec.seed);
    if (name == "sine_ridge")
        return makeSineRidge(n, noise, spec.seed);
    return makePiecewise(n, noise, spec.seed);
}

// A real set as shipped; a file edited into another shape is an installation problem.
moe::Dataset loadBundled(const DatasetInfo &info, const std::filesystem::path &dataDir)
{
    const std::filesystem::path path = dataDir / info.file;
    moe::Dataset data = loadCsv(path, {});
    if (data.inputDim() != info.inputs || data.numClasses != info.outputs)
        throw moe::DataError(path.string() + ": expected " + std::to_string(info.inputs)
                             + " features and " + std::to_string(info.outputs)
                             + " classes for the bundled \"" + info.name + "\" set, found "
                             + std::to_string(data.inputDim()) + " and "
                             + std::to_string(data.numClasses) + "; reinstall the data folder");
    data.name = info.name;
    return data;
}
} // namespace

bool endsWithCsv(const std::string &name)
{
    if (name.size() < 4)
        return false;
    std::string suffix = name.substr(name.size() - 4);
    std::transform(suffix.begin(), suffix.end(), suffix.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return suffix == ".csv";
}

const std::vector<DatasetInfo> &builtinDatasets()
{
    return kBuiltins;
}

const DatasetInfo *findBuiltinDataset(const std::string &name)
{
    const auto found = std::find_if(kBuiltins.begin(), kBuiltins.end(),
                                    [&](const DatasetInfo &info) { return info.name == name; });
    return found == kBuiltins.end() ? nullptr : &*found;
}

moe::Index defaultSampleCount(const DatasetSpec &spec)
{
    const DatasetInfo *info = findBuiltinDataset(spec.name);
    return info && info->file.empty() ? defaultSampleCount(*info, spec) : 0;
}

moe::Dataset makeDataset(const DatasetSpec &spec, const std::filesystem::path &dataDir,
                         const CsvProgress &progress)
{
    if (endsWithCsv(spec.name))
        return loadCsv(spec.name, {spec.labelColumn, spec.csvTask, progress});
    const DatasetInfo *info = findBuiltinDataset(spec.name);
    if (!info) {
        std::string names;
        for (const auto &builtin : kBuiltins)
            names += (names.empty() ? "" : ", ") + builtin.name;
        throw moe::ConfigError("unknown dataset \"" + spec.name + "\"; the built-in datasets are "
                               + names + ", or give the path of a .csv file");
    }
    return info->file.empty() ? generate(*info, spec) : loadBundled(*info, dataDir);
}

std::filesystem::path findDataDirectory(const std::filesystem::path &executableDir)
{
    std::vector<std::pair<std::string, std::filesystem::path>> candidates;
    if (const char *env = std::getenv("MOELAB_DATA_DIR"); env && *env)
        candidates.emplace_back("$MOELAB_DATA_DIR", env);
    // The build tree mirrors the install layout (docs/architecture.md, "Install layout"), so
    // one place serves build/bin and <prefix>/bin alike.
    candidates.emplace_back("relative to the program",
                            executableDir / ".." / "share" / "moelab" / "data");
    std::string searched;
    for (const auto &[label, dir] : candidates) {
        std::error_code error;
        if (std::filesystem::is_regular_file(dir / "digits.csv", error))
            return dir.lexically_normal();
        searched += "\n  " + dir.lexically_normal().string() + " (" + label + ")";
    }
    throw moe::DataError("cannot find the MoE Lab data folder (a folder with digits.csv); "
                         "searched:"
                         + searched + "\nset MOELAB_DATA_DIR to the folder that holds it");
}

} // namespace moe::datasets
