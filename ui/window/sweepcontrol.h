#pragma once

// The capacity sweep in the window: trains the sweep grid on a thread of its own while live
// training pauses (so that each run's time per step is its own), feeds the capacity charts run by
// run, and resumes live training afterwards if it was playing.

#include "ui/worker/arenaconfig.h"

#include <QObject>
#include <QThread>

class QMainWindow;

namespace moe::ui {

class ArenaViews;
class ControlPanel;
class SweepWorker;
class TrainingWorker;

class SweepControl : public QObject
{
    Q_OBJECT

public:
    // Sweeps train on `threads` threads. `worker` (live training) lives on its own thread.
    SweepControl(QMainWindow *window, ArenaViews *views, ControlPanel *controls,
                 TrainingWorker *worker, int threads);
    ~SweepControl() override; // cancels a running sweep and waits for its thread

    // Trains the sweep grid of the controls' settings; live training pauses until it ends.
    void start(int stepsPerRun);
    bool running() const { return m_running; }

signals:
    void finished(bool cancelled);

private:
    void ended(bool cancelled, const QString &error);

    QMainWindow *m_window;
    ArenaViews *m_views;
    ControlPanel *m_controls;
    TrainingWorker *m_worker;
    QThread m_thread;
    SweepWorker *m_sweeper;
    int m_threads;
    bool m_running = false;
    bool m_livePlaying = false;      // live training is playing (as the worker last said)
    bool m_resumeAfterSweep = false; // live training was playing when the sweep began
    QString m_sweepData;             // datasetKey the sweep trains on
};

} // namespace moe::ui
