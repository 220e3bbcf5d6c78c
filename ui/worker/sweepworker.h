#pragma once

// Trains the sweep grid (sweepGrid) in the background, one run after another, on its own thread:
// each finished run is sent out at once (runFinished), so the charts fill while it works. The
// app pauses live training meanwhile, so that the measured time per step is the run's alone.
// cancel() may be called from any thread; the current run stops within one training step.

#include "ui/worker/arenaconfig.h"
#include "ui/worker/sweep.h"

#include <QObject>
#include <atomic>

namespace moe::ui {

class SweepWorker : public QObject
{
    Q_OBJECT

public:
    explicit SweepWorker(QObject *parent = nullptr);
    // Thread-safe. rearm() before queuing run(): a cancel() that comes before run() starts still
    // stops it.
    void cancel() { m_cancel.store(true); }
    void rearm() { m_cancel.store(false); }

public slots:
    // Trains every configuration of sweepGrid(config) for stepsPerRun steps on `threads` threads.
    void run(const moe::ui::ArenaConfig &config, int stepsPerRun, int threads);

signals:
    void started(int runs);
    void runFinished(const moe::ui::SweepRun &run);
    void progress(int done, int total);
    // cancelled: stopped by cancel(); error: why the sweep could not run (empty if it did).
    void finished(bool cancelled, const QString &error);

private:
    std::atomic<bool> m_cancel {false};
};

} // namespace moe::ui
