// MainWindow's two arenas: the 2-D arena's views and the Text arena's, one shown at a time, the
// switch between them in the menu bar, and the Text arena's wiring to the window (status line,
// warnings, progress of a corpus being read, presentation headline).

#include "ui/controls/controlpanel.h"
#include "ui/controls/textcontrolpanel.h"
#include "ui/export/arenaviews.h"
#include "ui/text/textarenaviews.h"
#include "ui/text/textworker.h"
#include "ui/window/loadprogress.h"
#include "ui/window/mainwindow.h"
#include "ui/window/presentationmode.h"
#include "ui/window/statusline.h"
#include "ui/window/textarena.h"
#include "ui/window/warning.h"
#include "ui/worker/trainingworker.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QMenuBar>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolButton>

namespace moe::ui {

QWidget *MainWindow::arenaTabs()
{
    m_centre = new QStackedWidget;
    m_centre->addWidget(m_views);
    m_centre->addWidget(m_text->views());
    return m_centre;
}

void MainWindow::placeArenaTabs()
{
    // Two buttons in the menu bar, left of the Export button, one of them down: the views keep
    // the whole central area, and the switch is as tall as the menu bar's other buttons at any
    // font size (presentation mode's too).
    auto *corner = new QWidget;
    auto *row = new QHBoxLayout(corner);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(2);
    auto *group = new QButtonGroup(corner);
    const auto button = [&](const QString &text, const QString &tip, Arena arena) {
        auto *b = new QToolButton;
        b->setText(text);
        b->setToolTip(tip);
        b->setCheckable(true);
        b->setChecked(arena == m_arena);
        b->setObjectName(arena == Arena::Text ? QStringLiteral("textArena")
                                              : QStringLiteral("twoDArena"));
        QFont bold = b->font();
        bold.setBold(true);
        b->setFont(bold);
        group->addButton(b, int(arena));
        row->addWidget(b);
        return b;
    };
    m_arenaButtons[0] = button(tr("2-D arena"),
                               tr("Points in the plane: watch the router divide it."), Arena::TwoD);
    m_arenaButtons[1] = button(tr("Text arena"),
                               tr("A tiny MoE language model: watch it route tokens and learn to "
                                  "write."),
                               Arena::Text);
    connect(group, &QButtonGroup::idClicked, this, [this](int id) { showArena(Arena(id)); });
    if (QWidget *old = menuBar()->cornerWidget())
        row->addWidget(old);
    menuBar()->setCornerWidget(corner);
}

void MainWindow::connectTextArena()
{
    new LoadProgress(this, m_text->worker()); // a corpus read with progress and Cancel
    connect(m_text, &TextArena::snapshotShown, this, [this] {
        if (m_arena != Arena::Text)
            return;
        m_status->setFigures(m_text->statusText());
        if (m_presentation->isOn())
            m_presentation->updateHeadline();
        if (!m_text->latest().message.isEmpty())
            statusBar()->showMessage(m_text->latest().message);
        emit snapshotShown();
    });
    connect(m_text, &TextArena::errorOccurred, this, [this](const QString &message) {
        showWarning(this, tr("That setting could not be used; the current run goes on."), message);
    });
    connect(m_text, &TextArena::fileDone, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });
    connect(m_text, &TextArena::fileFailed, this, [this](const QString &message) {
        showWarning(this, tr("The file could not be used; nothing changed."), message);
    });
    connect(m_text, &TextArena::busy, this, [this](const QString &what) {
        if (what.isEmpty())
            statusBar()->clearMessage();
        else
            statusBar()->showMessage(what);
    });
}

void MainWindow::showArena(Arena arena)
{
    if (arena == m_arena)
        return;
    m_arena = arena;
    const bool text = arena == Arena::Text;
    m_arenaButtons[text ? 1 : 0]->setChecked(true);
    m_centre->setCurrentIndex(text ? 1 : 0);
    m_controlStack->setCurrentIndex(text ? 1 : 0);
    m_presentation->arenaChanged();
    // One run trains at a time: the cores go to the arena on screen. The arena left pauses; one
    // that was playing when it was left plays again when it comes back.
    if (text) {
        m_resumeTwoD = m_playing;
        QMetaObject::invokeMethod(m_worker, &TrainingWorker::pause, Qt::QueuedConnection);
        m_text->activate(m_autoplay || m_resumeText);
        m_autoplay = false; // only the first visit starts by itself
        setWindowTitle(tr("%1 - MoE Lab").arg(m_text->controls()->config().corpus.c_str()));
    } else {
        m_resumeText = m_text->playing();
        m_text->pause();
        if (m_resumeTwoD)
            QMetaObject::invokeMethod(m_worker, &TrainingWorker::play, Qt::QueuedConnection);
        showDatasetInTitle(m_controls->config());
        m_dirty = true; // the status line shows the 2-D run again
    }
}

} // namespace moe::ui
