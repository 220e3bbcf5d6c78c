#pragma once

// `moelab --arena text`: the start-up options that apply to the Text arena (app/gui/main.cpp).

#include "ui/window/mainwindow.h"

#include <QCommandLineParser>

namespace moe::gui {

// The MoE settings among the start-up options go to the Text arena's default demo, and --dataset
// names its corpus (the 2-D arena's settings stay as they are). `flatOut` (--soak): as fast as
// possible unless the options say otherwise. Throws moe::cli::UsageError.
void applyTextStartSettings(const QCommandLineParser &parser, moe::ui::MainWindow &window,
                            bool flatOut);

} // namespace moe::gui
