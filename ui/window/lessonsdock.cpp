#include "ui/window/lessonsdock.h"

#include "ui/controls/controlpanel.h"
#include "ui/controls/textcontrolpanel.h"
#include "ui/export/arenaviews.h"
#include "ui/lessons/lessonpanel.h"
#include "ui/text/textarenaviews.h"
#include "ui/window/dockplacement.h"
#include "ui/window/textarena.h"
#include "ui/window/warning.h"
#include "ui/worker/trainingworker.h"

#include <QApplication>
#include <QDockWidget>
#include <QEvent>
#include <QFrame>
#include <QMainWindow>
#include <QMenuBar>
#include <QTimer>
#include <algorithm>

namespace moe::ui {

namespace {
// The file a lesson problem is about: its message starts with the path or the file name
// ("/.../03-payoff.json: steps[2] ..."); the folder's own problem has none.
QString unreadableName(const QString &problem)
{
    const qsizetype json = problem.indexOf(QStringLiteral(".json"));
    if (json < 0)
        return QStringLiteral("the lessons folder");
    const QString path = problem.left(json + 5);
    return path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
}
} // namespace

LessonsDock::LessonsDock(QMainWindow *window, ArenaViews *views, ControlPanel *controls,
                         TrainingWorker *worker)
    : QObject(window)
    , m_window(window)
    , m_views(views)
{
    // A broken lesson file costs only itself: the others load, and it is named.
    const LessonShelf shelf = readBundledLessons(QApplication::applicationDirPath());
    const QVector<Lesson> &lessons = shelf.lessons;
    m_panel = new LessonPanel(lessons);
    m_panel->showProblems(shelf.problems);
    connect(worker, &TrainingWorker::errorOccurred, m_panel, &LessonPanel::settingsRefused);
    connect(m_panel, &LessonPanel::stepRefused, this, [worker] {
        QMetaObject::invokeMethod(worker, &TrainingWorker::pause, Qt::QueuedConnection);
    });
    m_dock = new QDockWidget(tr("Lesson"));
    m_dock->setObjectName(QStringLiteral("lessons"));
    m_dock->setWidget(m_panel);
    fitPanelWidth();
    window->installEventFilter(this);
    m_panel->installEventFilter(this);
    m_dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable
                        | QDockWidget::DockWidgetClosable);
    window->addDockWidget(Qt::RightDockWidgetArea, m_dock);
    m_dock->hide();
    connect(m_panel, &LessonPanel::setUpRequested, this,
            [this, controls, worker](const Experiment &experiment, const QString &view) {
                controls->apply(experiment);
                // Fresh models even when nothing structural changed: the step starts over.
                QMetaObject::invokeMethod(worker, &TrainingWorker::reset, Qt::QueuedConnection);
                QMetaObject::invokeMethod(worker, &TrainingWorker::play, Qt::QueuedConnection);
                if (!view.isEmpty())
                    highlightView(view);
            });
    connect(m_panel, &LessonPanel::stepLeft, this, [this] {
        m_target = nullptr;
        if (m_highlight)
            m_highlight->hide();
        if (m_follow)
            m_follow->stop();
    });

    QMenu *menu = window->menuBar()->addMenu(tr("&Lessons"));
    for (int i = 0; i < lessons.size(); ++i)
        menu->addAction(lessons[i].title, this, [this, i] {
            m_panel->showLesson(i);
            showDock();
        });
    for (const QString &problem : shelf.problems) // "(could not read 03-payoff.json)"
        menu->addAction(tr("(could not read %1)").arg(unreadableName(problem)))->setEnabled(false);
    menu->addSeparator();
    QAction *toggle = m_dock->toggleViewAction();
    menu->addAction(toggle);
    connect(toggle, &QAction::triggered, this, [this](bool on) {
        if (on)
            showDock(); // where it fits
    });
    if (!shelf.problems.isEmpty())
        QTimer::singleShot(0, this, [this, problems = shelf.problems, any = !lessons.isEmpty()] {
            showWarning(m_window,
                        any ? tr("%n lesson file(s) could not be read; the other lessons and the "
                                 "rest of MoE Lab work.",
                                 nullptr, int(problems.size()))
                            : tr("The lessons could not be read; the rest of MoE Lab works."),
                        problems.join(QLatin1Char('\n')));
        });
}

bool LessonsDock::eventFilter(QObject *watched, QEvent *event)
{
    if ((watched == m_window && event->type() == QEvent::Resize)
        || (watched == m_panel && event->type() == QEvent::FontChange))
        fitPanelWidth();
    return QObject::eventFilter(watched, event);
}

void LessonsDock::fitPanelWidth()
{
    // The views keep most of the window; the lesson's text wraps. About 50 characters a line
    // (22 line heights: 380 pixels at the usual font), but never more than 30% of the window: on
    // a 1280-pixel projector in presentation mode the larger text wraps sooner instead of taking
    // the room of the maps.
    const int lineHeight = m_panel->fontMetrics().height();
    const int limit = std::min(22 * lineHeight, std::max(m_window->width() * 3 / 10, 240));
    if (limit != m_panel->maximumWidth())
        m_panel->setWidthLimit(limit);
}

bool LessonsDock::isShown() const
{
    return m_dock->isVisible();
}

void LessonsDock::hideDock()
{
    m_dock->hide();
    emit m_panel->stepLeft(); // its outline goes with it
}

void LessonsDock::showDock()
{
    showDockWhereItFits(m_window, m_dock);
}

void LessonsDock::setTextArena(TextArena *text, std::function<void()> show,
                               std::function<void()> showTwoD)
{
    m_text = text;
    connect(m_panel, &LessonPanel::setUpRequested, this, std::move(showTwoD));
    connect(m_panel, &LessonPanel::textSetUpRequested, this,
            [this, text, show](const TextExperiment &experiment, const QString &view) {
                show();
                text->controls()->apply(experiment);
                text->reset();
                text->play();
                if (!view.isEmpty())
                    highlightView(view);
            });
    connect(text, &TextArena::snapshotShown, this, [this, text] {
        if (isShown())
            m_panel->observeText(text->latest(), text->controls()->config());
    });
    connect(text, &TextArena::errorOccurred, m_panel, &LessonPanel::settingsRefused);
}

void LessonsDock::highlightView(const QString &name)
{
    QWidget *target = m_text && name.startsWith(QLatin1String("text-"))
        ? m_text->views()->bringToFront(name)
        : m_views->bringToFront(name);
    if (!target)
        return;
    // A thick outline over the view (orange: visible on light and dark).
    if (!m_highlight) {
        m_highlight = new QFrame(m_window);
        m_highlight->setAttribute(Qt::WA_TransparentForMouseEvents);
        m_highlight->setStyleSheet(
            QStringLiteral("QFrame { border: 6px solid #E69F00; border-radius: 6px; "
                           "background: transparent; }"));
    }
    m_target = target;
    if (!m_follow) {
        m_follow = new QTimer(this);
        m_follow->setInterval(250);
        connect(m_follow, &QTimer::timeout, this, &LessonsDock::followTarget);
    }
    m_follow->start();
    QTimer::singleShot(50, this, &LessonsDock::followTarget); // after the tab switch's layout
}

void LessonsDock::followTarget()
{
    if (!m_target || !m_highlight)
        return;
    if (!m_target->isVisible() || !m_dock->isVisible()) { // another tab in front, or the lesson
                                                          // closed: the outline waits
        m_highlight->hide();
        return;
    }
    const QRect area
        = QRect(m_target->mapTo(m_window, QPoint(0, 0)), m_target->size()).adjusted(-4, -4, 4, 4);
    if (m_highlight->geometry() != area)
        m_highlight->setGeometry(area);
    m_highlight->show();
    // Above every other child of the window: docks and panels shown (or re-docked) after the
    // outline would otherwise cover it.
    if (m_window->children().constLast() != m_highlight)
        m_highlight->raise();
}

} // namespace moe::ui
