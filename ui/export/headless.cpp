#include "ui/export/headless.h"

#include "core/base/error.h"
#include "ui/export/exports.h"
#include "ui/window/mainwindow.h"

#include <stdexcept>

namespace moe::ui {

QStringList exportExperiment(const Experiment &experiment, const QString &folder,
                             const QList<ExportFormat> &formats, const QString &reportPath)
{
    MainWindow window(false);
    window.resize(1280, 720); // the charts' natural sizes: as on a laptop screen
    window.show();
    QString error;
    if (!window.trainExperiment(experiment, error))
        throw std::runtime_error(error.toStdString());
    QStringList written;
    for (ExportFormat format : formats)
        written += exportAll(folder, format, window.exportables(), experiment, window.latest());
    if (!reportPath.isEmpty()) {
        writeReport(reportPath, window.exportables(), experiment, window.latest());
        written << reportPath;
    }
    written.removeDuplicates();
    return written;
}

} // namespace moe::ui
