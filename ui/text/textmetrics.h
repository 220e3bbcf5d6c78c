#pragma once

// The figures of a Text arena run, by name ("moe.validationBits", "moe.lateDropShare", ...), read
// from a TextSnapshot: what the text lessons check (ui/lessons/lesson.h) and what the views show,
// from the same numbers. Routing figures are the first MoE layer's (block 1), from the routing
// analysis of the last evaluation (core/text/routinganalysis.h).

#include "ui/text/textsnapshot.h"

#include <QString>
#include <QStringList>
#include <optional>

namespace moe::ui {

// nullopt for an unknown name or one the snapshot does not have yet.
std::optional<double> textMetric(const TextSnapshot &snapshot, const QString &name);
QStringList textMetricNames();
// "MoE validation loss: 2.91 bits/char", "late-token drop share: 41.0%".
QString describeTextMetric(const QString &name, double value);

} // namespace moe::ui
