#include "ui/window/filemenu.h"

#include "core/base/userfile.h"
#include "files/experimentfile.h"
#include "files/textexperimentfile.h"
#include "ui/controls/controlpanel.h"
#include "ui/controls/textcontrolpanel.h"
#include "ui/text/textworker.h"
#include "ui/window/textarena.h"
#include "ui/window/warning.h"
#include "ui/worker/trainingworker.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <filesystem>
#include <regex>

namespace moe::ui {

FileMenu::FileMenu(QMainWindow *window, ControlPanel *controls, TrainingWorker *worker)
    : QObject(window)
    , m_window(window)
    , m_controls(controls)
    , m_worker(worker)
{
    QMenu *file = window->menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open experiment or model..."), QKeySequence::Open, this,
                    &FileMenu::chooseAndOpen);
    m_recent = file->addMenu(tr("Open &recent"));
    rebuildRecentMenu();
    file->addSeparator();
    file->addAction(tr("&Save experiment..."), QKeySequence::Save, this,
                    &FileMenu::saveExperimentAs);
    file->addAction(tr("Save &MoE model..."), this, [this] { saveModelAs(true); });
    file->addAction(tr("Save &dense model..."), this, [this] { saveModelAs(false); });
    file->addSeparator();
    m_quit = file->addAction(tr("&Quit"), QKeySequence::Quit, window, &QWidget::close);
    m_menu = file;
}

void FileMenu::setTextArena(TextArena *text, std::function<bool()> shown,
                            std::function<void()> show)
{
    m_text = text;
    m_textShown = std::move(shown);
    m_showText = std::move(show);
}

void FileMenu::addRestoreDefaults(std::function<void()> restore)
{
    auto *action = new QAction(tr("Restore &defaults"), this);
    action->setToolTip(tr("The classroom demo's settings, the window's first layout and the "
                          "default view options."));
    connect(action, &QAction::triggered, this, std::move(restore));
    m_menu->insertAction(m_quit, action);
    m_menu->insertSeparator(m_quit);
}

QString FileMenu::askPath(bool save, const QString &title, const QString &suggested)
{
    QSettings settings;
    const QString folder
        = settings.value(QStringLiteral("files/folder"), QDir::homePath()).toString();
    const QString filter = tr("MoE Lab files (*.json);;All files (*)");
    const QString path = save
        ? QFileDialog::getSaveFileName(m_window, title, QDir(folder).filePath(suggested), filter)
        : QFileDialog::getOpenFileName(m_window, title, folder, filter);
    if (!path.isEmpty())
        settings.setValue(QStringLiteral("files/folder"), QFileInfo(path).absolutePath());
    return path;
}

void FileMenu::chooseAndOpen()
{
    const QString path = askPath(false, tr("Open an experiment or a model"), QString());
    if (!path.isEmpty())
        openFile(path);
}

void FileMenu::openFile(const QString &path)
{
    std::string head; // enough to tell a model from an experiment
    try {             // a FIFO or a device is refused here, on the UI thread, without waiting on it
        head = readUserFileHead(std::filesystem::path(QFile::encodeName(path).toStdString()),
                                1 << 20);
    } catch (const std::exception &error) {
        showWarning(m_window, tr("The file could not be opened; nothing changed."),
                    QString::fromStdString(error.what()));
        return;
    }
    // Model files write their keys in order: "config" (with its "kind") comes before the weights.
    static const std::regex textKind("\"kind\"\\s*:\\s*\"text\"");
    const bool model = head.find("\"moelab-model\"") != std::string::npos;
    if (m_text && model && std::regex_search(head, textKind)) { // the Text arena's worker
        rememberRecent(path);
        m_showText();
        QMetaObject::invokeMethod(
            m_text->worker(), [worker = m_text->worker(), path] { worker->openModel(path); },
            Qt::QueuedConnection);
        return;
    }
    if (m_text && head.find("\"moelab-text-experiment\"") != std::string::npos) {
        try {
            const TextExperiment experiment = files::loadTextExperiment(path);
            rememberRecent(path);
            m_text->controls()->apply(experiment);
            m_showText();
            m_window->statusBar()->showMessage(tr("Opened %1.").arg(path), 8000);
        } catch (const std::exception &error) {
            showWarning(m_window, tr("The file could not be opened; nothing changed."),
                        QString::fromStdString(error.what()));
        }
        return;
    }
    if (model) { // the worker loads it
        rememberRecent(path);
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, path] { worker->openModel(path); }, Qt::QueuedConnection);
        return;
    }
    try { // an experiment, or a message that says what the file is not
        // Its CSV dataset, if any, is read by the worker (progress, Cancel; a bad file is refused
        // there and the controls go back to the running settings).
        const Experiment experiment = files::readExperiment(path);
        rememberRecent(path);
        m_controls->apply(experiment);
        m_window->statusBar()->showMessage(tr("Opened %1.").arg(path), 8000);
    } catch (const std::exception &error) {
        showWarning(m_window, tr("The file could not be opened; nothing changed."),
                    QString::fromStdString(error.what()));
    }
}

void FileMenu::saveExperimentAs()
{
    const QString path
        = askPath(true, tr("Save the experiment"), QStringLiteral("experiment.json"));
    if (path.isEmpty())
        return;
    try {
        if (m_text && m_textShown())
            files::saveTextExperiment(path, m_text->controls()->config());
        else
            files::saveExperiment(path, m_controls->config());
        rememberRecent(path);
        m_window->statusBar()->showMessage(tr("Saved the experiment to %1.").arg(path), 8000);
    } catch (const std::exception &error) {
        showWarning(m_window, tr("The experiment could not be saved."),
                    QString::fromStdString(error.what()));
    }
}

void FileMenu::saveModelAs(bool moe)
{
    const QString path
        = askPath(true, moe ? tr("Save the MoE model") : tr("Save the dense model"),
                  moe ? QStringLiteral("moe-model.json") : QStringLiteral("dense-model.json"));
    if (path.isEmpty())
        return;
    rememberRecent(path);
    if (m_text && m_textShown()) {
        QMetaObject::invokeMethod(
            m_text->worker(),
            [worker = m_text->worker(), path, moe] { worker->saveModel(path, moe); },
            Qt::QueuedConnection);
        return;
    }
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, path, moe] { worker->saveModel(path, moe); },
        Qt::QueuedConnection);
}

void FileMenu::rememberRecent(const QString &path)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("files/recent")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    settings.setValue(QStringLiteral("files/recent"), recent.mid(0, 8));
    rebuildRecentMenu();
}

void FileMenu::rebuildRecentMenu()
{
    m_recent->clear();
    const QStringList recent = QSettings().value(QStringLiteral("files/recent")).toStringList();
    for (const QString &path : recent)
        m_recent->addAction(QFileInfo(path).fileName() + QStringLiteral("  (")
                                + QFileInfo(path).absolutePath() + QLatin1Char(')'),
                            this, [this, path] { openFile(path); });
    m_recent->setEnabled(!recent.isEmpty());
}

} // namespace moe::ui
