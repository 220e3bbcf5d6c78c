#include "ui/window/inputpathdock.h"

#include "ui/maps/inputpathpanel.h"
#include "ui/maps/mapspanel.h"
#include "ui/window/dockplacement.h"
#include "ui/worker/trainingworker.h"

#include <QCoreApplication>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenuBar>
#include <QScrollArea>
#include <QShortcut>
#include <limits>

namespace moe::ui {

namespace {
constexpr double kSnapPixels = 6.0; // a sample this close to the mouse is the one followed

bool sameInput(const TraceRequest &a, const TraceRequest &b)
{
    return a.active == b.active && a.sample == b.sample && (a.sample >= 0 || a.point == b.point);
}
} // namespace

InputPathDock::InputPathDock(QMainWindow *window, MapsPanel *maps, TrainingWorker *worker,
                             const ArenaSnapshot &latest)
    : QObject(window)
    , m_window(window)
    , m_maps(maps)
    , m_panel(new InputPathPanel)
    , m_scroll(new QScrollArea)
    , m_dock(new QDockWidget(tr("Follow one input")))
    , m_worker(worker)
    , m_latest(latest)
{
    m_scroll->setWidget(m_panel);
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setMinimumWidth(320);
    m_dock->setObjectName(QStringLiteral("inputPath"));
    m_dock->setWidget(m_scroll);
    m_dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable
                        | QDockWidget::DockWidgetClosable);
    window->addDockWidget(Qt::RightDockWidgetArea, m_dock);
    m_dock->hide();
    QAction *toggle = m_dock->toggleViewAction();
    toggle->setShortcut(QKeySequence(Qt::Key_F));
    toggle->setToolTip(tr("The path of one input through the MoE: hover or click a map."));
    window->addAction(toggle); // the F shortcut works wherever the action is listed
    connect(toggle, &QAction::triggered, this, [this](bool on) {
        if (on)
            showDockWhereItFits(m_window, m_dock);
    });
    for (QAction *menu : window->menuBar()->actions())
        if (menu->menu() && menu->text() == tr("&View"))
            menu->menu()->addAction(toggle);
    connect(m_dock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (!visible && !m_dock->isVisible())
            unpin(); // closed: the worker stops tracing
    });
    connect(maps, &MapsPanel::planePointed, this, &InputPathDock::pointed);
    connect(maps, &MapsPanel::planeLeft, this, [this] {
        if (!m_panel->pinned() && m_request.active) {
            m_request.active = false; // the panel keeps the last trace; live updates stop
            follow(m_request);
        }
    });
    connect(new QShortcut(QKeySequence(Qt::Key_Escape), window), &QShortcut::activated, this,
            &InputPathDock::unpin);
    connect(worker, &TrainingWorker::traceReady, this, &InputPathDock::showTrace);
    connect(worker, &TrainingWorker::snapshotReady, this, &InputPathDock::dataChanged);
}

TraceRequest InputPathDock::requestAt(QPointF point, double unitsPerPixel) const
{
    TraceRequest request;
    request.active = true;
    request.point = point;
    const DataPoints &p = m_latest.points;
    const QVector<QPointF> all = p.train + p.test;
    double best = std::numeric_limits<double>::max();
    for (qsizetype i = 0; i < all.size(); ++i) {
        const QPointF d = all[i] - point;
        const double distance = d.x() * d.x() + d.y() * d.y();
        if (distance < best) {
            best = distance;
            request.sample = int(i);
        }
    }
    const double snap = kSnapPixels * unitsPerPixel;
    if (!p.projected && best > snap * snap)
        request.sample = -1; // between the samples: the point of the plane itself
    return request;
}

QPointF InputPathDock::drawnAt(const TraceRequest &request) const
{
    const DataPoints &p = m_latest.points;
    if (request.sample < 0)
        return request.point;
    return request.sample < p.train.size() ? p.train[request.sample]
                                           : p.test.value(request.sample - p.train.size());
}

void InputPathDock::pointed(QPointF point, double unitsPerPixel, bool clicked)
{
    if (clicked) {
        if (m_panel->pinned())
            unpin();
        else
            pinAt(point, unitsPerPixel);
        return;
    }
    if (m_panel->pinned() || !m_dock->isVisible())
        return;
    const TraceRequest request = requestAt(point, unitsPerPixel);
    if (!sameInput(request, m_request))
        follow(request);
}

void InputPathDock::dataChanged(const ArenaSnapshot &snapshot)
{
    if (snapshot.datasetKey == m_dataKey)
        return;
    m_dataKey = snapshot.datasetKey;
    if (m_panel->pinned()) // the window's latest snapshot is this one already (connected first)
        follow(requestAt(m_pinnedAt, m_pinnedPerPixel));
}

void InputPathDock::pinAt(QPointF point, double unitsPerPixel)
{
    m_pinnedAt = point;
    m_pinnedPerPixel = unitsPerPixel;
    // Placed first (a tab over the controls on a narrow screen): moving the dock hides it for a
    // moment, which would unpin the input.
    showDockWhereItFits(m_window, m_dock);
    m_panel->setPinned(true);
    follow(requestAt(point, unitsPerPixel));
}

void InputPathDock::unpin()
{
    if (!m_panel->pinned())
        return;
    m_panel->setPinned(false);
    m_request.active = false;
    follow(m_request);
}

void InputPathDock::follow(const TraceRequest &request)
{
    m_request = request;
    if (m_maps)
        m_maps->setFollowMarker(request.active ? std::optional(drawnAt(request)) : std::nullopt);
    if (!m_worker)
        return;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker.data(), request] { worker->follow(request); },
        Qt::QueuedConnection);
}

void InputPathDock::showTrace(const TraceSnapshot &trace)
{
    // Answers to requests since replaced (the mouse moved on) are dropped.
    if (!m_request.active || !sameInput(trace.request, m_request))
        return;
    m_panel->showTrace(trace);
    // The panel's height follows its texts (wrapped labels, one view per block); the scroll
    // area sizes its widget only when asked to lay out again.
    QCoreApplication::postEvent(m_scroll, new QEvent(QEvent::LayoutRequest));
}

} // namespace moe::ui
