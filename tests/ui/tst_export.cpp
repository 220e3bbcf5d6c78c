// Chart exports: every chart and map of a trained arena to PNG (decodes at 1x, 2x and 3x size),
// SVG (XML with vector paths and text, not one embedded bitmap), PDF (%PDF, one page) and CSV
// (the numbers plotted, with a header); Export all and the report.

#include "core/base/error.h"
#include "ui/controls/controlpanel.h"
#include "ui/export/exports.h"
#include "ui/window/mainwindow.h"

#include <QClipboard>
#include <QDomDocument>
#include <QFile>
#include <QGuiApplication>
#include <QImageReader>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <cstring>
#include <functional>
#include <sys/resource.h>

using namespace moe;
using namespace moe::ui;

namespace {
QByteArray read(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Fields of one CSV line, quotes respected.
int csvFields(const QString &line)
{
    int fields = 1;
    bool quoted = false;
    for (QChar c : line) {
        if (c == QLatin1Char('"'))
            quoted = !quoted;
        else if (c == QLatin1Char(',') && !quoted)
            ++fields;
    }
    return fields;
}

// As fast as the machine goes and without a step budget: these tests need many steps quickly
// (the app opens at a watchable speed with a budget of a few thousand steps).
void trainFlatOut(MainWindow &window)
{
    ArenaConfig config = window.controls()->config();
    config.stepsPerSecond = 0;
    config.stepBudget = 0;
    window.controls()->apply(config);
}

int pdfPages(const QByteArray &pdf)
{
    return int(
        QString::fromLatin1(pdf).count(QRegularExpression(QStringLiteral("/Type\\s*/Page[^s]"))));
}
} // namespace

class TestExport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void everyChartInEveryFormat_data();
    void everyChartInEveryFormat();
    void csvHoldsThePlottedNumbers();
    void exportAllAndReport();
    void unwritablePlacesSayWhere();
    void aFailedWriteKeepsTheOldFile_data();
    void aFailedWriteKeepsTheOldFile();
    void copyPutsTheImageOnTheClipboard();

private:
    std::unique_ptr<MainWindow> m_window;
};

void TestExport::initTestCase()
{
    m_window = std::make_unique<MainWindow>(true);
    m_window->resize(1280, 720);
    trainFlatOut(*m_window);
    m_window->show();
    QSignalSpy shown(m_window.get(), &MainWindow::snapshotShown);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->latest().step >= 400 && m_window->latest().routing.steps > 0,
                             20000);
    m_window->startSweep(100); // the accuracy and time charts get points
    QSignalSpy finished(m_window.get(), &MainWindow::sweepFinished);
    QVERIFY(finished.wait(60000));
    QVERIFY(shown.wait(5000));
}

void TestExport::cleanupTestCase()
{
    m_window.reset();
}

void TestExport::everyChartInEveryFormat_data()
{
    QTest::addColumn<int>("index");
    const std::vector<Exportable *> &all = m_window->exportables();
    QCOMPARE(int(all.size()), 12);
    for (std::size_t i = 0; i < all.size(); ++i)
        QTest::newRow(qPrintable(all[i]->exportName())) << int(i);
}

void TestExport::everyChartInEveryFormat()
{
    QFETCH(int, index);
    Exportable &chart = *m_window->exportables()[std::size_t(index)];
    QTemporaryDir dir;
    const QSize natural = chart.exportSize();
    QVERIFY(natural.width() >= 150 && natural.height() >= 100);
    for (int scale : {1, 2, 3}) {
        const QString png = dir.filePath(QStringLiteral("c%1.png").arg(scale));
        writeChart(chart, png, ExportFormat::Png, scale);
        QImageReader reader(png);
        QCOMPARE(reader.format(), QByteArray("png"));
        QCOMPARE(reader.size(), natural * scale);
        const QImage image = reader.read();
        int ink = 0; // a drawn chart, not a blank page
        for (int y = 0; y < image.height(); y += 4)
            for (int x = 0; x < image.width(); x += 4)
                ink += image.pixelColor(x, y).lightness() < 200;
        QVERIFY2(ink > 50, qPrintable(QString::number(ink)));
    }
    const QString svg = dir.filePath(QStringLiteral("c.svg"));
    writeChart(chart, svg, ExportFormat::Svg);
    QDomDocument dom;
    QVERIFY(dom.setContent(read(svg)));
    QCOMPARE(dom.documentElement().tagName(), QStringLiteral("svg"));
    int paths = 0; // vector shapes, whatever element QSvgGenerator chose for them
    for (const char *tag : {"path", "polyline", "polygon", "rect", "ellipse", "circle", "line"})
        paths += dom.elementsByTagName(QString::fromLatin1(tag)).size();
    const int texts = dom.elementsByTagName(QStringLiteral("text")).size();
    QVERIFY2(paths >= 5 && texts >= 1,
             qPrintable(QStringLiteral("%1 paths, %2 texts").arg(paths).arg(texts)));
    const QString pdf = dir.filePath(QStringLiteral("c.pdf"));
    writeChart(chart, pdf, ExportFormat::Pdf);
    const QByteArray bytes = read(pdf);
    QVERIFY(bytes.startsWith("%PDF"));
    QCOMPARE(pdfPages(bytes), 1);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 5); // no leftovers from atomic writes
}

void TestExport::csvHoldsThePlottedNumbers()
{
    const ArenaSnapshot &s = m_window->latest();
    for (Exportable *chart : m_window->exportables()) {
        const QStringList lines = chart->exportCsv().trimmed().split(QLatin1Char('\n'));
        QVERIFY2(lines.size() >= 2, qPrintable(chart->exportName()));
        const int columns = csvFields(lines.front());
        for (const QString &line : lines)
            QVERIFY2(csvFields(line) == columns,
                     qPrintable(chart->exportName() + QStringLiteral(": ") + line));
    }
    // The loss chart's CSV holds the MoE's test-loss curve point for point.
    Exportable *loss = nullptr;
    for (Exportable *chart : m_window->exportables())
        if (chart->exportName() == QLatin1String("loss"))
            loss = chart;
    QVERIFY(loss);
    const QString csv = loss->exportCsv();
    QVERIFY(csv.startsWith(QStringLiteral("series,")));
    for (const QPointF &p : s.moe.testLoss)
        QVERIFY(
            csv.contains(QStringLiteral("MoE test,%1,%2").arg(csvNumber(p.x()), csvNumber(p.y()))));
}

void TestExport::exportAllAndReport()
{
    QTemporaryDir dir;
    const QStringList written
        = exportAll(dir.filePath(QStringLiteral("all")), ExportFormat::Svg, m_window->exportables(),
                    m_window->controls()->config(), m_window->latest());
    QCOMPARE(written.size(), 12 * 2 + 2);
    for (const QString &file : written)
        QVERIFY2(QFile::exists(file), qPrintable(file));
    const QByteArray summary = read(dir.filePath(QStringLiteral("all/summary.csv")));
    QCOMPARE(summary.trimmed().split('\n').size(), 3);
    QVERIFY(summary.startsWith("model,title,total_params"));
    const QString report = dir.filePath(QStringLiteral("report.pdf"));
    writeReport(report, m_window->exportables(), m_window->controls()->config(),
                m_window->latest());
    const QByteArray bytes = read(report);
    QVERIFY(bytes.startsWith("%PDF"));
    QCOMPARE(pdfPages(bytes), 1 + 6); // the title page, then 12 charts two a page
}

void TestExport::unwritablePlacesSayWhere()
{
    QTemporaryDir dir;
    const QString nowhere = dir.filePath(QStringLiteral("no/such/folder/chart.svg"));
    Exportable &chart = *m_window->exportables().front();
    for (ExportFormat format : {ExportFormat::Png, ExportFormat::Svg, ExportFormat::Pdf}) {
        try {
            writeChart(chart, nowhere, format);
            QFAIL("no error for a missing folder");
        } catch (const DataError &error) {
            QVERIFY2(QString::fromUtf8(error.what()).contains(nowhere), error.what());
        }
    }
}

namespace {
// While alive, no file of this process may grow past `bytes`, and a write that would fails with
// EFBIG ("File too large") instead of killing the process with SIGXFSZ: a full disk without root.
class FileSizeLimit
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        getrlimit(RLIMIT_FSIZE, &m_before);
        m_handler = std::signal(SIGXFSZ, SIG_IGN);
        const rlimit limit {bytes, m_before.rlim_max};
        m_active = setrlimit(RLIMIT_FSIZE, &limit) == 0;
    }
    ~FileSizeLimit()
    {
        setrlimit(RLIMIT_FSIZE, &m_before);
        std::signal(SIGXFSZ, m_handler);
    }
    bool active() const { return m_active; }

private:
    rlimit m_before {};
    void (*m_handler)(int) = SIG_DFL;
    bool m_active = false;
};
} // namespace

void TestExport::aFailedWriteKeepsTheOldFile_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<std::function<void(MainWindow &, const QString &)>>("write");
    const auto chart = [](ExportFormat format) {
        return std::function<void(MainWindow &, const QString &)>(
            [format](MainWindow &window, const QString &path) {
                writeChart(*window.exportables()[6], path, format, 2.0);
            });
    };
    QTest::newRow("png") << "loss.png" << chart(ExportFormat::Png);
    QTest::newRow("svg") << "loss.svg" << chart(ExportFormat::Svg);
    QTest::newRow("pdf") << "loss.pdf" << chart(ExportFormat::Pdf);
    QTest::newRow("csv") << "loss.csv"
                         << std::function<void(MainWindow &, const QString &)>(
                                [](MainWindow &window, const QString &path) {
                                    writeCsv(*window.exportables()[6], path);
                                });
    // moelab --screenshot: the window as a PNG (ui::saveImage), not QPixmap::save's in-place write
    QTest::newRow("screenshot") << "window.png"
                                << std::function<void(MainWindow &, const QString &)>(
                                       [](MainWindow &window, const QString &path) {
                                           saveImage(window.grab().toImage(), path);
                                       });
    QTest::newRow("report") << "report.pdf"
                            << std::function<void(MainWindow &, const QString &)>(
                                   [](MainWindow &window, const QString &path) {
                                       writeReport(path, window.exportables(),
                                                   window.controls()->config(), window.latest());
                                   });
}

void TestExport::aFailedWriteKeepsTheOldFile()
{
    QFETCH(QString, name);
    QFETCH(std::function<void(MainWindow &, const QString &)>, write);
    QTemporaryDir dir;
    const QString path = dir.filePath(name);
    const QByteArray old = "the previous export, which must survive\n";
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(old), old.size());
    }
    QString message;
    {
        const FileSizeLimit limit(256); // every export here is several kB
        QVERIFY(limit.active());
        try {
            write(*m_window, path);
        } catch (const DataError &error) {
            message = QString::fromUtf8(error.what());
        }
    }
    QVERIFY2(!message.isEmpty(), "no error for a write that ran out of room");
    QVERIFY2(message.startsWith(path + QStringLiteral(": could not save (")), qPrintable(message));
    QVERIFY2(message.contains(QString::fromLocal8Bit(std::strerror(EFBIG))), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("the old file is unchanged")), qPrintable(message));
    QCOMPARE(read(path), old);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList {name});

    write(*m_window, path); // and with room, the same call replaces it
    QVERIFY(read(path).size() > 256);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList {name});
}

void TestExport::copyPutsTheImageOnTheClipboard()
{
    Exportable &chart = *m_window->exportables()[6]; // the loss chart
    copyToClipboard(chart);
    const QImage copied = QGuiApplication::clipboard()->image();
    QCOMPARE(copied.size(), chart.exportSize() * 2); // sharp when pasted into slides
}

QTEST_MAIN(TestExport)
#include "tst_export.moc"
