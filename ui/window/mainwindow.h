#pragma once

// The arena window: composes the panels, the control dock and the status bar, and wires them to
// the training worker on its own thread. Snapshots are coalesced: the newest wins and the panels
// repaint on a ~30 Hz timer, never once per training step.

#include "ui/export/chartexport.h"
#include "ui/style/livelabel.h"
#include "ui/worker/arenaconfig.h"
#include "ui/worker/arenasnapshot.h"

#include <QMainWindow>
#include <QThread>
#include <QTimer>
#include <memory>
#include <vector>

class QAction;
class QDockWidget;
class QFrame;
class QToolBar;
class QMenu;
class QSplitter;
class QTabWidget;

namespace moe::ui {

class CapacityPanel;
class LessonPanel;
class ControlPanel;
class CurvesPanel;
class ExpertLoadPanel;
class MapsPanel;
class SweepWorker;
class TrainingWorker;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(bool autoplay, QWidget *parent = nullptr);
    ~MainWindow() override;

    ControlPanel *controls() const { return m_controls; }
    MapsPanel *maps() const { return m_maps; }
    ExpertLoadPanel *load() const { return m_load; }
    CurvesPanel *curves() const { return m_curves; }
    CapacityPanel *capacity() const { return m_capacity; }
    const ArenaSnapshot &latest() const { return m_latest; }
    // Brings the capacity-versus-compute charts to the front (instead of the curves).
    void showCapacityView();
    // An experiment file (the controls take its settings) or a model file (the arena trains on
    // from its weights), told apart by their "format". Errors are shown; nothing changes then.
    void openFile(const QString &path);
    // Trains the sweep grid in the background; live training pauses until it ends.
    void startSweep(int stepsPerRun);
    bool sweepRunning() const { return m_sweeping; }
    // Headless use (the command line's chart exports): takes `experiment`, trains it for its
    // steps and waits until the panels show the result. Returns false with `error` set when the
    // settings are refused or training diverges.
    bool trainExperiment(const Experiment &experiment, QString &error);
    // Brings the view with this export name to the front (its tab) and outlines it for a moment.
    void highlightView(const QString &name);
    LessonPanel *lessons() const { return m_lessonPanel; }
    // Full screen, controls as a compact strip, everything larger, a live headline (F11).
    void setPresentationMode(bool on);
    bool presenting() const { return m_presenting; }
    // Every chart and map, in the order of the Export menu and of reports.
    const std::vector<Exportable *> &exportables() const { return m_exportables; }

signals:
    void snapshotShown(); // after the panels drew a new snapshot (tests, screenshots)
    void sweepFinished(bool cancelled);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void receive(const moe::ui::ArenaSnapshot &snapshot);
    void repaintIfNew();
    void showError(const QString &what, const QString &message);
    void updateStatus();
    void fitMaps(); // the maps get the height their squares need; the charts get the rest
    void sweepEnded(bool cancelled, const QString &error);
    void createMenus();
    void setupExports();      // mainwindow_export.cpp
    void setupLessons();      // mainwindow_lessons.cpp
    void setupHelp();         // mainwindow_export.cpp: What am I seeing?, shortcuts
    void setupPresentation(); // mainwindow_presentation.cpp
    void updateHeadline();
    void fillExportMenu(QMenu *menu, Exportable *item);
    void exportChart(Exportable *item, ExportFormat format, int scale);
    void exportAllCharts();
    void exportReport();
    void explain(Exportable *item); // "What am I seeing?"
    void chooseAndOpen();
    void saveExperimentAs();
    void saveModelAs(bool moe);
    QString askPath(bool save, const QString &title, const QString &suggested);
    void rememberRecent(const QString &path);
    void rebuildRecentMenu();

    QThread m_thread, m_sweepThread;
    TrainingWorker *m_worker;
    SweepWorker *m_sweeper;
    ControlPanel *m_controls;
    MapsPanel *m_maps;
    ExpertLoadPanel *m_load;
    CurvesPanel *m_curves;
    CapacityPanel *m_capacity;
    LiveLabel *m_status;
    QTabWidget *m_charts;
    QSplitter *m_central;
    bool m_userSizedMaps = false; // the maps/charts divider was dragged: keep it where it is
    QTimer m_repaint;
    QMenu *m_recent = nullptr;
    std::vector<std::unique_ptr<ChartExport>> m_chartExports;
    std::vector<Exportable *> m_exportables;
    LessonPanel *m_lessonPanel = nullptr;
    QDockWidget *m_lessonDock = nullptr;
    QFrame *m_highlight = nullptr;
    QDockWidget *m_controlsDock = nullptr;
    QToolBar *m_strip = nullptr, *m_headlineBar = nullptr;
    LiveLabel *m_headline = nullptr;
    QAction *m_presentAction = nullptr;
    QByteArray m_windowedState, m_windowedGeometry;
    bool m_presenting = false;
    ArenaSnapshot m_latest;
    bool m_dirty = false;
    bool m_playing = false;
    bool m_sweeping = false;
    bool m_resumeAfterSweep = false; // live training was playing when the sweep began
    QString m_sweepData;             // datasetKey the sweep trains on
    int m_threads = 1;
};

} // namespace moe::ui
