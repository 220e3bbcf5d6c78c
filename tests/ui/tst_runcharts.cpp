// The run charts of the capacity tab, offscreen: hovering a point or a bar names its run, and the
// accuracy chart's legend keeps every kind of run apart as runs arrive.

#include "chartlabels.h"
#include "ui/charts/runschart.h"
#include "ui/charts/steptimechart.h"

#include <QApplication>
#include <QChart>
#include <QScatterSeries>
#include <QTest>

using namespace moe;
using namespace moe::ui;

class TestRunCharts : public QObject
{
    Q_OBJECT

private slots:
    void hoveringAPointOrBarNamesItsRun();
    void runsLegendKeepsEveryKindApart();
};

void TestRunCharts::hoveringAPointOrBarNamesItsRun()
{
    // The docs promise a point's configuration on hover: the view's tooltip (which Qt shows after
    // a pause, over any text shown at once) is the run's while it is hovered, the general one
    // after.
    SweepRun moeRun;
    moeRun.config.blockKind = BlockKind::Moe;
    moeRun.config.moe.experts = 16;
    moeRun.config.moe.topK = 2;
    moeRun.label = runLabel(moeRun.config);
    moeRun.fromSweep = true;
    moeRun.flops = 1200;
    moeRun.accuracy = 0.9;
    moeRun.loss = 0.3;
    moeRun.stepMs = {0.1, 0.2, 0.3, 0.4, 1.1};
    RunsChart chart;
    chart.setRuns({moeRun});
    const QString general = chart.hoverText();
    QScatterSeries *hit = nullptr;
    for (QAbstractSeries *s : chart.chart()->series())
        if (auto *scatter = qobject_cast<QScatterSeries *>(s); scatter && scatter->count() == 1)
            hit = scatter;
    QVERIFY(hit);
    emit hit->hovered(hit->at(0), true);
    QVERIFY2(chart.hoverText().contains(moeRun.label), qPrintable(chart.hoverText()));
    QVERIFY(chart.hoverText().contains("0.900"));
    emit hit->hovered(hit->at(0), false);
    QCOMPARE(chart.hoverText(), general);

    StepTimeChart time;
    time.setRuns({moeRun});
    const QString timeGeneral = time.hoverText();
    time.showTip(true, 0);
    QVERIFY2(time.hoverText().contains(moeRun.label), qPrintable(time.hoverText()));
    time.showTip(false, 0);
    QCOMPARE(time.hoverText(), timeGeneral);
}

void TestRunCharts::runsLegendKeepsEveryKindApart()
{
    // Your runs first (the sweep's legend entries hidden), then a sweep's: every entry shows, at
    // a place of its own (they had stacked under "your MoE runs").
    SweepRun yoursDense, yoursMoe, dense, moe1, moe2;
    yoursDense.config.blockKind = BlockKind::Dense;
    yoursDense.fromSweep = false;
    yoursDense.flops = 1000;
    yoursDense.accuracy = 0.8;
    yoursDense.loss = 0.5;
    yoursMoe = yoursDense;
    yoursMoe.config.blockKind = BlockKind::Moe;
    yoursMoe.config.moe.experts = 8;
    yoursMoe.config.moe.topK = 2;
    yoursMoe.flops = 1100;
    dense = yoursDense;
    dense.fromSweep = true;
    dense.flops = 900;
    moe1 = yoursMoe;
    moe1.fromSweep = true;
    moe1.config.moe.topK = 1;
    moe1.flops = 800;
    moe2 = yoursMoe;
    moe2.fromSweep = true;
    moe2.flops = 1200;
    RunsChart chart;
    chart.resize(700, 420);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setRuns({yoursDense, yoursMoe});
    QApplication::processEvents();
    chart.setRuns({yoursDense, yoursMoe, dense, moe1, moe2});
    QApplication::processEvents();
    chart.grab();
    const QStringList texts = chartTexts(chart.chart());
    for (const char *entry : {"dense", "MoE, k = 1", "your dense runs", "your MoE runs"})
        QVERIFY2(texts.contains(QString::fromUtf8(entry)), entry);
    const QStringList clashes = overlappingTexts(chart.chart());
    QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(QStringLiteral(", "))));
}

QTEST_MAIN(TestRunCharts)
#include "tst_runcharts.moc"
