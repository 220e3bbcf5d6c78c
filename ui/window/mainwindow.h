#pragma once

// The arena window: composes the views, the control dock, the status bar and the window's parts
// (files, exports, lessons, presentation mode, sweeps, help), and wires them to the training
// worker on its own thread. Snapshots are coalesced: the newest wins and the views repaint on a
// ~30 Hz timer, never once per training step.

#include "ui/export/chartexport.h"
#include "ui/worker/arenaconfig.h"
#include "ui/worker/arenasnapshot.h"

#include <QMainWindow>
#include <QThread>
#include <QTimer>
#include <vector>

class QDockWidget;
class QSettings;
class QStackedWidget;
class QToolButton;

namespace moe::ui {

class ArenaViews;
class CapacityPanel;
class ControlPanel;
class CurvesPanel;
class ExpertLoadPanel;
class FileMenu;
class InputPathDock;
class LessonPanel;
class LessonsDock;
class StatusLine;
class LoadProgress;
class MapsPanel;
class PresentationMode;
class SweepControl;
class TextArena;
class Tour;
class TrainingWorker;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(bool autoplay, QWidget *parent = nullptr);
    ~MainWindow() override;

    ControlPanel *controls() const { return m_controls; }
    MapsPanel *maps() const;
    ExpertLoadPanel *load() const;
    CurvesPanel *curves() const;
    CapacityPanel *capacity() const;
    const ArenaSnapshot &latest() const { return m_latest; }
    // Brings the capacity-versus-compute charts to the front (instead of the curves).
    void showCapacityView();
    // An experiment file (the controls take its settings) or a model file (the arena trains on
    // from its weights), told apart by their "format". Errors are shown; nothing changes then.
    void openFile(const QString &path);
    // Trains the sweep grid in the background; live training pauses until it ends.
    void startSweep(int stepsPerRun);
    bool sweepRunning() const;
    // Brings the view with this export name to the front (its tab) and outlines it for a moment.
    void highlightView(const QString &name);
    LessonPanel *lessons() const;
    // Opens the lesson panel (on the right, or over the controls in a window too narrow for both).
    void showLessons();
    // The first-run tour (Help > Take the tour): four callouts over the window's parts.
    void startTour();
    Tour *tour() const { return m_tour; }
    LoadProgress *loadProgress() const { return m_loadProgress; }
    TrainingWorker *worker() const { return m_worker; } // lives on its own thread
    // File > Restore defaults: the classroom demo's settings, the default layout and view options.
    void restoreDefaults();
    // Follow one input: the panel, its dock, pinning an input of the maps.
    InputPathDock *inputPath() const { return m_inputPath; }
    // Full screen, controls as a compact strip, everything larger, a live headline (F11).
    void setPresentationMode(bool on);
    bool presenting() const;
    // Every chart and map, in the order of the Export menu and of reports.
    const std::vector<Exportable *> &exportables() const;
    // The two arenas, one shown at a time (the tabs above the views): each keeps its settings and
    // its run; the one left is paused. The Text arena reads its corpus when first shown.
    enum class Arena { TwoD, Text };
    void showArena(Arena arena);
    Arena arena() const { return m_arena; }
    TextArena *textArena() const { return m_text; }

signals:
    void snapshotShown(); // after the panels drew a new snapshot (tests, screenshots)
    void sweepFinished(bool cancelled);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void connectWorker();
    QWidget *arenaTabs();  // the arenas' views, one shown
    void placeArenaTabs(); // the switch between them, in the menu bar
    void connectTextArena();
    void restoreCurveView(QSettings &settings); // smoothing and the log step axis
    void addShortcuts();
    void showDatasetInTitle(const ArenaConfig &config); // "iris.csv - MoE Lab"
    void repaintIfNew();
    void updateStatus();
    void showBudget();

    QThread m_thread;
    TrainingWorker *m_worker;
    ControlPanel *m_controls;
    ArenaViews *m_views;
    QDockWidget *m_controlsDock;
    StatusLine *m_status = nullptr;
    FileMenu *m_files = nullptr;
    LessonsDock *m_lessons = nullptr;
    InputPathDock *m_inputPath = nullptr;
    PresentationMode *m_presentation = nullptr;
    SweepControl *m_sweep = nullptr;
    Tour *m_tour = nullptr;
    TextArena *m_text = nullptr;
    QToolButton *m_arenaButtons[2] = {}; // 2-D, text: the switch in the menu bar
    QStackedWidget *m_centre = nullptr, *m_controlStack = nullptr;
    Arena m_arena = Arena::TwoD;
    bool m_autoplay = true;
    bool m_resumeTwoD = false, m_resumeText = false; // playing when last left
    LoadProgress *m_loadProgress = nullptr;          // a CSV file's load: progress and Cancel
    QByteArray m_defaultState;                       // the docks as the app first lays them out
    QTimer m_repaint;
    ArenaSnapshot m_latest;
    bool m_dirty = false;
    bool m_playing = false;
    bool m_budgetShown = false; // the status bar says the run paused at its step budget
    int m_threads = 1;
};

} // namespace moe::ui
