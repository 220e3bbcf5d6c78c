#include "ui/window/mainwindow.h"

#include "core/base/parallel.h"
#include "files/experiment.h"
#include "ui/charts/curvespanel.h"
#include "ui/charts/expertloadpanel.h"
#include "ui/controls/controlpanel.h"
#include "ui/controls/textcontrolpanel.h"
#include "ui/export/arenaviews.h"
#include "ui/lessons/lessonpanel.h"
#include "ui/maps/mapspanel.h"
#include "ui/style/livelabel.h"
#include "ui/style/numberformat.h"
#include "ui/style/theme.h"
#include "ui/text/textarenaviews.h"
#include "ui/text/textworker.h"
#include "ui/window/exportmenus.h"
#include "ui/window/filemenu.h"
#include "ui/window/helpmenu.h"
#include "ui/window/inputpathdock.h"
#include "ui/window/lessonsdock.h"
#include "ui/window/loadprogress.h"
#include "ui/window/presentationmode.h"
#include "ui/window/shortcutkeys.h"
#include "ui/window/statusline.h"
#include "ui/window/sweepcontrol.h"
#include "ui/window/textarena.h"
#include "ui/window/tour.h"
#include "ui/window/warning.h"
#include "ui/worker/trainingworker.h"

#include <QButtonGroup>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QMenuBar>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QShortcut>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolButton>
#include <algorithm>

namespace moe::ui {

MainWindow::MainWindow(bool autoplay, QWidget *parent)
    : QMainWindow(parent)
    , m_worker(new TrainingWorker)
    , m_controls(new ControlPanel)
    , m_views(new ArenaViews)
    , m_controlsDock(new QDockWidget(tr("Controls")))
{
    setWindowTitle(tr("MoE Lab"));
    m_autoplay = autoplay;
    // Training gets every core but one: the UI thread keeps a core of its own, and OpenMP threads
    // that spin between parallel regions would otherwise steal it (on 2 cores: 1 training thread).
    m_threads = std::max(1, availableThreads() - 1);
    m_text = new TextArena(this, m_threads);
    setCentralWidget(arenaTabs());
    auto *scroll = new QScrollArea;
    scroll->setWidget(m_controls);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // A scroll area would let the dock shrink until its buttons are cut off (the lesson dock
    // beside it at 1280x720, or a saved layout from then): never narrower than the controls
    // need, with room for the vertical scroll bar.
    scroll->setMinimumWidth(m_controls->minimumSizeHint().width()
                            + scroll->verticalScrollBar()->sizeHint().width()
                            + 2 * scroll->frameWidth());
    m_controlsDock->setObjectName(QStringLiteral("controls"));
    auto *textScroll = new QScrollArea;
    textScroll->setWidget(m_text->controls());
    textScroll->setWidgetResizable(true);
    textScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // The dock keeps the 2-D controls' width whichever arena shows.
    textScroll->setMinimumWidth(scroll->minimumWidth());
    textScroll->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
    m_controlStack = new QStackedWidget;
    m_controlStack->addWidget(scroll);
    m_controlStack->addWidget(textScroll);
    m_controlsDock->setWidget(m_controlStack);
    m_controlsDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, m_controlsDock);
    m_status = new StatusLine(statusBar());
    connectWorker();
    connectTextArena();
    m_sweep = new SweepControl(this, m_views, m_controls, m_worker, m_threads);
    connect(m_sweep, &SweepControl::finished, this, &MainWindow::sweepFinished);
    // The menus, in the menu bar's order.
    m_files = new FileMenu(this, m_controls, m_worker);
    auto *exports = new ExportMenus(this, m_views, m_controls, m_latest);
    exports->addTextArena(m_text, [this] { return m_arena == Arena::Text; });
    placeArenaTabs();
    m_lessons = new LessonsDock(this, m_views, m_controls, m_worker);
    m_lessons->setTextArena(
        m_text, [this] { showArena(Arena::Text); }, [this] { showArena(Arena::TwoD); });
    m_presentation = new PresentationMode(this, m_controls, m_controlsDock, m_views, m_latest);
    m_presentation->setTextArena(m_text, [this] { return m_arena == Arena::Text; });
    m_inputPath = new InputPathDock(this, maps(), m_worker, m_latest); // into the View menu
    connect(maps(), &MapsPanel::expertsHovered, load(), &ExpertLoadPanel::setHighlightedExperts);
    addHelpMenu(this, m_views->exportables(), [this] { startTour(); });
    m_files->addRestoreDefaults([this] { restoreDefaults(); });
    m_files->setTextArena(
        m_text, [this] { return m_arena == Arena::Text; }, [this] { showArena(Arena::Text); });
    addShortcuts();

    m_repaint.setInterval(33);
    connect(&m_repaint, &QTimer::timeout, this, &MainWindow::repaintIfNew);
    m_repaint.start();

    m_defaultState = saveState();
    QSettings settings;
    restoreCurveView(settings);
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 720);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());

    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, threads = m_threads] { worker->setThreads(threads); },
        Qt::QueuedConnection);
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, config = m_controls->config()] { worker->configure(config); },
        Qt::QueuedConnection);
    showDatasetInTitle(m_controls->config());
    if (autoplay)
        QMetaObject::invokeMethod(m_worker, &TrainingWorker::play, Qt::QueuedConnection);
}

MainWindow::~MainWindow()
{
    delete m_sweep;            // cancels the sweep (it stops within one training step) and waits
    m_worker->cancelLoading(); // a CSV file being read stops within a megabyte
    m_thread.quit(); // the worker finishes its current slice (<= ~25 ms) and is deleted there
    m_thread.wait();
}

void MainWindow::restoreCurveView(QSettings &settings)
{
    // View settings, like the theme: kept between sessions, not in experiment files (they change
    // what is drawn, not what is trained). Smoothing starts at TensorBoard's 0.6.
    CurvesPanel *panel = curves();
    panel->setSmoothing(
        settings.value(QStringLiteral("view/smoothing"), CurvesPanel::kDefaultSmoothing)
            .toDouble());
    panel->setLogSteps(settings.value(QStringLiteral("view/logSteps"), false).toBool());
    connect(panel, &CurvesPanel::viewChanged, this, [panel] {
        QSettings saved;
        saved.setValue(QStringLiteral("view/smoothing"), panel->smoothing());
        saved.setValue(QStringLiteral("view/logSteps"), panel->logSteps());
    });
}

void MainWindow::connectWorker()
{
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_controls, &ControlPanel::configChanged, this, [this](const ArenaConfig &config) {
        m_worker->submit(config);
        showDatasetInTitle(config);
    });
    connect(m_controls, &ControlPanel::stepRequested, m_worker, &TrainingWorker::stepOnce);
    connect(m_controls, &ControlPanel::resetRequested, m_worker, &TrainingWorker::reset);
    connect(m_controls, &ControlPanel::trainOnRequested, this, [this] {
        QMetaObject::invokeMethod(m_worker, &TrainingWorker::play, Qt::QueuedConnection);
    });
    connect(m_controls, &ControlPanel::playToggled, this, [this] {
        QMetaObject::invokeMethod(m_worker,
                                  m_playing ? &TrainingWorker::pause : &TrainingWorker::play,
                                  Qt::QueuedConnection);
    });
    connect(m_worker, &TrainingWorker::snapshotReady, this, [this](const ArenaSnapshot &snapshot) {
        m_latest = snapshot; // the newest wins; the repaint timer draws it
        m_dirty = true;
    });
    connect(m_worker, &TrainingWorker::errorOccurred, this,
            [this](const QString &message, const ArenaConfig &running) {
                m_controls->showRunning(running); // back to what is really training
                showDatasetInTitle(running);
                showWarning(this, tr("That setting could not be used; the current run goes on."),
                            message);
            });
    connect(m_worker, &TrainingWorker::playingChanged, this, [this](bool playing) {
        m_playing = playing;
        m_controls->setPlaying(playing);
    });
    connect(m_worker, &TrainingWorker::configAdopted, this, [this](const ArenaConfig &config) {
        m_controls->showRunning(config);
        showDatasetInTitle(config);
    });
    m_loadProgress = new LoadProgress(this, m_worker);
    connect(m_worker, &TrainingWorker::loadCancelled, this, [this](const ArenaConfig &running) {
        m_controls->showRunning(running); // back to the dataset that is still training
        showDatasetInTitle(running);
        statusBar()->showMessage(tr("Loading cancelled; the current run goes on."), 8000);
    });
    connect(m_worker, &TrainingWorker::fileDone, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });
    connect(m_worker, &TrainingWorker::fileFailed, this, [this](const QString &message) {
        showWarning(this, tr("The file could not be used; nothing changed."), message);
    });
    m_thread.start();
}

void MainWindow::showDatasetInTitle(const ArenaConfig &config)
{
    // A CSV by its file name (the full path is the dataset list's tooltip).
    const QString name = QFileInfo(QString::fromStdString(config.dataset.name)).fileName();
    setWindowTitle(tr("%1 - MoE Lab").arg(name));
}

void MainWindow::addShortcuts()
{
    const auto shortcut = [this](const QKeySequence &key, auto slot) {
        connect(new QShortcut(key, this), &QShortcut::activated, this, slot);
    };
    const auto text = [this] { return m_arena == Arena::Text; };
    shortcut(Qt::Key_Space,
             [this, text] { text() ? m_text->togglePlay() : emit m_controls->playToggled(); });
    shortcut(Qt::Key_S,
             [this, text] { text() ? m_text->step() : emit m_controls->stepRequested(); });
    shortcut(Qt::Key_R,
             [this, text] { text() ? m_text->reset() : emit m_controls->resetRequested(); });
    new ShortcutKeys(this); // the keys above work whatever control has focus
}

MapsPanel *MainWindow::maps() const
{
    return m_views->maps();
}

ExpertLoadPanel *MainWindow::load() const
{
    return m_views->load();
}

CurvesPanel *MainWindow::curves() const
{
    return m_views->curves();
}

CapacityPanel *MainWindow::capacity() const
{
    return m_views->capacity();
}

const std::vector<Exportable *> &MainWindow::exportables() const
{
    return m_views->exportables();
}

void MainWindow::showCapacityView()
{
    m_views->showCapacityView();
}

void MainWindow::openFile(const QString &path)
{
    m_files->openFile(path);
}

void MainWindow::startSweep(int stepsPerRun)
{
    m_sweep->start(stepsPerRun);
}

bool MainWindow::sweepRunning() const
{
    return m_sweep->running();
}

void MainWindow::highlightView(const QString &name)
{
    m_lessons->highlightView(name);
}

LessonPanel *MainWindow::lessons() const
{
    return m_lessons->panel();
}

void MainWindow::showLessons()
{
    m_lessons->showDock();
}

void MainWindow::startTour()
{
    if (!m_tour)
        m_tour = new Tour(
            this,
            {{m_controlsDock, tr("The controls"),
              tr("<b>Play</b> (Space) trains both networks side by side, <b>Step</b> (S) trains "
                 "one step, <b>Reset</b> (R) starts again. Change any setting while they train: "
                 "the number of experts E, top-k, the router, the capacity...")},
             {maps(), tr("What each network predicts"),
              tr("Left, the dense network; next, the Mixture of Experts at the same compute per "
                 "sample; then which expert the router sends each point to. The background is "
                 "the prediction, the dots are the data.")},
             {load(), tr("How the router shares the work"),
              tr("How many inputs each expert took in recent training steps, and how many it "
                 "dropped because it was full (with a capacity limit set).")},
             {curves(), tr("Which one learns better"),
              tr("Loss and accuracy of both networks as they train. The <b>Lessons</b> menu "
                 "walks you through what to look for, one step at a time.")}});
    m_tour->start();
}

void MainWindow::restoreDefaults()
{
    setPresentationMode(false);
    // The layout the app opens with the first time, and the view options at their defaults.
    QSettings settings;
    for (const QString &group : {QStringLiteral("window"), QStringLiteral("view")})
        settings.remove(group);
    restoreState(m_defaultState);
    m_lessons->hideDock();
    curves()->setSmoothing(CurvesPanel::kDefaultSmoothing);
    curves()->setLogSteps(false);
    applyTheme(Theme::Light, this);
    // The classroom demo, on fresh models.
    m_controls->apply(classroomDemo());
    QMetaObject::invokeMethod(m_worker, &TrainingWorker::reset, Qt::QueuedConnection);
    statusBar()->showMessage(tr("Settings, layout and view options are back to their defaults."),
                             8000);
}

void MainWindow::setPresentationMode(bool on)
{
    m_presentation->setOn(on);
}

bool MainWindow::presenting() const
{
    return m_presentation->isOn();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    // The windowed layout, even when closed from presentation mode.
    const bool on = m_presentation->isOn();
    settings.setValue(QStringLiteral("window/geometry"),
                      on ? m_presentation->windowedGeometry() : saveGeometry());
    settings.setValue(QStringLiteral("window/state"),
                      on ? m_presentation->windowedState() : saveState());
    QMetaObject::invokeMethod(m_worker, &TrainingWorker::pause, Qt::QueuedConnection);
    event->accept();
}

void MainWindow::repaintIfNew()
{
    if (!m_dirty || m_arena == Arena::Text)
        return;
    m_dirty = false;
    m_views->showSnapshot(m_latest);
    m_controls->setCosts(m_latest.moe.cost, m_latest.dense.cost);
    updateStatus();
    if (m_lessons->isShown())
        m_lessons->panel()->observe(m_latest, m_controls->config());
    if (m_presentation->isOn())
        m_presentation->updateHeadline();
    showBudget();
    if (!m_latest.message.isEmpty())
        statusBar()->showMessage(m_latest.message);
    emit snapshotShown();
}

void MainWindow::showBudget()
{
    // The note and Train on in the dock while the run is paused at its step budget (the status
    // bar shows the snapshot's message); both go when it trains on.
    m_controls->setAtBudget(m_latest.atBudget, m_latest.stopAt);
    if (m_latest.atBudget == m_budgetShown)
        return;
    if (m_budgetShown && m_latest.message.isEmpty())
        statusBar()->clearMessage();
    m_budgetShown = m_latest.atBudget;
}

void MainWindow::updateStatus()
{
    const ArenaSnapshot &s = m_latest;
    const QString step = s.stopAt > 0
        ? tr("step %1 of %2").arg(grouped(double(s.step)), grouped(double(s.stopAt)))
        : tr("step %1").arg(grouped(double(s.step)));
    m_status->setFigures(tr("%1 · epoch %2 · %3 steps/s · %4 · MoE %5 params (%6 "
                            "active), %7 FLOPs/sample"
                            " · dense %8 params, %9 FLOPs/sample")
                             .arg(step)
                             .arg(s.epoch)
                             .arg(s.stepsPerSecond, 0, 'f', 0)
                             .arg(s.threads == 1 ? tr("1 thread") : tr("%1 threads").arg(s.threads))
                             .arg(grouped(double(s.moe.cost.totalParams)),
                                  grouped(double(s.moe.cost.activeParamsPerSample)),
                                  grouped(s.moe.cost.forwardFlopsPerSample),
                                  grouped(double(s.dense.cost.totalParams)),
                                  grouped(s.dense.cost.forwardFlopsPerSample)));
}

} // namespace moe::ui
