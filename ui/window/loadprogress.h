#pragma once

// The progress of a CSV file the training worker is reading (on its thread, so the window stays
// responsive): a progress dialog with Cancel, shown only when the load takes longer than a
// moment. Cancel asks the worker to stop; the run that was training goes on unchanged.

#include <QObject>
#include <QPointer>
#include <QProgressDialog>
#include <functional>

class QWidget;

namespace moe::ui {

class TextWorker;
class TrainingWorker;

class LoadProgress : public QObject
{
    Q_OBJECT

public:
    // How long a load runs before the dialog appears.
    static constexpr int kShowAfterMs = 500;

    // `worker` lives on another thread; `window` parents the dialog.
    LoadProgress(QWidget *window, TrainingWorker *worker);
    // The Text arena's corpus: its stages named in the dialog ("Reading notes.txt: tokenizing").
    LoadProgress(QWidget *window, TextWorker *worker);
    // The dialog of the load under way (shown or not yet), or null between loads.
    QProgressDialog *dialog() const { return m_dialog; }

private:
    void started(const QString &path);
    void progressed(double fraction);
    void finished();
    void staged(const QString &stage);

    QWidget *m_window;
    std::function<void()> m_cancel; // thread-safe: asks the worker to stop
    QString m_name;
    QPointer<QProgressDialog> m_dialog;
};

} // namespace moe::ui
