#pragma once

// The PyTorch reference's results (the JSON bench/reference_torch.py writes), read for the
// side-by-side columns and ratios of `moelab-cli bench --reference`.

#include "app/cli/bench.h"

#include <QString>
#include <map>
#include <optional>
#include <string>

namespace moe::cli {

// The reference's steps/s by (case name, threads).
using Reference = std::map<std::pair<std::string, int>, Spread>;

// Throws DataError when the file cannot be read or is not the reference's JSON.
Reference readReference(const QString &path);
// The reference's steps/s for a case, when it ran it.
std::optional<double> referenceStepsPerSecond(const Reference &reference, const std::string &name,
                                              int threads);

} // namespace moe::cli
