#pragma once

// Writing an Exportable to files and the clipboard: PNG at 1x, 2x or 3x (drawn again at that size,
// not enlarged), SVG through QSvgGenerator and PDF through QPdfWriter (both vector), and CSV.
// Every file is written through files::AtomicFile (saveFile): the target is replaced only when
// every byte is written; a failure throws moe::DataError naming the file and the reason ("No space left on
// device"), leaves the old file as it was and no temporary file behind.

#include "ui/export/exportable.h"

#include <QImage>
#include <functional>
#include <optional>

class QChart;

namespace moe::ui {

enum class ExportFormat { Png, Svg, Pdf };

QString formatSuffix(ExportFormat format); // "png", "svg", "pdf"
std::optional<ExportFormat> parseFormat(const QString &suffix);

// Writes `bytes` to `path` whole or not at all (files/atomicfile.h). Throws DataError
// "PATH: could not save (REASON); the old file is unchanged".
void saveFile(const QString &path, const QByteArray &bytes);

// `image` (a window's screenshot) encoded in the format its suffix names (png when it names none)
// and written as saveFile does. Throws DataError.
void saveImage(const QImage &image, const QString &path);

// The chart drawn on white at `scale` times its natural size.
QImage renderImage(Exportable &chart, double scale = 1.0);
// The chart as a PNG (at `scale`), SVG or PDF file's bytes.
QByteArray chartBytes(Exportable &chart, ExportFormat format, double scale = 1.0);
void writeChart(Exportable &chart, const QString &path, ExportFormat format, double scale = 1.0);
void writeCsv(Exportable &chart, const QString &path);
void copyToClipboard(Exportable &chart);

// Exportable for a Qt Charts chart: drawn through its scene (vector), and every series as CSV in
// long form, "series,x,y" (named after the axes where they have titles; a bar's x is its
// category).
class ChartExport : public Exportable
{
public:
    // `update`, when given, brings the chart up to date first (charts that are not on screen
    // are not redrawn with every snapshot); `look(true)` dresses it for a file (a legend and
    // axis titles the screen shows elsewhere), `look(false)` undoes that.
    ChartExport(QChart *chart, QString name, QString title, std::function<void()> update = {},
                std::function<void(bool)> look = {});
    QString exportName() const override { return m_name; }
    QString exportTitle() const override { return m_title; }
    QSize exportSize() const override;
    void renderExport(QPainter &painter, const QRectF &target) override;
    QString exportCsv() const override;
    bool drawsOwnTitle() const override;
    QChart *chart() const { return m_chart; }
    // The CSV's text, when the chart's series do not say all it shows (the time chart's rows: a
    // run, its cost and the parts of its time; the curves: raw values and smoothed ones);
    // chartCsv otherwise.
    void setCsv(std::function<QString()> csv) { m_csv = std::move(csv); }

private:
    QChart *m_chart;
    QString m_name, m_title;
    std::function<void()> m_update;
    std::function<void(bool)> m_look;
    std::function<QString()> m_csv;
};

// The numbers of a chart's series, as ChartExport writes them.
QString chartCsv(const QChart *chart);

// CSV text helpers: a cell quoted when it holds a comma, quote or line break; numbers that read
// back exactly.
QString csvCell(const QString &text);
QString csvNumber(double value);

} // namespace moe::ui
