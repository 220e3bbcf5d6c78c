// Exports read back as a reader sees them: every chart's PDF and the report through poppler's
// pdftotext -bbox (words and their boxes): titles, axis titles and legends present, no word drawn
// over another, none elided to "...".

#include "ui/controls/controlpanel.h"
#include "ui/export/chartexport.h"
#include "ui/export/exports.h"
#include "ui/window/mainwindow.h"

#include <QChart>
#include <QChartView>
#include <QDomDocument>
#include <QLineSeries>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace moe;
using namespace moe::ui;

namespace {
// The words of a PDF with their boxes, page by page, as poppler's pdftotext -bbox reads them
// back; empty when pdftotext is not installed.
struct PdfWord
{
    int page;
    QRectF box;
    QString text;
};

QVector<PdfWord> pdfWords(const QString &pdf)
{
    QProcess process;
    process.start(QStringLiteral("pdftotext"), {QStringLiteral("-bbox"), pdf, QStringLiteral("-")});
    if (!process.waitForFinished(30000) || process.exitCode() != 0)
        return {};
    QDomDocument dom;
    if (!dom.setContent(process.readAllStandardOutput()))
        return {};
    QVector<PdfWord> words;
    const QDomNodeList pages = dom.elementsByTagName(QStringLiteral("page"));
    for (int p = 0; p < pages.size(); ++p) {
        const QDomNodeList list = pages.at(p).toElement().elementsByTagName(QStringLiteral("word"));
        for (int i = 0; i < list.size(); ++i) {
            const QDomElement w = list.at(i).toElement();
            const auto at = [&w](const char *name) {
                return w.attribute(QString::fromLatin1(name)).toDouble();
            };
            words.append({p,
                          QRectF(QPointF(at("xMin"), at("yMin")), QPointF(at("xMax"), at("yMax"))),
                          w.text()});
        }
    }
    return words;
}

// Pairs of words on one page drawn over each other (more than a third of the smaller box).
QStringList overlappingWords(const QVector<PdfWord> &words)
{
    QStringList clashes;
    for (qsizetype i = 0; i < words.size(); ++i)
        for (qsizetype j = i + 1; j < words.size(); ++j) {
            if (words[i].page != words[j].page)
                continue;
            const QRectF both = words[i].box.intersected(words[j].box);
            const double smaller = std::min(words[i].box.width() * words[i].box.height(),
                                            words[j].box.width() * words[j].box.height());
            if (!both.isEmpty() && both.width() * both.height() > smaller / 3.0)
                clashes << words[i].text + QStringLiteral(" / ") + words[j].text;
        }
    return clashes;
}

} // namespace

class TestPdfExport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase() { m_window.reset(); }
    void pdfTitlesAndLegendsDoNotOverlap();
    void reportPagesReadCleanly();
    void exportLookIsLaidOutBeforeDrawing();

private:
    std::unique_ptr<MainWindow> m_window;
};

void TestPdfExport::initTestCase()
{
    // poppler-utils is one of the packages scripts/test.sh installs: without pdftotext these tests
    // would read nothing, so its absence is a failure, not a skip.
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty(),
             "pdftotext (poppler-utils) is missing: run scripts/test.sh, which installs it");
    // A trained arena at 1280x720, as fast as the machine goes, and a short sweep for the run
    // charts (as tst_export's).
    m_window = std::make_unique<MainWindow>(true);
    m_window->resize(1280, 720);
    ArenaConfig config = m_window->controls()->config();
    config.stepsPerSecond = 0;
    config.stepBudget = 0;
    m_window->controls()->apply(config);
    m_window->show();
    QSignalSpy shown(m_window.get(), &MainWindow::snapshotShown);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->latest().step >= 400 && m_window->latest().routing.steps > 0,
                             20000);
    m_window->startSweep(100);
    QSignalSpy finished(m_window.get(), &MainWindow::sweepFinished);
    QVERIFY(finished.wait(60000));
    QVERIFY(shown.wait(5000));
}

void TestPdfExport::pdfTitlesAndLegendsDoNotOverlap()
{
    // Every chart as a PDF, read back as words with their boxes: none drawn over another (the
    // loss chart's "loss" and "training step" had been piled up in its top-left corner), and
    // the loss and accuracy charts carry their axis titles and the dense / MoE legend.
    QTemporaryDir dir;
    for (Exportable *chart : m_window->exportables()) {
        const QString pdf = dir.filePath(chart->exportName() + QStringLiteral(".pdf"));
        writeChart(*chart, pdf, ExportFormat::Pdf);
        const QVector<PdfWord> words = pdfWords(pdf);
        QVERIFY2(!words.isEmpty(), qPrintable(chart->exportName()));
        const QStringList clashes = overlappingWords(words);
        QVERIFY2(clashes.isEmpty(),
                 qPrintable(chart->exportName() + ": " + clashes.join(QStringLiteral(", "))));
        QStringList texts;
        for (const PdfWord &w : words)
            texts << w.text;
        if (chart->exportName() == QLatin1String("loss")
            || chart->exportName() == QLatin1String("accuracy"))
            for (const char *word : {"training", "step", "dense", "MoE", "test", "train"})
                QVERIFY2(texts.contains(QString::fromLatin1(word)),
                         qPrintable(chart->exportName() + ": no " + word));
        const QStringList elided = texts.filter(QStringLiteral("..."));
        QVERIFY2(elided.isEmpty(), qPrintable(chart->exportName() + ": " + elided.join(" ")));
    }
}

void TestPdfExport::reportPagesReadCleanly()
{
    // The report: no words over each other on any page, no label elided, and the class-by-
    // expert view titled once (the report prints no heading over a view that has its own).
    QTemporaryDir dir;
    const QString report = dir.filePath(QStringLiteral("report.pdf"));
    writeReport(report, m_window->exportables(), m_window->controls()->config(),
                m_window->latest());
    const QVector<PdfWord> words = pdfWords(report);
    QVERIFY(!words.isEmpty());
    const QStringList clashes = overlappingWords(words);
    QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(QStringLiteral(", "))));
    int classBy = 0;
    for (qsizetype i = 0; i + 2 < words.size(); ++i)
        classBy += words[i].text == "Class" && words[i + 1].text == "by"
            && words[i + 2].text == "expert";
    QCOMPARE(classBy, 1);
    for (const PdfWord &w : words)
        QVERIFY2(!w.text.contains(QStringLiteral("...")), qPrintable(w.text));
}

void TestPdfExport::exportLookIsLaidOutBeforeDrawing()
{
    // A chart on screen at its file size, whose look for a file shows a legend and axis titles
    // that the screen hides (as the loss chart's does): drawn at once, without the event loop
    // running in between, the legend and the titles are in place, not piled up in a corner.
    auto *chart = new QChart;
    auto *line = new QLineSeries;
    line->setName(QStringLiteral("dense test"));
    line->append({{0, 1.0}, {100, 0.2}});
    chart->addSeries(line);
    chart->createDefaultAxes();
    for (QAbstractAxis *axis : chart->axes()) {
        axis->setTitleText(axis->orientation() == Qt::Horizontal ? QStringLiteral("training step")
                                                                 : QStringLiteral("loss"));
        axis->setTitleVisible(false);
    }
    chart->legend()->setAlignment(Qt::AlignRight);
    chart->legend()->hide();
    QChartView view(chart);
    view.resize(800, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_COMPARE(chart->size().toSize(), QSize(800, 500));
    ChartExport exportable(chart, QStringLiteral("loss"), QStringLiteral("Loss"), {},
                           [chart](bool exporting) {
                               chart->legend()->setVisible(exporting);
                               for (QAbstractAxis *axis : chart->axes())
                                   axis->setTitleVisible(exporting);
                           });
    QTemporaryDir dir;
    const QString pdf = dir.filePath(QStringLiteral("loss.pdf"));
    writeChart(exportable, pdf, ExportFormat::Pdf);
    const QVector<PdfWord> words = pdfWords(pdf);
    QVERIFY(!words.isEmpty());
    const QStringList clashes = overlappingWords(words);
    QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(QStringLiteral(", "))));
    QRectF legend, title;
    for (const PdfWord &w : words) {
        if (w.text == QLatin1String("dense"))
            legend = w.box;
        if (w.text == QLatin1String("training"))
            title = w.box;
    }
    QVERIFY2(!legend.isNull() && legend.left() > 400, "the legend at the right, as laid out");
    QVERIFY2(!title.isNull() && title.top() > 200, "the step axis title under the plot");
}

QTEST_MAIN(TestPdfExport)
#include "tst_pdfexport.moc"
