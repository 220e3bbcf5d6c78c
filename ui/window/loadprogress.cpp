#include "ui/window/loadprogress.h"

#include "ui/text/textworker.h"
#include "ui/worker/trainingworker.h"

#include <QFileInfo>
#include <QProgressDialog>

namespace moe::ui {

namespace {
constexpr int kSteps = 1000; // the dialog's range: tenths of a percent
} // namespace

LoadProgress::LoadProgress(QWidget *window, TrainingWorker *worker)
    : QObject(window)
    , m_window(window)
    , m_cancel([worker] { worker->cancelLoading(); })
{
    // Queued: the worker emits on its own thread.
    connect(worker, &TrainingWorker::loadingStarted, this, &LoadProgress::started);
    connect(worker, &TrainingWorker::loadingProgress, this, &LoadProgress::progressed);
    connect(worker, &TrainingWorker::loadingFinished, this, &LoadProgress::finished);
}

LoadProgress::LoadProgress(QWidget *window, TextWorker *worker)
    : QObject(window)
    , m_window(window)
    , m_cancel([worker] { worker->cancelLoading(); })
{
    connect(worker, &TextWorker::loadingStarted, this, &LoadProgress::started);
    connect(worker, &TextWorker::loadingProgress, this, &LoadProgress::progressed);
    connect(worker, &TextWorker::loadingStage, this, &LoadProgress::staged);
    connect(worker, &TextWorker::loadingFinished, this, &LoadProgress::finished);
}

void LoadProgress::staged(const QString &stage)
{
    if (m_dialog && !m_dialog->wasCanceled())
        m_dialog->setLabelText(tr("Reading %1: %2...").arg(m_name, stage));
}

void LoadProgress::started(const QString &path)
{
    finished(); // a dialog left from a load whose end is still queued
    m_name = QFileInfo(path).fileName();
    m_dialog
        = new QProgressDialog(tr("Reading %1...").arg(m_name), tr("Cancel"), 0, kSteps, m_window);
    m_dialog->setObjectName(QStringLiteral("loadProgress"));
    m_dialog->setWindowTitle(tr("Loading data"));
    m_dialog->setWindowModality(Qt::NonModal); // the window stays usable while the file loads
    m_dialog->setAutoClose(false);
    m_dialog->setAutoReset(false);
    m_dialog->setMinimumDuration(kShowAfterMs); // appears only if the load takes a while
    m_dialog->setValue(0);
    // The worker reads the flag between rows: direct, from this thread.
    connect(m_dialog, &QProgressDialog::canceled, this, [this] {
        m_cancel();
        if (m_dialog)
            m_dialog->setLabelText(tr("Cancelling..."));
    });
}

void LoadProgress::progressed(double fraction)
{
    if (m_dialog && !m_dialog->wasCanceled())
        m_dialog->setValue(int(fraction * kSteps));
}

void LoadProgress::finished()
{
    if (!m_dialog)
        return;
    m_dialog->hide();
    m_dialog->deleteLater();
    m_dialog = nullptr;
}

} // namespace moe::ui
