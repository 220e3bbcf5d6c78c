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

// Files are read on white paper: while one lives, everything is drawn in the light theme (the
// dark one comes back after). For exports, reports and the clipboard.
class LightForExport
{
public:
    LightForExport();
    ~LightForExport();
    LightForExport(const LightForExport &) = delete;
    LightForExport &operator=(const LightForExport &) = delete;

private:
    bool m_wasDark;
};

} // namespace moe::ui
