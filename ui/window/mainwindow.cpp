#include "ui/window/mainwindow.h"

#include "core/base/parallel.h"
#include "files/experimentfile.h"
#include "ui/charts/capacitypanel.h"
#include "ui/charts/curvespanel.h"
#include "ui/charts/expertloadpanel.h"
#include "ui/controls/controlpanel.h"
#include "ui/lessons/lessonpanel.h"
#include "ui/maps/mapspanel.h"
#include "ui/style/numberformat.h"
#include "ui/worker/arenadata.h"
#include "ui/worker/sweepworker.h"
#include "ui/worker/trainingworker.h"

#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <algorithm>
#include <cstdlib>

namespace moe::ui {

MainWindow::MainWindow(bool autoplay, QWidget *parent)
    : QMainWindow(parent)
    , m_worker(new TrainingWorker)
    , m_sweeper(new SweepWorker)
    , m_controls(new ControlPanel)
    , m_maps(new MapsPanel)
    , m_load(new ExpertLoadPanel)
    , m_curves(new CurvesPanel)
    , m_capacity(new CapacityPanel)
    , m_status(new LiveLabel)
{
    setWindowTitle(tr("MoE Lab"));
    auto *charts = m_charts = new QTabWidget;
    charts->addTab(m_curves, tr("Loss and accuracy"));
    charts->addTab(m_capacity, tr("Capacity vs compute"));
    auto *bottom = new QSplitter(Qt::Horizontal);
    bottom->addWidget(m_load);
    bottom->addWidget(charts);
    bottom->setStretchFactor(0, 2);
    bottom->setStretchFactor(1, 3);
    bottom->setSizes({450, 550});
    auto *central = m_central = new QSplitter(Qt::Vertical);
    central->addWidget(m_maps);
    central->addWidget(bottom);
    central->setStretchFactor(0, 1);
    central->setStretchFactor(1, 1);
    central->setSizes({400, 360}); // maps above, charts below: both readable at 1280x720
    setCentralWidget(central);
    connect(m_maps, &MapsPanel::resized, this, &MainWindow::fitMaps, Qt::QueuedConnection);
    connect(central, &QSplitter::splitterMoved, this, [this] { m_userSizedMaps = true; });

    auto *scroll = new QScrollArea;
    scroll->setWidget(m_controls);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *dock = m_controlsDock = new QDockWidget(tr("Controls"));
    dock->setObjectName(QStringLiteral("controls"));
    dock->setWidget(scroll);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    statusBar()->addPermanentWidget(m_status, 1);

    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_controls, &ControlPanel::configChanged, this,
            [this](const ArenaConfig &config) { m_worker->submit(config); });
    connect(m_controls, &ControlPanel::stepRequested, m_worker, &TrainingWorker::stepOnce);
    connect(m_controls, &ControlPanel::resetRequested, m_worker, &TrainingWorker::reset);
    connect(m_controls, &ControlPanel::playToggled, this, [this] {
        QMetaObject::invokeMethod(m_worker, m_playing ? "pause" : "play", Qt::QueuedConnection);
    });
    connect(m_worker, &TrainingWorker::snapshotReady, this, &MainWindow::receive);
    connect(m_worker, &TrainingWorker::errorOccurred, this,
            [this](const QString &message, const ArenaConfig &running) {
                m_controls->showRunning(running); // back to what is really training
                showError(tr("That setting could not be used; the current run goes on."), message);
            });
    connect(m_worker, &TrainingWorker::playingChanged, this, [this](bool playing) {
        m_playing = playing;
        m_controls->setPlaying(playing);
    });
    m_thread.start();

    m_sweeper->moveToThread(&m_sweepThread);
    connect(&m_sweepThread, &QThread::finished, m_sweeper, &QObject::deleteLater);
    connect(m_capacity, &CapacityPanel::sweepRequested, this, &MainWindow::startSweep);
    connect(m_capacity, &CapacityPanel::cancelRequested, this, [this] { m_sweeper->cancel(); });
    connect(m_sweeper, &SweepWorker::runFinished, m_capacity, &CapacityPanel::addRun);
    connect(m_sweeper, &SweepWorker::progress, m_capacity, &CapacityPanel::setSweepProgress);
    connect(m_sweeper, &SweepWorker::finished, this, &MainWindow::sweepEnded);
    connect(m_controls, &ControlPanel::configChanged, this, [this](const ArenaConfig &config) {
        if (m_sweeping && datasetKey(config) != m_sweepData)
            m_sweeper->cancel(); // its results would be for data no longer shown
    });
    m_sweepThread.start();
    connect(m_worker, &TrainingWorker::configAdopted, m_controls, &ControlPanel::showRunning);
    connect(m_worker, &TrainingWorker::fileDone, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });
    connect(m_worker, &TrainingWorker::fileFailed, this, [this](const QString &message) {
        showError(tr("The file could not be used; nothing changed."), message);
    });
    createMenus();
    setupExports();
    setupLessons();
    setupPresentation();
    setupHelp();

    const auto shortcut = [this](const QKeySequence &key, auto slot) {
        connect(new QShortcut(key, this), &QShortcut::activated, this, slot);
    };
    shortcut(Qt::Key_Space, [this] { emit m_controls->playToggled(); });
    shortcut(Qt::Key_S, [this] { emit m_controls->stepRequested(); });
    shortcut(Qt::Key_R, [this] { emit m_controls->resetRequested(); });

    m_repaint.setInterval(33);
    connect(&m_repaint, &QTimer::timeout, this, &MainWindow::repaintIfNew);
    m_repaint.start();

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 720);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());

    // Training gets every core but one: the UI thread keeps a core of its own, and OpenMP threads
    // that spin between parallel regions would otherwise steal it (on 2 cores: 1 training thread).
    m_threads = std::max(1, availableThreads() - 1);
    QMetaObject::invokeMethod(m_worker, "setThreads", Qt::QueuedConnection, Q_ARG(int, m_threads));
    QMetaObject::invokeMethod(m_worker, "configure", Qt::QueuedConnection,
                              Q_ARG(moe::ui::ArenaConfig, m_controls->config()));
    if (autoplay)
        QMetaObject::invokeMethod(m_worker, "play", Qt::QueuedConnection);
}

MainWindow::~MainWindow()
{
    m_sweeper->cancel(); // the sweep stops within one training step
    m_sweepThread.quit();
    m_thread.quit(); // the worker finishes its current slice (<= ~25 ms) and is deleted there
    m_sweepThread.wait();
    m_thread.wait();
}

void MainWindow::showCapacityView()
{
    m_charts->setCurrentWidget(m_capacity);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open experiment or model..."), QKeySequence::Open, this,
                    &MainWindow::chooseAndOpen);
    m_recent = file->addMenu(tr("Open &recent"));
    rebuildRecentMenu();
    file->addSeparator();
    file->addAction(tr("&Save experiment..."), QKeySequence::Save, this,
                    &MainWindow::saveExperimentAs);
    file->addAction(tr("Save &MoE model..."), this, [this] { saveModelAs(true); });
    file->addAction(tr("Save &dense model..."), this, [this] { saveModelAs(false); });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
}

QString MainWindow::askPath(bool save, const QString &title, const QString &suggested)
{
    QSettings settings;
    const QString folder
        = settings.value(QStringLiteral("files/folder"), QDir::homePath()).toString();
    const QString filter = tr("MoE Lab files (*.json);;All files (*)");
    const QString path = save
        ? QFileDialog::getSaveFileName(this, title, QDir(folder).filePath(suggested), filter)
        : QFileDialog::getOpenFileName(this, title, folder, filter);
    if (!path.isEmpty())
        settings.setValue(QStringLiteral("files/folder"), QFileInfo(path).absolutePath());
    return path;
}

void MainWindow::chooseAndOpen()
{
    const QString path = askPath(false, tr("Open an experiment or a model"), QString());
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::openFile(const QString &path)
{
    QFile file(path);
    const QByteArray head = file.open(QIODevice::ReadOnly) ? file.read(1 << 20) : QByteArray();
    if (head.contains("\"moelab-model\"")) { // the worker loads it and says how it went
        rememberRecent(path);
        QMetaObject::invokeMethod(m_worker, "openModel", Qt::QueuedConnection,
                                  Q_ARG(QString, path));
        return;
    }
    try { // an experiment, or a message that says what the file is not
        const Experiment experiment = files::loadExperiment(path);
        rememberRecent(path);
        m_controls->apply(experiment);
        statusBar()->showMessage(tr("Opened %1.").arg(path), 8000);
    } catch (const std::exception &error) {
        showError(tr("The file could not be opened; nothing changed."),
                  QString::fromStdString(error.what()));
    }
}

void MainWindow::saveExperimentAs()
{
    const QString path
        = askPath(true, tr("Save the experiment"), QStringLiteral("experiment.json"));
    if (path.isEmpty())
        return;
    try {
        files::saveExperiment(path, m_controls->config());
        rememberRecent(path);
        statusBar()->showMessage(tr("Saved the experiment to %1.").arg(path), 8000);
    } catch (const std::exception &error) {
        showError(tr("The experiment could not be saved."), QString::fromStdString(error.what()));
    }
}

void MainWindow::saveModelAs(bool moe)
{
    const QString path
        = askPath(true, moe ? tr("Save the MoE model") : tr("Save the dense model"),
                  moe ? QStringLiteral("moe-model.json") : QStringLiteral("dense-model.json"));
    if (path.isEmpty())
        return;
    rememberRecent(path);
    QMetaObject::invokeMethod(m_worker, "saveModel", Qt::QueuedConnection, Q_ARG(QString, path),
                              Q_ARG(bool, moe));
}

void MainWindow::rememberRecent(const QString &path)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("files/recent")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    settings.setValue(QStringLiteral("files/recent"), recent.mid(0, 8));
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recent->clear();
    const QStringList recent = QSettings().value(QStringLiteral("files/recent")).toStringList();
    for (const QString &path : recent)
        m_recent->addAction(QFileInfo(path).fileName() + QStringLiteral("  (")
                                + QFileInfo(path).absolutePath() + QLatin1Char(')'),
                            this, [this, path] { openFile(path); });
    m_recent->setEnabled(!recent.isEmpty());
}

void MainWindow::startSweep(int stepsPerRun)
{
    if (m_sweeping)
        return;
    const ArenaConfig config = m_controls->config();
    m_sweeping = true;
    m_sweepData = datasetKey(config);
    m_resumeAfterSweep = m_playing;
    QMetaObject::invokeMethod(m_worker, "pause", Qt::QueuedConnection);
    m_capacity->setSweepRunning(true);
    if (m_capacity->view() == CapacityPanel::View::Parameters)
        m_capacity->setView(CapacityPanel::View::Accuracy);
    showCapacityView();
    statusBar()->showMessage(tr("Sweep running: live training is paused so that each run's time "
                                "per step is its own."));
    m_sweeper->rearm();
    QMetaObject::invokeMethod(m_sweeper, "run", Qt::QueuedConnection,
                              Q_ARG(moe::ui::ArenaConfig, config), Q_ARG(int, stepsPerRun),
                              Q_ARG(int, m_threads));
}

void MainWindow::sweepEnded(bool cancelled, const QString &error)
{
    m_sweeping = false;
    m_capacity->setSweepRunning(false);
    statusBar()->showMessage(cancelled             ? tr("Sweep cancelled.")
                                 : error.isEmpty() ? tr("Sweep finished.")
                                                   : tr("Sweep stopped."),
                             5000);
    if (!error.isEmpty())
        showError(tr("The sweep could not go on; the runs it finished are kept."), error);
    if (m_resumeAfterSweep)
        QMetaObject::invokeMethod(m_worker, "play", Qt::QueuedConnection);
    m_resumeAfterSweep = false;
    emit sweepFinished(cancelled);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    // The windowed layout, even when closed from presentation mode.
    settings.setValue(QStringLiteral("window/geometry"),
                      m_presenting ? m_windowedGeometry : saveGeometry());
    settings.setValue(QStringLiteral("window/state"), m_presenting ? m_windowedState : saveState());
    QMetaObject::invokeMethod(m_worker, "pause", Qt::QueuedConnection);
    event->accept();
}

void MainWindow::receive(const ArenaSnapshot &snapshot)
{
    m_latest = snapshot; // the newest wins; the repaint timer draws it
    m_dirty = true;
}

void MainWindow::repaintIfNew()
{
    if (!m_dirty)
        return;
    m_dirty = false;
    m_maps->showSnapshot(m_latest);
    m_load->showSnapshot(m_latest);
    m_curves->showSnapshot(m_latest);
    m_capacity->showSnapshot(m_latest);
    m_controls->setCosts(m_latest.moe.cost, m_latest.dense.cost);
    updateStatus();
    if (m_lessonDock->isVisible())
        m_lessonPanel->observe(m_latest, m_controls->config());
    if (m_presenting)
        updateHeadline();
    if (!m_latest.message.isEmpty())
        statusBar()->showMessage(m_latest.message);
    emit snapshotShown();
}

void MainWindow::fitMaps()
{
    // The maps are squares side by side, so their width sets the height they can use; a taller
    // panel would leave a blank band under them. Give that band to the charts (or take back
    // what the maps need), up to the maps' default share of the height.
    const int spare = m_maps->spareHeight();
    if (m_userSizedMaps || std::abs(spare) < 4)
        return;
    const QList<int> sizes = m_central->sizes();
    const int total = sizes[0] + sizes[1];
    const int maps = std::clamp(sizes[0] - spare, total / 4, total * 53 / 100);
    if (std::abs(maps - sizes[0]) >= 4)
        m_central->setSizes({maps, total - maps});
}

void MainWindow::updateStatus()
{
    const ArenaSnapshot &s = m_latest;
    m_status->setText(tr("step %1 · epoch %2 · %3 steps/s · %4 · MoE %5 params (%6 "
                         "active), %7 FLOPs/sample"
                         " · dense %8 params, %9 FLOPs/sample")
                          .arg(s.step)
                          .arg(s.epoch)
                          .arg(s.stepsPerSecond, 0, 'f', 0)
                          .arg(s.threads == 1 ? tr("1 thread") : tr("%1 threads").arg(s.threads))
                          .arg(grouped(double(s.moe.cost.totalParams)),
                               grouped(double(s.moe.cost.activeParamsPerSample)),
                               grouped(s.moe.cost.forwardFlopsPerSample),
                               grouped(double(s.dense.cost.totalParams)),
                               grouped(s.dense.cost.forwardFlopsPerSample)));
}

void MainWindow::showError(const QString &what, const QString &message)
{
    auto *box
        = new QMessageBox(QMessageBox::Warning, tr("MoE Lab"),
                          QStringLiteral("%1\n\n%2").arg(what, message), QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace moe::ui
