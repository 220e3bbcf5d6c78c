#pragma once

// The figures the app shows about a run, by name ("moe.testAccuracy", "moe.loadCv", ...), read
// from a snapshot. The views' headlines and the lesson checks (ui/lessons/lesson.h) both take
// their numbers from here, over the same window (routing: the last 100 training steps; accuracy
// and loss: the last evaluation), so a check can never disagree with the screen.

#include "ui/worker/arenasnapshot.h"

#include <QString>
#include <QStringList>
#include <optional>

namespace moe::ui {

// nullopt for an unknown name or one the snapshot does not have yet (no evaluation, no routing).
std::optional<double> snapshotMetric(const ArenaSnapshot &snapshot, const QString &name);
QStringList snapshotMetricNames();
// What a student reads: "MoE test accuracy: 96.7%", "dead experts: 3", "load CV: 0.48".
QString describeMetric(const QString &name, double value);
// The value alone, as describeMetric writes it: "96.7%", "3", "0.48".
QString metricText(const QString &name, double value);

} // namespace moe::ui
