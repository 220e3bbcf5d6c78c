#pragma once

// Light and dark themes, both high-contrast: the application palette and every chart's
// background, text, axes and grid. Data colours (classes, experts, dense/MoE) stay the same in
// both; neutral lines (capacity, frontier, dead experts) switch between near-black and near-white.

class QWidget;

namespace moe::ui {

enum class Theme { Light, Dark };

// Applies `theme` to the application and to every chart under `root`.
void applyTheme(Theme theme, QWidget *root);
Theme currentTheme();

} // namespace moe::ui
