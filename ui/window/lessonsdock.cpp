#include "ui/window/lessonsdock.h"

#include "ui/controls/controlpanel.h"
#include "ui/export/arenaviews.h"
#include "ui/lessons/lessonpanel.h"
#include "ui/window/dockplacement.h"
#include "ui/window/warning.h"
#include "ui/worker/trainingworker.h"

#include <QApplication>
#include <QDockWidget>
#include <QFrame>
#include <QMainWindow>
#include <QMenuBar>
#include <QTimer>

namespace moe::ui {

LessonsDock::LessonsDock(QMainWindow *window, ArenaViews *views, ControlPanel *controls,
                         TrainingWorker *worker)
    : QObject(window)
    , m_window(window)
    , m_views(views)
{
    QVector<Lesson> lessons;
    QString problem;
    try {
        lessons = bundledLessons(QApplication::applicationDirPath());
    } catch (const std::exception &error) { // a broken lesson file must not cost the app
        problem = QString::fromStdString(error.what());
    }
    m_panel = new LessonPanel(lessons);
    m_dock = new QDockWidget(tr("Lesson"));
    m_dock->setObjectName(QStringLiteral("lessons"));
    m_dock->setWidget(m_panel);
    m_panel->setMaximumWidth(380); // the views keep the room; the text wraps
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
    if (lessons.isEmpty())
        menu->addAction(problem.isEmpty() ? tr("(no lessons found)") : tr("(lessons unreadable)"))
            ->setEnabled(false);
    menu->addSeparator();
    QAction *toggle = m_dock->toggleViewAction();
    menu->addAction(toggle);
    connect(toggle, &QAction::triggered, this, [this](bool on) {
        if (on)
            showDock(); // where it fits
    });
    if (!problem.isEmpty())
        QTimer::singleShot(0, this, [this, problem] {
            showWarning(m_window, tr("The lessons could not be read; the rest of MoE Lab works."),
                        problem);
        });
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

void LessonsDock::highlightView(const QString &name)
{
    QWidget *target = m_views->bringToFront(name);
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
    if (!m_highlight->isVisible()) {
        m_highlight->show();
        m_highlight->raise();
    }
}

} // namespace moe::ui
