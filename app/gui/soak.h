#pragma once

// `moelab --soak N`: the memory soak benchmark. The whole app trains the default demo (or the
// options' run) for N steps, the window consuming every snapshot as in class; the resident set
// size is sampled every second and printed, and at the end its growth after warm-up (the first
// tenth of the steps). Not a test: scripts/soak.sh runs it and docs/benchmarks.md has the figure.

#include "ui/window/mainwindow.h"

namespace moe::gui {

void startSoak(moe::ui::MainWindow &window, qint64 steps);

} // namespace moe::gui
