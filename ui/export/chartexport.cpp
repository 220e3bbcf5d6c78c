#include "ui/export/chartexport.h"

#include "core/base/error.h"
#include "files/atomicfile.h"
#include "ui/style/theme.h"

#include <QAbstractBarSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QBuffer>
#include <QChart>
#include <QClipboard>
#include <QFileInfo>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QGuiApplication>
#include <QImageWriter>
#include <QLegend>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QXYSeries>

namespace moe::ui {

namespace {
[[noreturn]] void fail(const QString &path, const QString &what)
{
    throw DataError(QStringLiteral("%1: %2").arg(path, what).toStdString());
}

void paintOn(QPaintDevice &device, Exportable &chart, const QRectF &target)
{
    QPainter painter(&device);
    if (!painter.isActive())
        return;
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    chart.renderExport(painter, target);
}

// The vector writers draw into memory, not straight into the file: they write through a
// QTextStream (SVG) or in pieces (PDF) that drop a short write without an error, so a full disk
// could otherwise commit a truncated file. saveFile then checks every write.
QByteArray svgBytes(Exportable &chart)
{
    const QSize size = chart.exportSize();
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    svg.setTitle(chart.exportTitle());
    svg.setDescription(QStringLiteral("MoE Lab"));
    paintOn(svg, chart, QRectF(QPointF(0, 0), QSizeF(size)));
    return buffer.data();
}

QByteArray pdfBytes(Exportable &chart)
{
    const QSize size = chart.exportSize();
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter pdf(&buffer);
        pdf.setTitle(chart.exportTitle());
        pdf.setCreator(QStringLiteral("MoE Lab"));
        pdf.setResolution(96); // one PDF unit per screen pixel: fonts as on screen
        pdf.setPageSize(QPageSize(QSizeF(size) * 72.0 / 96.0, QPageSize::Point));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        paintOn(pdf, chart, QRectF(QPointF(0, 0), QSizeF(size)));
    }
    return buffer.data();
}
// Runs the chart's pending layout (legend, axes, plot area) at once.
void layOutNow(QChart *chart)
{
    for (QGraphicsLayout *layout :
         {chart->legend()->layout(), chart->layout(), chart->legend()->layout()})
        if (layout) {
            layout->invalidate();
            layout->activate();
        }
}
} // namespace

QString formatSuffix(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Png:
        return QStringLiteral("png");
    case ExportFormat::Svg:
        return QStringLiteral("svg");
    case ExportFormat::Pdf:
        break;
    }
    return QStringLiteral("pdf");
}

std::optional<ExportFormat> parseFormat(const QString &suffix)
{
    for (ExportFormat f : {ExportFormat::Png, ExportFormat::Svg, ExportFormat::Pdf})
        if (suffix.compare(formatSuffix(f), Qt::CaseInsensitive) == 0)
            return f;
    return std::nullopt;
}

QImage renderImage(Exportable &chart, double scale)
{
    const LightForExport light;
    const QSize size = chart.exportSize() * scale;
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    paintOn(image, chart, QRectF(QPointF(0, 0), QSizeF(size)));
    return image;
}

void saveFile(const QString &path, const QByteArray &bytes)
{
    files::saveBytes(path, bytes);
}

void saveImage(const QImage &image, const QString &path)
{
    QByteArray format = QFileInfo(path).suffix().toLower().toLatin1();
    if (format.isEmpty())
        format = "png";
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    if (!writer.write(image))
        fail(path,
             QStringLiteral("the image could not be encoded as %1 (%2)")
                 .arg(QString::fromLatin1(format), writer.errorString()));
    saveFile(path, buffer.data());
}

QByteArray chartBytes(Exportable &chart, ExportFormat format, double scale)
{
    const LightForExport light;
    switch (format) {
    case ExportFormat::Png: {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        renderImage(chart, scale).save(&buffer, "PNG");
        return buffer.data();
    }
    case ExportFormat::Svg:
        return svgBytes(chart);
    case ExportFormat::Pdf:
        break;
    }
    return pdfBytes(chart);
}

void writeChart(Exportable &chart, const QString &path, ExportFormat format, double scale)
{
    const QByteArray bytes = chartBytes(chart, format, scale);
    if (bytes.isEmpty())
        fail(path, QStringLiteral("the chart could not be drawn as %1").arg(formatSuffix(format)));
    saveFile(path, bytes);
}

void writeCsv(Exportable &chart, const QString &path)
{
    saveFile(path, chart.exportCsv().toUtf8());
}

void copyToClipboard(Exportable &chart)
{
    QGuiApplication::clipboard()->setImage(renderImage(chart, 2.0));
}

ChartExport::ChartExport(QChart *chart, QString name, QString title, std::function<void()> update,
                         std::function<void(bool)> look)
    : m_chart(chart)
    , m_name(std::move(name))
    , m_title(std::move(title))
    , m_update(std::move(update))
    , m_look(std::move(look))
{ }

QSize ChartExport::exportSize() const
{
    // The chart's size on screen, on a canvas of at least 640 x 400: a file's legend and axis
    // titles (which the screen may leave to the panel) need room to be read whole.
    const QSize size = m_chart->size().toSize();
    if (size.width() < 200 || size.height() < 150)
        return QSize(800, 500);
    return size.expandedTo(QSize(640, 400));
}

void ChartExport::renderExport(QPainter &painter, const QRectF &target)
{
    // The chart as it is laid out for its natural size, drawn scaled into `target`.
    if (m_update)
        m_update();
    const QSize natural = exportSize();
    const QSizeF before = m_chart->size();
    const bool resize = before.toSize() != natural;
    if (m_look)
        m_look(true);
    if (resize)
        m_chart->resize(natural);
    // The legend and axis titles the look shows are laid out only when the event loop next runs;
    // a file drawn before that had them piled up in the top-left corner. Lay out now.
    layOutNow(m_chart);
    if (QGraphicsScene *scene = m_chart->scene())
        scene->render(&painter, target, m_chart->sceneBoundingRect(), Qt::KeepAspectRatio);
    if (resize)
        m_chart->resize(before);
    if (m_look)
        m_look(false);
    layOutNow(m_chart);
}

bool ChartExport::drawsOwnTitle() const
{
    return !m_chart->title().isEmpty();
}

QString ChartExport::exportCsv() const
{
    if (m_update)
        m_update();
    return m_csv ? m_csv() : chartCsv(m_chart);
}

QString csvCell(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"'))
        && !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString csvNumber(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

QString chartCsv(const QChart *chart)
{
    // One table for every series: its name, then x and y as drawn (a bar's x is its category).
    // The header names x and y after the chart's axes where they have titles.
    const auto axisTitle = [chart](Qt::Orientation orientation, const char *fallback) {
        for (const QAbstractAxis *axis : chart->axes(orientation))
            if (axis->isVisible() && !axis->titleText().isEmpty())
                return csvCell(axis->titleText());
        return QString::fromLatin1(fallback);
    };
    QString out = QStringLiteral("series,%1,%2\n")
                      .arg(axisTitle(Qt::Horizontal, "x"), axisTitle(Qt::Vertical, "y"));
    for (const QAbstractSeries *series : chart->series()) {
        if (const auto *line = qobject_cast<const QXYSeries *>(series)) {
            const QString name = csvCell(line->name());
            for (const QPointF &p : line->points())
                out += name + QLatin1Char(',') + csvNumber(p.x()) + QLatin1Char(',')
                    + csvNumber(p.y()) + QLatin1Char('\n');
        } else if (const auto *bars = qobject_cast<const QAbstractBarSeries *>(series)) {
            QStringList categories;
            for (QAbstractAxis *axis : chart->axes(Qt::Horizontal))
                if (auto *c = qobject_cast<QBarCategoryAxis *>(axis))
                    categories = c->categories();
            for (const QBarSet *set : bars->barSets())
                for (int i = 0; i < set->count(); ++i)
                    out += csvCell(set->label()) + QLatin1Char(',')
                        + csvCell(i < categories.size() ? categories[i] : QString::number(i + 1))
                        + QLatin1Char(',') + csvNumber(set->at(i)) + QLatin1Char('\n');
        }
    }
    return out;
}

} // namespace moe::ui
