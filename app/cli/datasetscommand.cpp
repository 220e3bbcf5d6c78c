#include "app/cli/command.h"
#include "datasets/builtins.h"

#include <cstdio>

namespace moe::cli {

int runDatasets(const QStringList &arguments)
{
    if (const auto done = handleNoArguments(
            "datasets", QStringLiteral("List the built-in datasets with their shapes."), arguments))
        return *done;
    std::printf("%-13s %-15s %8s %9s %8s  %s\n", "name", "task", "samples", "features", "outputs",
                "description");
    for (const datasets::DatasetInfo &info : datasets::builtinDatasets()) {
        const bool classification = info.task == Task::Classification;
        std::printf(
            "%-13s %-15s %8lld %9d %8s  %s\n", info.name.c_str(),
            classification ? "classification" : "regression", (long long)info.defaultSamples,
            info.inputs,
            qPrintable(QStringLiteral("%1 %2")
                           .arg(info.outputs)
                           .arg(classification ? QStringLiteral("cls") : QStringLiteral("val"))),
            info.description.c_str());
    }
    std::printf(
        "\nGenerated sets take --samples, --noise and --seed (spiral --arms, blobs --clusters,\n"
        "checkerboard --cells, grid --grid-cells and --grid-classes). Any CSV file works too:\n"
        "--dataset path/to/file.csv.\n");
    return kExitOk;
}

} // namespace moe::cli
