#pragma once

// The Help menu: "What am I seeing?" for every chart and map, and the keyboard shortcuts.

#include <functional>
#include <vector>

class QMainWindow;
class QWidget;

namespace moe::ui {

class Exportable;

// Adds the Help menu to `window`'s menu bar, with an explanation for each of `views`.
// "Take the tour" calls `tour`.
void addHelpMenu(QMainWindow *window, const std::vector<Exportable *> &views,
                 std::function<void()> tour);
// What `view` shows and how to read it, in a box over `parent`.
void explainView(QWidget *parent, const Exportable &view);

} // namespace moe::ui
