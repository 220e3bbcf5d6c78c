// Every chart of the window, at 1280x720 and 1920x1080, windowed and in presentation mode,
// offscreen: the tick labels, titles and legends read back from the charts' scenes, none elided
// to "..." by Qt Charts, and every plot shown tall enough to read.

#include "chartlabels.h"
#include "ui/charts/axisticks.h"
#include "ui/charts/expertloadpanel.h"
#include "ui/controls/controlpanel.h"
#include "ui/export/arenaviews.h"
#include "ui/window/mainwindow.h"

#include <QChart>
#include <QChartView>
#include <QLogValueAxis>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QValueAxis>
#include <cmath>

using namespace moe;
using namespace moe::ui;

class TestChartTicks : public QObject
{
    Q_OBJECT

private slots:
    void niceSteps();
    void noLabelIsElided_data();
    void noLabelIsElided();
};

void TestChartTicks::niceSteps()
{
    QCOMPARE(niceStep(100000, 3), 50000.0); // never 33333
    QCOMPARE(niceStep(100000, 10), 10000.0);
    QCOMPARE(niceStep(1.0, 4), 0.5);
    QCOMPARE(niceStep(60, 3), 20.0);
    QCOMPARE(niceTop(66), 80.0);
    QCOMPARE(niceTop(0.27), 0.3);
    // A short axis has room for fewer labels than a long one.
    const QFont font;
    QVERIFY(roomForIntervals(60, Qt::Vertical, font, "0.5")
            < roomForIntervals(300, Qt::Vertical, font, "0.5"));
    // A log axis keeps its own base (2 for FLOPs: 1024, 2048, ...), thinned to every 2nd, 3rd
    // ... power when short; never a power of 10 that has no tick inside the range.
    QLogValueAxis flops;
    flops.setBase(2.0);
    flops.setRange(700.0, 20000.0);
    fitLogTicks(&flops, 800.0);
    QCOMPARE(flops.base(), 2.0);
    fitLogTicks(&flops, 80.0);
    QVERIFY(flops.base() > 2.0);
    QCOMPARE(std::log2(flops.base()), std::round(std::log2(flops.base())));
    fitLogTicks(&flops, 800.0);
    QCOMPARE(flops.base(), 2.0);
}

void TestChartTicks::noLabelIsElided_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<bool>("present");
    for (const QSize size : {QSize(1280, 720), QSize(1920, 1080)})
        for (bool present : {false, true})
            QTest::addRow("%dx%d%s", size.width(), size.height(), present ? " present" : "")
                << size << present;
}

void TestChartTicks::noLabelIsElided()
{
    QFETCH(QSize, size);
    QFETCH(bool, present);
    MainWindow window(false);
    window.resize(size);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.setPresentationMode(present);
    QSignalSpy shown(&window, &MainWindow::snapshotShown);
    for (int i = 0; i < 60; ++i)
        emit window.controls()->stepRequested();
    QTRY_VERIFY(shown.count() > 0);
    QTest::qWait(300); // the last snapshot drawn, the layouts settled
    // Every chart, each brought to the front in turn (a narrow window puts the expert load in a
    // tab beside the curves): those on screen are read back.
    auto *views = window.findChild<ArenaViews *>();
    QVERIFY(views);
    QSet<QChart *> checked;
    for (const auto &exported : views->chartExports()) {
        QVERIFY(views->bringToFront(exported->exportName()));
        QTest::qWait(150); // the tab's layout settled
        for (QChartView *view : window.findChildren<QChartView *>()) {
            if (!view->isVisible())
                continue;
            QChart *chart = view->chart();
            const QStringList texts = chartTexts(chart);
            const QStringList elided = elidedLabels(chart);
            const QString name = exported->exportName() + QStringLiteral(" in front, ")
                + (chart->title().isEmpty() ? QStringLiteral("untitled chart") : chart->title());
            QVERIFY2(elided.isEmpty(),
                     qPrintable(name + ": " + elided.join(QStringLiteral(" | "))));
            // The plot at least three tick-label lines high: two ticks apart, a curve one can
            // read.
            int line = 0;
            for (QAbstractAxis *axis : chart->axes(Qt::Vertical))
                line = std::max(line, QFontMetrics(axis->labelsFont()).height());
            QVERIFY2(chart->plotArea().height() >= 3 * line,
                     qPrintable(QStringLiteral("%1: plot %2 px high, labels %3 px")
                                    .arg(name)
                                    .arg(chart->plotArea().height())
                                    .arg(line)));
            QVERIFY(!texts.isEmpty());
            checked.insert(chart);
        }
    }
    // The load now and over time, loss, accuracy and the four capacity-versus-compute charts.
    QCOMPARE(checked.size(), qsizetype(views->chartExports().size()));
    window.setPresentationMode(false);
}

QTEST_MAIN(TestChartTicks)
#include "tst_chartticks.moc"
