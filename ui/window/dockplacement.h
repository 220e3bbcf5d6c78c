#pragma once

// Where a side panel (the lesson, follow one input) opens: on the right when the window holds the
// controls dock, the panel and the central views side by side at their minimum widths; else as a
// tab over the controls, in front. The window never grows past the screen and the controls are
// never crushed (1280x720 is a classroom projector's size).

class QDockWidget;
class QMainWindow;

namespace moe::ui {

// The narrowest window that holds the controls dock (objectName "controls"), `dock` and the
// central widget side by side.
int widthForDock(const QMainWindow *window, const QDockWidget *dock);
// Places `dock` as above and shows it in front.
void showDockWhereItFits(QMainWindow *window, QDockWidget *dock);

} // namespace moe::ui
