#pragma once

// The File menu: open an experiment or a model file, the recent files, save the experiment or
// either model, restore the defaults, quit. Experiments go to the controls; model files to the
// training worker.

#include <QObject>
#include <functional>

class QAction;
class QMainWindow;
class QMenu;

namespace moe::ui {

class ControlPanel;
class TextArena;
class TrainingWorker;

class FileMenu : public QObject
{
    Q_OBJECT

public:
    // Adds the menu to `window`'s menu bar. `worker` lives on its own thread: it gets queued calls.
    FileMenu(QMainWindow *window, ControlPanel *controls, TrainingWorker *worker);

    // An experiment file (the controls take its settings) or a model file (the arena trains on
    // from its weights), told apart by their "format". Errors are shown; nothing changes then.
    void openFile(const QString &path);
    // "Restore defaults", above Quit; `restore` does it (the window knows its layout).
    void addRestoreDefaults(std::function<void()> restore);
    // The Text arena's files: its experiments and models open into it (`show` brings it to the
    // front), and Save writes the arena on screen (`shown`).
    void setTextArena(TextArena *text, std::function<bool()> shown, std::function<void()> show);

private:
    QString askPath(bool save, const QString &title, const QString &suggested);
    void chooseAndOpen();
    void saveExperimentAs();
    void saveModelAs(bool moe);
    void rememberRecent(const QString &path); // the newest first, at most 8 (QSettings)
    void rebuildRecentMenu();

    QMainWindow *m_window;
    ControlPanel *m_controls;
    TrainingWorker *m_worker;
    TextArena *m_text = nullptr;
    std::function<bool()> m_textShown;
    std::function<void()> m_showText;
    QMenu *m_recent;
    QMenu *m_menu = nullptr;
    QAction *m_quit = nullptr;
};

} // namespace moe::ui
