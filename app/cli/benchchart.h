#pragma once

// The chart of `moelab-cli bench --out DIR`: ms per training step against E, one line per
// implementation and thread count.

#include "ui/export/chartexport.h"

#include <QString>
#include <QStringList>
#include <utility>
#include <vector>

namespace moe::cli {

struct BenchCurve
{
    QString name;                                  // "MoE Lab, 1 thread"
    std::vector<std::pair<double, double>> points; // (E, ms per step)
    int colour = 0;                                // ui::classColor index: one per implementation
    bool dashed = false;                           // the second thread count
};

// Writes DIR/bench-time-vs-experts.<format> for each format, and its CSV. Returns the paths.
QStringList writeBenchChart(const std::vector<BenchCurve> &curves, const QString &dir,
                            const QList<ui::ExportFormat> &formats);

} // namespace moe::cli
