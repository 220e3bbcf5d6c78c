#pragma once

#include <QStringList>

namespace moe::cli {

// `moelab-cli datasets`: the built-in datasets with their shapes.
int runDatasets(const QStringList &arguments);

} // namespace moe::cli
