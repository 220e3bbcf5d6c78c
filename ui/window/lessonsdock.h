#pragma once

// The lessons in the window: the Lessons menu, the panel in a dock on the right (in a tab beside
// the controls when the window is too narrow for both docks and the views), and pointing at the
// view a lesson step is about (its tab to the front, outlined while the step is shown).

#include <QObject>
#include <QPointer>
#include <functional>

class QDockWidget;
class QFrame;
class QMainWindow;
class QTimer;
class QWidget;

namespace moe::ui {

class ArenaViews;
class TextArena;
class ControlPanel;
class LessonPanel;
class TrainingWorker;

class LessonsDock : public QObject
{
    Q_OBJECT

public:
    // Reads the bundled lessons; a broken lesson file is reported once the window shows, and the
    // rest of the app works. `worker` lives on its own thread: it gets queued calls.
    LessonsDock(QMainWindow *window, ArenaViews *views, ControlPanel *controls,
                TrainingWorker *worker);

    LessonPanel *panel() const { return m_panel; }
    bool isShown() const; // the panel is open (it then follows every snapshot)
    // Opens the panel in front: on the right when the window holds the controls, the lesson and
    // the views at their minimum widths, else as a tab over the controls (never pushing the
    // window wider than the screen or crushing the controls).
    void showDock();
    void hideDock();
    // Brings the view with this export name to the front and outlines it until the lesson's step
    // changes (the outline follows the view as the window is resized or the tab changes).
    void highlightView(const QString &name);
    // Text lessons run in the Text arena: their steps go to it (`show` brings it to the front)
    // and its snapshots are checked.
    // A 2-D lesson's step brings the 2-D arena back (`showTwoD`).
    void setTextArena(TextArena *text, std::function<void()> show, std::function<void()> showTwoD);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override; // window resized, font changed

private:
    void fitPanelWidth();
    void followTarget(); // the outline over its view, hidden while the view is not visible

    QMainWindow *m_window;
    ArenaViews *m_views;
    TextArena *m_text = nullptr;
    LessonPanel *m_panel = nullptr;
    QDockWidget *m_dock = nullptr;
    QFrame *m_highlight = nullptr;
    QTimer *m_follow = nullptr; // while an outline is up
    QPointer<QWidget> m_target;
};

} // namespace moe::ui
