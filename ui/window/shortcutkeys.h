#pragma once

// The arena's one-key shortcuts (Space: play/pause, S: step, R: reset) work whatever has focus,
// except where the key is typing: a text field takes its letters and spaces. A spin box, slider,
// check box, button or list cannot type them, so there the shortcut wins instead of the focused
// widget swallowing the key (Qt's default: a focused spin box accepts every printable key). Esc in
// any control hands focus back to the window, so the keys are the shortcuts' again.

#include <QObject>

class QMainWindow;
class QWidget;

namespace moe::ui {

class ShortcutKeys : public QObject
{
    Q_OBJECT

public:
    // Filters the application's key events for `window` (and its docks and floating docks).
    explicit ShortcutKeys(QMainWindow *window);

    // Whether a one-key shortcut may fire while `focus` has the keyboard: false for widgets that
    // type text (line edits outside spin boxes, text edits, editable combo boxes).
    static bool keyIsShortcutFor(const QWidget *focus);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QMainWindow *m_window;
};

} // namespace moe::ui
