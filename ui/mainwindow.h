#pragma once

// The arena window: composes the panels, the control dock and the status bar, and wires them to
// the training worker on its own thread. Snapshots are coalesced: the newest wins and the panels
// repaint on a ~30 Hz timer, never once per training step.

#include "arenasnapshot.h"

#include <QLabel>
#include <QMainWindow>
#include <QThread>
#include <QTimer>

namespace moe::ui {

class CapacityPanel;
class ControlPanel;
class CurvesPanel;
class ExpertLoadPanel;
class MapsPanel;
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
    const ArenaSnapshot &latest() const { return m_latest; }
    // Brings the capacity-versus-compute chart to the front (instead of the curves).
    void showCapacityView();

signals:
    void snapshotShown(); // after the panels drew a new snapshot (tests, screenshots)

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void receive(const moe::ui::ArenaSnapshot &snapshot);
    void repaintIfNew();
    void showError(const QString &message);
    void updateStatus();

    QThread m_thread;
    TrainingWorker *m_worker;
    ControlPanel *m_controls;
    MapsPanel *m_maps;
    ExpertLoadPanel *m_load;
    CurvesPanel *m_curves;
    CapacityPanel *m_capacity;
    QLabel *m_status;
    class QTabWidget *m_charts;
    QTimer m_repaint;
    ArenaSnapshot m_latest;
    bool m_dirty = false;
    bool m_playing = false;
};

} // namespace moe::ui
