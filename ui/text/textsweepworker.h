#pragma once

// Trains the Text arena's sweep grid (textSweepGrid) in the background, one run after another, on
// a thread of its own (the 2-D arena's SweepWorker, ui/worker/sweepworker.h): the text is
// prepared once per sweep, here, and each finished run is sent out at once (runFinished), so the
// charts fill while it works. The arena pauses live training meanwhile, so that the measured time
// per step is the run's alone. cancel() may be called from any thread; the sweep stops within
// one training step (or at the next stage of preparing the text).

#include "ui/text/textsweep.h"
#include "ui/text/textworker.h" // TextExperiment as a meta type

#include <QObject>
#include <atomic>

namespace moe::ui {

class TextSweepWorker : public QObject
{
    Q_OBJECT

public:
    explicit TextSweepWorker(QObject *parent = nullptr);
    // Thread-safe. rearm() before queuing run(): a cancel() that comes before run() starts still
    // stops it.
    void cancel() { m_cancel.store(true); }
    void rearm() { m_cancel.store(false); }

public slots:
    // Trains every configuration of textSweepGrid(experiment, vocab) for stepsPerRun steps on
    // `threads` threads, on the experiment's corpus and tokenizer.
    void run(const moe::TextExperiment &experiment, int stepsPerRun, int threads);

signals:
    void started(int runs);
    void runFinished(const moe::ui::TextSweepRun &run);
    void progress(int done, int total);
    // cancelled: stopped by cancel(); error: why the sweep could not go on (empty if it did).
    void finished(bool cancelled, const QString &error);

private:
    std::atomic<bool> m_cancel {false};
};

} // namespace moe::ui
