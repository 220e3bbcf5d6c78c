#pragma once

// Presentation mode (F11, View menu): full screen, the control dock folded into a compact strip
// (transport, E, k, balance loss), every font and line scaled up for a projector, and a large
// live headline with the numbers the class should read. The View menu also holds the theme.

#include <QByteArray>
#include <QObject>
#include <functional>

class QAction;
class QDockWidget;
class QMainWindow;
class QToolBar;

namespace moe::ui {

class ArenaViews;
class ControlPanel;
class LiveLabel;
class TextArena;
struct ArenaSnapshot;

class PresentationMode : public QObject
{
    Q_OBJECT

public:
    // Adds the strip and the headline (hidden) and the View menu to `window`. `latest` is the
    // snapshot the views show (the window's), read for the headline.
    PresentationMode(QMainWindow *window, ControlPanel *controls, QDockWidget *controlsDock,
                     ArenaViews *views, const ArenaSnapshot &latest);

    // The Text arena: while it is shown (`shown`), the strip drives it and the headline is its.
    void setTextArena(TextArena *text, std::function<bool()> shown);
    void arenaChanged(); // the strip's boxes show the arena now on screen
    void setOn(bool on);
    bool isOn() const { return m_on; }
    void updateHeadline();
    // The window's layout as it was before presentation mode (what to remember on close).
    QByteArray windowedState() const { return m_windowedState; }
    QByteArray windowedGeometry() const { return m_windowedGeometry; }

private:
    void addStrip(ControlPanel *controls);
    void addViewMenu();

    QString textHeadline() const;

    QMainWindow *m_window;
    QDockWidget *m_controlsDock;
    ControlPanel *m_controls;
    TextArena *m_text = nullptr;
    std::function<bool()> m_textShown;
    std::function<void()> m_sync; // the strip's boxes from the arena on screen
    ArenaViews *m_views;
    const ArenaSnapshot &m_latest;
    QToolBar *m_strip = nullptr, *m_headlineBar = nullptr;
    LiveLabel *m_headline = nullptr;
    QAction *m_action = nullptr;
    QByteArray m_windowedState, m_windowedGeometry;
    bool m_on = false;
};

} // namespace moe::ui
