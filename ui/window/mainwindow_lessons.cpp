// MainWindow's lessons: the Lessons menu and panel, and pointing at the view a step is about.

#include "ui/charts/capacitypanel.h"
#include "ui/controls/controlpanel.h"
#include "ui/lessons/lessonpanel.h"
#include "ui/window/mainwindow.h"
#include "ui/worker/trainingworker.h"

#include <QApplication>
#include <QDockWidget>
#include <QFrame>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTimer>

namespace moe::ui {

void MainWindow::setupLessons()
{
    QVector<Lesson> lessons;
    QString problem;
    try {
        lessons = bundledLessons(QApplication::applicationDirPath());
    } catch (const std::exception &error) { // a broken lesson file must not cost the app
        problem = QString::fromStdString(error.what());
    }
    m_lessonPanel = new LessonPanel(lessons);
    m_lessonDock = new QDockWidget(tr("Lesson"));
    m_lessonDock->setObjectName(QStringLiteral("lessons"));
    m_lessonDock->setWidget(m_lessonPanel);
    m_lessonPanel->setMaximumWidth(380); // the views keep the room; the text wraps
    m_lessonDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable
                              | QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::RightDockWidgetArea, m_lessonDock);
    m_lessonDock->hide();
    connect(m_lessonPanel, &LessonPanel::setUpRequested, this,
            [this](const Experiment &experiment, bool reset, const QString &view) {
                m_controls->apply(experiment);
                if (reset)
                    QMetaObject::invokeMethod(m_worker, "reset", Qt::QueuedConnection);
                QMetaObject::invokeMethod(m_worker, "play", Qt::QueuedConnection);
                if (!view.isEmpty())
                    highlightView(view);
            });

    QMenu *menu = menuBar()->addMenu(tr("&Lessons"));
    for (int i = 0; i < lessons.size(); ++i)
        menu->addAction(lessons[i].title, this, [this, i] {
            m_lessonPanel->showLesson(i);
            m_lessonDock->show();
            m_lessonDock->raise();
        });
    if (lessons.isEmpty())
        menu->addAction(problem.isEmpty() ? tr("(no lessons found)") : tr("(lessons unreadable)"))
            ->setEnabled(false);
    menu->addSeparator();
    menu->addAction(m_lessonDock->toggleViewAction());
    if (!problem.isEmpty())
        QTimer::singleShot(0, this, [this, problem] {
            showError(tr("The lessons could not be read; the rest of MoE Lab works."), problem);
        });
}

void MainWindow::highlightView(const QString &name)
{
    QWidget *target = nullptr;
    for (Exportable *item : m_exportables)
        if (item->exportName() == name)
            target = dynamic_cast<QWidget *>(item);
    for (const auto &chart : m_chartExports) // charts: their view widget
        if (chart->exportName() == name)
            for (QWidget *w : findChildren<QWidget *>())
                if (w->inherits("QChartView") && w->property("moeExportName").toString() == name)
                    target = w;
    if (name == QLatin1String("capacity-vs-compute") || name == QLatin1String("accuracy-vs-compute")
        || name == QLatin1String("time-vs-compute")) {
        m_capacity->setView(
            name.startsWith(QLatin1String("capacity"))       ? CapacityPanel::View::Parameters
                : name.startsWith(QLatin1String("accuracy")) ? CapacityPanel::View::Accuracy
                                                             : CapacityPanel::View::Time);
    }
    if (!target)
        return;
    // Every tab page on the way up becomes the current one.
    for (QWidget *w = target; w && w != this; w = w->parentWidget())
        if (auto *stack = qobject_cast<QStackedWidget *>(w->parentWidget()))
            if (auto *tabs = qobject_cast<QTabWidget *>(stack->parentWidget()))
                tabs->setCurrentWidget(w);
    // A thick outline over the view for a few seconds (orange: visible on light and dark).
    if (!m_highlight) {
        m_highlight = new QFrame(this);
        m_highlight->setAttribute(Qt::WA_TransparentForMouseEvents);
        m_highlight->setStyleSheet(
            QStringLiteral("QFrame { border: 6px solid #E69F00; border-radius: 6px; "
                           "background: transparent; }"));
    }
    QTimer::singleShot(50, this, [this, target] { // after the tab switch has laid it out
        m_highlight->setGeometry(
            QRect(target->mapTo(this, QPoint(0, 0)), target->size()).adjusted(-4, -4, 4, 4));
        m_highlight->show();
        m_highlight->raise();
        QTimer::singleShot(3000, m_highlight, &QWidget::hide);
    });
}

} // namespace moe::ui
