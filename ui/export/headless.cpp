#include "ui/export/headless.h"

#include "core/base/parallel.h"
#include "ui/export/arenaviews.h"
#include "ui/export/exports.h"
#include "ui/worker/trainingworker.h"

#include <QCoreApplication>
#include <algorithm>
#include <stdexcept>

namespace moe::ui {

ArenaSnapshot trainHeadless(const Experiment &experiment)
{
    // The worker lives on this thread, so its slots run as direct calls and its signals arrive
    // before each call returns. Threads as the app gives them: every core but one.
    TrainingWorker worker;
    ArenaSnapshot latest;
    QString refused;
    QObject::connect(&worker, &TrainingWorker::snapshotReady,
                     [&latest](const ArenaSnapshot &snapshot) { latest = snapshot; });
    QObject::connect(&worker, &TrainingWorker::errorOccurred,
                     [&refused](const QString &message) { refused = message; });
    worker.setThreads(std::max(1, availableThreads() - 1));
    // Every setting is the experiment's, as when the app opens it (the controls keep what they
    // have no control for).
    worker.configure(experiment);
    if (!refused.isEmpty())
        throw std::runtime_error(refused.toStdString());
    worker.trainFor(experiment.steps);
    if (!latest.message.isEmpty()) // training stopped: why
        throw std::runtime_error(latest.message.toStdString());
    return latest;
}

QStringList exportExperiment(const Experiment &experiment, const QString &folder,
                             const QList<ExportFormat> &formats, const QString &reportPath)
{
    const ArenaSnapshot snapshot = trainHeadless(experiment);
    ArenaViews views;
    views.resize(ArenaViews::kWindowedSize);
    views.show(); // laid out (offscreen) as on screen: the charts' natural sizes
    views.showSnapshot(snapshot);
    // The layout settles as in the window: the routing legend takes its rows, then the maps
    // fit their squares (a queued resize, which may queue another).
    for (int round = 0; round < 4; ++round)
        QCoreApplication::processEvents();
    views.drawHiddenNow();
    QStringList written;
    for (ExportFormat format : formats)
        written += exportAll(folder, format, views.exportables(), experiment, snapshot);
    if (!reportPath.isEmpty()) {
        writeReport(reportPath, views.exportables(), experiment, snapshot);
        written << reportPath;
    }
    written.removeDuplicates();
    return written;
}

} // namespace moe::ui
