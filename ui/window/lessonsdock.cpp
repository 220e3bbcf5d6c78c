#include "ui/window/lessonsdock.h"

#include "ui/controls/controlpanel.h"
#include "ui/export/arenaviews.h"
#include "ui/lessons/lessonpanel.h"
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
    connect(
        m_panel, &LessonPanel::setUpRequested, this,
        [this, controls, worker](const Experiment &experiment, bool reset, const QString &view) {
            controls->apply(experiment);
            if (reset)
                QMetaObject::invokeMethod(worker, &TrainingWorker::reset, Qt::QueuedConnection);
            QMetaObject::invokeMethod(worker, &TrainingWorker::play, Qt::QueuedConnection);
            if (!view.isEmpty())
                highlightView(view);
        });

    QMenu *menu = window->menuBar()->addMenu(tr("&Lessons"));
    for (int i = 0; i < lessons.size(); ++i)
        menu->addAction(lessons[i].title, this, [this, i] {
            m_panel->showLesson(i);
            m_dock->show();
            m_dock->raise();
        });
    if (lessons.isEmpty())
        menu->addAction(problem.isEmpty() ? tr("(no lessons found)") : tr("(lessons unreadable)"))
            ->setEnabled(false);
    menu->addSeparator();
    menu->addAction(m_dock->toggleViewAction());
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

void LessonsDock::highlightView(const QString &name)
{
    QWidget *target = m_views->bringToFront(name);
    if (!target)
        return;
    // A thick outline over the view for a few seconds (orange: visible on light and dark).
    if (!m_highlight) {
        m_highlight = new QFrame(m_window);
        m_highlight->setAttribute(Qt::WA_TransparentForMouseEvents);
        m_highlight->setStyleSheet(
            QStringLiteral("QFrame { border: 6px solid #E69F00; border-radius: 6px; "
                           "background: transparent; }"));
    }
    QTimer::singleShot(50, this, [this, target] { // after the tab switch has laid it out
        m_highlight->setGeometry(
            QRect(target->mapTo(m_window, QPoint(0, 0)), target->size()).adjusted(-4, -4, 4, 4));
        m_highlight->show();
        m_highlight->raise();
        QTimer::singleShot(3000, m_highlight, &QWidget::hide);
    });
}

} // namespace moe::ui
