#include "ui/window/dockplacement.h"

#include <QDockWidget>
#include <QMainWindow>
#include <QTimer>

namespace moe::ui {

namespace {
QDockWidget *controlsDock(const QMainWindow *window)
{
    return window->findChild<QDockWidget *>(QStringLiteral("controls"));
}
} // namespace

int widthForDock(const QMainWindow *window, const QDockWidget *dock)
{
    // Each dock's frame and separator: a few pixels the docks' contents do not include.
    constexpr int kDockFrames = 24;
    const QDockWidget *controls = controlsDock(window);
    return (controls ? controls->minimumSizeHint().width() : 0) + dock->minimumSizeHint().width()
        + window->centralWidget()->minimumSizeHint().width() + kDockFrames;
}

void showDockWhereItFits(QMainWindow *window, QDockWidget *dock)
{
    QDockWidget *controls = controlsDock(window);
    if (controls) {
        const bool beside = window->tabifiedDockWidgets(dock).isEmpty();
        const bool fits = controls->isHidden() || window->width() >= widthForDock(window, dock);
        if (fits && !beside) { // back to the right, where there is room again
            window->removeDockWidget(dock);
            window->addDockWidget(Qt::RightDockWidgetArea, dock);
        } else if (!fits && beside) {
            window->tabifyDockWidget(controls, dock);
        }
    }
    dock->show();
    dock->raise();
    // Before the window is first on screen (--lesson, --follow), the tab bar is built when the
    // window lays out and shows its first tab: bring the panel forward again once that happened.
    if (!window->isVisible())
        QTimer::singleShot(200, dock, &QDockWidget::raise);
}

} // namespace moe::ui
