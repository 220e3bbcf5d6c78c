// MainWindow's exports: a menu per chart and map (its context menu, and the Export menu in the
// menu bar and its corner button), Export all and Export report.

#include "ui/charts/capacitychart.h"
#include "ui/charts/capacitypanel.h"
#include "ui/charts/curvespanel.h"
#include "ui/charts/expertloadpanel.h"
#include "ui/charts/runschart.h"
#include "ui/controls/controlpanel.h"
#include "ui/export/chartexport.h"
#include "ui/export/exports.h"
#include "ui/lessons/explanations.h"
#include "ui/maps/affinityview.h"
#include "ui/maps/mapspanel.h"
#include "ui/window/mainwindow.h"
#include "ui/worker/trainingworker.h"

#include <QChartView>
#include <QDir>
#include <QEventLoop>
#include <QFileDialog>
#include <QInputDialog>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QToolButton>

namespace moe::ui {

namespace {
QString exportFolder()
{
    return QSettings().value(QStringLiteral("export/folder"), QDir::homePath()).toString();
}

void rememberFolder(const QString &path)
{
    QSettings().setValue(QStringLiteral("export/folder"), QFileInfo(path).absolutePath());
}
} // namespace

bool MainWindow::trainExperiment(const Experiment &experiment, QString &error)
{
    QEventLoop loop;
    QString refused;
    const auto onError
        = connect(m_worker, &TrainingWorker::errorOccurred, &loop, [&](const QString &message) {
              refused = message;
              loop.quit();
          });
    const auto onShown = connect(this, &MainWindow::snapshotShown, &loop, [&] {
        if (m_latest.step >= experiment.steps || !m_latest.message.isEmpty())
            loop.quit();
    });
    m_controls->apply(experiment); // queued to the worker, then the training below
    QMetaObject::invokeMethod(m_worker, "trainFor", Qt::QueuedConnection,
                              Q_ARG(qint64, qint64(experiment.steps)));
    loop.exec();
    disconnect(onError);
    disconnect(onShown);
    error = !refused.isEmpty() ? refused : m_latest.message;
    if (!error.isEmpty())
        return false;
    m_load->drawHistoryNow();
    m_capacity->refreshRunsNow();
    return true;
}

void MainWindow::setupExports()
{
    const auto chart = [this](QChart *c, const char *name, const QString &title,
                              std::function<void()> update = {},
                              std::function<void(bool)> look = {}) {
        m_chartExports.push_back(std::make_unique<ChartExport>(c, QString::fromLatin1(name), title,
                                                               std::move(update), std::move(look)));
        return m_chartExports.back().get();
    };
    const auto curvesLook = [this](bool exporting) { m_curves->setExportLook(exporting); };
    const auto runs = [this] { m_capacity->refreshRunsNow(); };
    m_exportables = {
        m_maps->denseMap(),
        m_maps->moeMap(),
        m_maps->routingMap(),
        m_maps->affinity(),
        chart(m_load->chart(), "expert-load", tr("Tokens per expert")),
        chart(
            m_load->historyChart(), "load-over-time", tr("Load over time"),
            [this] { m_load->drawHistoryNow(); },
            [this](bool exporting) { m_load->setHistoryExportLook(exporting); }),
        chart(m_curves->lossChart(), "loss", tr("Loss by training step"), {}, curvesLook),
        chart(m_curves->accuracyChart(), "accuracy", tr("Accuracy by training step"), {},
              curvesLook),
        chart(m_capacity->parametersChart()->chart(), "capacity-vs-compute",
              tr("Capacity vs compute")),
        chart(m_capacity->accuracyChart()->chart(), "accuracy-vs-compute",
              tr("Accuracy vs compute"), runs),
        chart(m_capacity->timeChart()->chart(), "time-vs-compute", tr("Time per step vs compute"),
              runs),
    };
    // Right-click on any chart or map: its own export menu.
    const auto attach = [this](QWidget *widget, Exportable *item) {
        widget->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(widget, &QWidget::customContextMenuRequested, this,
                [this, widget, item](const QPoint &at) {
                    QMenu menu;
                    fillExportMenu(&menu, item);
                    menu.exec(widget->mapToGlobal(at));
                });
    };
    for (Exportable *item : m_exportables)
        if (auto *widget = dynamic_cast<QWidget *>(item))
            attach(widget, item);
    for (QChartView *view : findChildren<QChartView *>())
        for (const auto &c : m_chartExports)
            if (view->chart() == c->chart()) {
                attach(view, c.get());
                view->setProperty("moeExportName", c->exportName()); // for highlightView
            }

    QMenu *menu = menuBar()->addMenu(tr("&Export"));
    for (Exportable *item : m_exportables)
        fillExportMenu(menu->addMenu(item->exportTitle()), item);
    menu->addSeparator();
    menu->addAction(tr("Export &all charts..."), this, &MainWindow::exportAllCharts);
    menu->addAction(tr("Export &report (PDF)..."), this, &MainWindow::exportReport);
    // The same menu one click away, in the menu bar's corner.
    auto *button = new QToolButton;
    button->setText(tr("Export"));
    button->setToolTip(tr("Export any chart or map as PNG, SVG, PDF or CSV, all of them at once, "
                          "or a PDF report"));
    button->setMenu(menu);
    button->setPopupMode(QToolButton::InstantPopup);
    button->setAutoRaise(true);
    menuBar()->setCornerWidget(button);
}

void MainWindow::setupHelp()
{
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QMenu *seeing = help->addMenu(tr("What am I seeing?"));
    for (Exportable *item : m_exportables)
        seeing->addAction(item->exportTitle(), this, [this, item] { explain(item); });
    help->addAction(tr("Keyboard shortcuts"), this, [this] {
        auto *box = new QMessageBox(
            QMessageBox::Information, tr("Keyboard shortcuts"),
            tr("<table cellpadding=4>"
               "<tr><td><b>Space</b></td><td>play / pause</td></tr>"
               "<tr><td><b>S</b></td><td>one training step</td></tr>"
               "<tr><td><b>R</b></td><td>reset: fresh models, same settings</td></tr>"
               "<tr><td><b>F11</b></td><td>presentation mode on / off</td></tr>"
               "<tr><td><b>Ctrl+O</b></td><td>open an experiment or a model</td></tr>"
               "<tr><td><b>Ctrl+S</b></td><td>save the experiment</td></tr>"
               "<tr><td><b>Ctrl+Q</b></td><td>quit</td></tr></table>"
               "<p>Right-click any chart or map to export it or to ask what it shows.</p>"),
            QMessageBox::Ok, this);
        box->setTextFormat(Qt::RichText);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
}

void MainWindow::explain(Exportable *item)
{
    auto *box = new QMessageBox(
        QMessageBox::Information, tr("What am I seeing?"),
        QStringLiteral("<h3>%1</h3>%2")
            .arg(item->exportTitle().toHtmlEscaped(), explanation(item->exportName())),
        QMessageBox::Ok, this);
    box->setTextFormat(Qt::RichText);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::fillExportMenu(QMenu *menu, Exportable *item)
{
    menu->addAction(tr("What am I seeing?"), this, [this, item] { explain(item); });
    menu->addSeparator();
    for (int scale : {1, 2, 3})
        menu->addAction(tr("Export PNG (%1x)...").arg(scale), this,
                        [this, item, scale] { exportChart(item, ExportFormat::Png, scale); });
    menu->addAction(tr("Export SVG (vector)..."), this,
                    [this, item] { exportChart(item, ExportFormat::Svg, 1); });
    menu->addAction(tr("Export PDF (vector)..."), this,
                    [this, item] { exportChart(item, ExportFormat::Pdf, 1); });
    menu->addAction(tr("Copy image"), this, [this, item] {
        copyToClipboard(*item);
        statusBar()->showMessage(tr("Copied %1 to the clipboard.").arg(item->exportTitle()), 5000);
    });
    menu->addSeparator();
    menu->addAction(tr("Export data as CSV..."), this, [this, item] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export the numbers of %1").arg(item->exportTitle()),
            QDir(exportFolder()).filePath(item->exportName() + QStringLiteral(".csv")),
            tr("CSV files (*.csv)"));
        if (path.isEmpty())
            return;
        rememberFolder(path);
        try {
            writeCsv(*item, path);
            statusBar()->showMessage(tr("Wrote %1.").arg(path), 8000);
        } catch (const std::exception &error) {
            showError(tr("The data could not be exported."), QString::fromStdString(error.what()));
        }
    });
}

void MainWindow::exportChart(Exportable *item, ExportFormat format, int scale)
{
    const QString suffix = formatSuffix(format);
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export %1").arg(item->exportTitle()),
        QDir(exportFolder()).filePath(item->exportName() + QLatin1Char('.') + suffix),
        tr("%1 files (*.%2)").arg(suffix.toUpper(), suffix));
    if (path.isEmpty())
        return;
    rememberFolder(path);
    try {
        writeChart(*item, path, format, scale);
        statusBar()->showMessage(tr("Wrote %1.").arg(path), 8000);
    } catch (const std::exception &error) {
        showError(tr("The chart could not be exported."), QString::fromStdString(error.what()));
    }
}

void MainWindow::exportAllCharts()
{
    bool ok = false;
    const QStringList formats {QStringLiteral("PNG"), QStringLiteral("SVG"), QStringLiteral("PDF")};
    const QString format = QInputDialog::getItem(
        this, tr("Export all charts"),
        tr("Every chart and map in this format, each with a CSV of its numbers, plus "
           "experiment.json and summary.csv:"),
        formats, 0, false, &ok);
    if (!ok)
        return;
    const QString folder
        = QFileDialog::getExistingDirectory(this, tr("Export all charts into"), exportFolder());
    if (folder.isEmpty())
        return;
    QSettings().setValue(QStringLiteral("export/folder"), folder);
    try {
        const QStringList written = exportAll(folder, *parseFormat(format), m_exportables,
                                              m_controls->config(), m_latest);
        statusBar()->showMessage(tr("Wrote %1 files to %2.").arg(written.size()).arg(folder), 8000);
    } catch (const std::exception &error) {
        showError(tr("Not every chart could be exported."), QString::fromStdString(error.what()));
    }
}

void MainWindow::exportReport()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export a report"),
        QDir(exportFolder()).filePath(QStringLiteral("moelab-report.pdf")),
        tr("PDF files (*.pdf)"));
    if (path.isEmpty())
        return;
    rememberFolder(path);
    try {
        writeReport(path, m_exportables, m_controls->config(), m_latest);
        statusBar()->showMessage(tr("Wrote the report to %1.").arg(path), 8000);
    } catch (const std::exception &error) {
        showError(tr("The report could not be written."), QString::fromStdString(error.what()));
    }
}

} // namespace moe::ui
