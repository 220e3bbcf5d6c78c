#include "ui/window/sweepcontrol.h"

#include "ui/charts/capacitypanel.h"
#include "ui/controls/controlpanel.h"
#include "ui/export/arenaviews.h"
#include "ui/window/warning.h"
#include "ui/worker/arenadata.h"
#include "ui/worker/sweepworker.h"
#include "ui/worker/trainingworker.h"

#include <QMainWindow>
#include <QStatusBar>

namespace moe::ui {

SweepControl::SweepControl(QMainWindow *window, ArenaViews *views, ControlPanel *controls,
                           TrainingWorker *worker, int threads)
    : QObject(window)
    , m_window(window)
    , m_views(views)
    , m_controls(controls)
    , m_worker(worker)
    , m_sweeper(new SweepWorker)
    , m_threads(threads)
{
    CapacityPanel *capacity = views->capacity();
    m_sweeper->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_sweeper, &QObject::deleteLater);
    connect(capacity, &CapacityPanel::sweepRequested, this, &SweepControl::start);
    connect(capacity, &CapacityPanel::cancelRequested, this, [this] { m_sweeper->cancel(); });
    connect(m_sweeper, &SweepWorker::runFinished, capacity, &CapacityPanel::addRun);
    connect(m_sweeper, &SweepWorker::progress, capacity, &CapacityPanel::setSweepProgress);
    connect(m_sweeper, &SweepWorker::finished, this, &SweepControl::ended);
    connect(controls, &ControlPanel::configChanged, this, [this](const ArenaConfig &config) {
        if (m_running && datasetKey(config) != m_sweepData)
            m_sweeper->cancel(); // its results would be for data no longer shown
    });
    connect(worker, &TrainingWorker::playingChanged, this,
            [this](bool playing) { m_livePlaying = playing; });
    m_thread.start();
}

SweepControl::~SweepControl()
{
    m_sweeper->cancel(); // the sweep stops within one training step
    m_thread.quit();
    m_thread.wait();
}

void SweepControl::start(int stepsPerRun)
{
    if (m_running)
        return;
    const ArenaConfig config = m_controls->config();
    m_running = true;
    m_sweepData = datasetKey(config);
    m_resumeAfterSweep = m_livePlaying;
    QMetaObject::invokeMethod(m_worker, &TrainingWorker::pause, Qt::QueuedConnection);
    CapacityPanel *capacity = m_views->capacity();
    capacity->setSweepRunning(true);
    if (capacity->view() == CapacityPanel::View::Parameters)
        capacity->setView(CapacityPanel::View::Accuracy);
    m_views->showCapacityView();
    m_window->statusBar()->showMessage(tr("Sweep running: live training is paused so that each "
                                          "run's time per step is its own."));
    m_sweeper->rearm();
    QMetaObject::invokeMethod(
        m_sweeper,
        [sweeper = m_sweeper, config, stepsPerRun, threads = m_threads] {
            sweeper->run(config, stepsPerRun, threads);
        },
        Qt::QueuedConnection);
}

void SweepControl::ended(bool cancelled, const QString &error)
{
    m_running = false;
    m_views->capacity()->setSweepRunning(false);
    m_window->statusBar()->showMessage(cancelled             ? tr("Sweep cancelled.")
                                           : error.isEmpty() ? tr("Sweep finished.")
                                                             : tr("Sweep stopped."),
                                       5000);
    if (!error.isEmpty())
        showWarning(m_window, tr("The sweep could not go on; the runs it finished are kept."),
                    error);
    if (m_resumeAfterSweep)
        QMetaObject::invokeMethod(m_worker, &TrainingWorker::play, Qt::QueuedConnection);
    m_resumeAfterSweep = false;
    emit finished(cancelled);
}

} // namespace moe::ui
