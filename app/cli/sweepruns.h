#pragma once

// A sweep beyond one machine (docs/cli.md): `sweep --plan FILE` writes one shell command per run;
// each (`sweep ... --run N`) trains run N of the same grid into DIR/run-000N.json; `sweep --merge
// DIR...` reads those files back into the tradeoff.csv and charts that a sweep in one process
// writes.

#include "app/cli/sweepgrid.h"

namespace moe::cli {

// Writes the plan: line N runs `--run N` of this sweep, with absolute paths.
void writePlan(const QString &planPath, const QCommandLineParser &parser, std::size_t runs);
// --run N: run N of the grid (from 1) on its seed's data, written to DIR/run-000N.json.
void runOne(const QCommandLineParser &parser, const TrainOptions &options, SweepGrid &grid);
// sweep --merge DIR... --out DIR [--format LIST]: its own, small set of options.
int runMerge(const QStringList &arguments);

} // namespace moe::cli
