#include "ui/window/exportmenus.h"

#include "ui/controls/controlpanel.h"
#include "ui/controls/textcontrolpanel.h"
#include "ui/export/arenaviews.h"
#include "ui/export/exports.h"
#include "ui/text/textarenaviews.h"
#include "ui/text/textexports.h"
#include "ui/window/helpmenu.h"
#include "ui/window/textarena.h"
#include "ui/window/warning.h"

#include <QChartView>
#include <QDir>
#include <QFileDialog>
#include <QInputDialog>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
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

ExportMenus::ExportMenus(QMainWindow *window, ArenaViews *views, ControlPanel *controls,
                         const ArenaSnapshot &latest)
    : QObject(window)
    , m_window(window)
    , m_views(views)
    , m_controls(controls)
    , m_latest(latest)
{
    attachContextMenus();
    QMenu *menu = window->menuBar()->addMenu(tr("&Export"));
    m_menu = menu;
    menu->addSection(tr("2-D arena"));
    for (Exportable *item : views->exportables())
        fillExportMenu(menu->addMenu(item->exportTitle()), item);
    menu->addSeparator();
    m_allCharts = menu->addAction(tr("Export &all charts..."), this, &ExportMenus::exportAllCharts);
    menu->addAction(tr("Export &report (PDF)..."), this, &ExportMenus::exportReport);
    // The same menu one click away, in the menu bar's corner.
    auto *button = new QToolButton;
    button->setText(tr("Export"));
    button->setToolTip(tr("Export any chart or map as PNG, SVG, PDF or CSV, all of them at once, "
                          "or a PDF report"));
    button->setMenu(menu);
    button->setPopupMode(QToolButton::InstantPopup);
    button->setAutoRaise(true);
    window->menuBar()->setCornerWidget(button);
}

void ExportMenus::attach(QWidget *widget, Exportable *item)
{
    widget->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(widget, &QWidget::customContextMenuRequested, this,
            [this, widget, item](const QPoint &at) {
                QMenu menu;
                fillExportMenu(&menu, item);
                menu.exec(widget->mapToGlobal(at));
            });
}

void ExportMenus::addTextArena(TextArena *text, std::function<bool()> shown)
{
    m_text = text;
    m_textShown = std::move(shown);
    TextArenaViews *views = text->views();
    m_menu->insertSection(m_allCharts, tr("Text arena"));
    for (Exportable *item : views->exportables()) {
        QMenu *sub = new QMenu(item->exportTitle(), m_menu);
        fillExportMenu(sub, item);
        m_menu->insertMenu(m_allCharts, sub);
        if (auto *widget = dynamic_cast<QWidget *>(item))
            attach(widget, item);
    }
    m_menu->insertSeparator(m_allCharts);
    for (QChartView *view : views->findChildren<QChartView *>())
        for (Exportable *item : views->exportables())
            if (auto *chart = dynamic_cast<ChartExport *>(item);
                chart && view->chart() == chart->chart())
                attach(view, chart);
}

void ExportMenus::attachContextMenus()
{
    for (Exportable *item : m_views->exportables())
        if (auto *widget = dynamic_cast<QWidget *>(item))
            attach(widget, item);
    for (QChartView *view : m_views->findChildren<QChartView *>())
        for (const auto &chart : m_views->chartExports())
            if (view->chart() == chart->chart())
                attach(view, chart.get());
}

void ExportMenus::fillExportMenu(QMenu *menu, Exportable *item)
{
    menu->addAction(tr("What am I seeing?"), this, [this, item] { explainView(m_window, *item); });
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
        wrote(tr("Copied %1 to the clipboard.").arg(item->exportTitle()), 5000);
    });
    menu->addSeparator();
    menu->addAction(tr("Export data as CSV..."), this, [this, item] { exportCsv(item); });
}

void ExportMenus::wrote(const QString &message, int ms)
{
    m_window->statusBar()->showMessage(message, ms);
}

void ExportMenus::exportCsv(Exportable *item)
{
    const QString path = QFileDialog::getSaveFileName(
        m_window, tr("Export the numbers of %1").arg(item->exportTitle()),
        QDir(exportFolder()).filePath(item->exportName() + QStringLiteral(".csv")),
        tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    rememberFolder(path);
    try {
        writeCsv(*item, path);
        wrote(tr("Wrote %1.").arg(path));
    } catch (const std::exception &error) {
        showWarning(m_window, tr("The data could not be exported."),
                    QString::fromStdString(error.what()));
    }
}

void ExportMenus::exportChart(Exportable *item, ExportFormat format, int scale)
{
    const QString suffix = formatSuffix(format);
    const QString path = QFileDialog::getSaveFileName(
        m_window, tr("Export %1").arg(item->exportTitle()),
        QDir(exportFolder()).filePath(item->exportName() + QLatin1Char('.') + suffix),
        tr("%1 files (*.%2)").arg(suffix.toUpper(), suffix));
    if (path.isEmpty())
        return;
    rememberFolder(path);
    try {
        writeChart(*item, path, format, scale);
        wrote(tr("Wrote %1.").arg(path));
    } catch (const std::exception &error) {
        showWarning(m_window, tr("The chart could not be exported."),
                    QString::fromStdString(error.what()));
    }
}

void ExportMenus::exportAllCharts()
{
    bool ok = false;
    const QStringList formats {QStringLiteral("PNG"), QStringLiteral("SVG"), QStringLiteral("PDF")};
    const QString format = QInputDialog::getItem(
        m_window, tr("Export all charts"),
        m_text && m_textShown()
            ? tr("Every view of the Text arena in this format, each with a CSV of its numbers, "
                 "plus text-experiment.json and text-summary.csv:")
            : tr("Every chart and map in this format, each with a CSV of its numbers, plus "
                 "experiment.json and summary.csv:"),
        formats, 0, false, &ok);
    if (!ok)
        return;
    const QString folder
        = QFileDialog::getExistingDirectory(m_window, tr("Export all charts into"), exportFolder());
    if (folder.isEmpty())
        return;
    QSettings().setValue(QStringLiteral("export/folder"), folder);
    try {
        const QStringList written = m_text && m_textShown()
            ? exportAllText(folder, *parseFormat(format), m_text->views()->exportables(),
                            m_text->controls()->config(), m_text->latest())
            : exportAll(folder, *parseFormat(format), m_views->exportables(), m_controls->config(),
                        m_latest);
        wrote(tr("Wrote %1 files to %2.").arg(written.size()).arg(folder));
    } catch (const std::exception &error) {
        showWarning(m_window, tr("Not every chart could be exported."),
                    QString::fromStdString(error.what()));
    }
}

void ExportMenus::exportReport()
{
    const QString path = QFileDialog::getSaveFileName(
        m_window, tr("Export a report"),
        QDir(exportFolder()).filePath(QStringLiteral("moelab-report.pdf")),
        tr("PDF files (*.pdf)"));
    if (path.isEmpty())
        return;
    rememberFolder(path);
    try {
        if (m_text && m_textShown())
            writeTextReport(path, m_text->views()->exportables(), m_text->controls()->config(),
                            m_text->latest());
        else
            writeReport(path, m_views->exportables(), m_controls->config(), m_latest);
        wrote(tr("Wrote the report to %1.").arg(path));
    } catch (const std::exception &error) {
        showWarning(m_window, tr("The report could not be written."),
                    QString::fromStdString(error.what()));
    }
}

} // namespace moe::ui
