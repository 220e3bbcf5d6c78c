// The capacity views in the window while a sweep runs and after it, at 1280x720 and 1920x1080:
// every view's legend names each kind of run once, each entry readable at a place of its own (not
// over another, not over the plot), and hovering any point names its model and its numbers.
// The sweep's runs are made up (their configurations from sweepGrid, their costs from
// CapacityChart::costPoint) and handed to the panel as the sweep worker hands them over.

#include "chartlabels.h"
#include "ui/charts/capacitychart.h"
#include "ui/charts/capacitypanel.h"
#include "ui/charts/routersharechart.h"
#include "ui/charts/runschart.h"
#include "ui/charts/steptimechart.h"
#include "ui/controls/controlpanel.h"
#include "ui/style/numberformat.h"
#include "ui/window/mainwindow.h"
#include "ui/worker/arenadata.h"

#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSet>
#include <QTest>

using namespace moe;
using namespace moe::ui;

namespace {
using View = CapacityPanel::View;
constexpr View kViews[] = {View::Parameters, View::Accuracy, View::Time, View::RouterShare};

// The sweep of `config`, each run with an accuracy and a time per step broken down by part.
QVector<SweepRun> madeUpSweep(const ArenaConfig &config)
{
    QVector<SweepRun> runs;
    int i = 0;
    for (const ModelConfig &m : sweepGrid(config)) {
        SweepRun r;
        r.config = m;
        r.label = runLabel(m);
        r.dataset = datasetKey(config);
        r.steps = 200;
        const QPointF cost = CapacityChart::costPoint(m);
        r.flops = cost.x();
        r.totalParams = qint64(cost.y());
        r.accuracy = 0.40 + 0.01 * (i * 7 % 11);
        r.loss = 1.0 - r.accuracy;
        r.stepMs = {0.1, 0.2, 0.3, 0.1, 0.8 + 0.02 * i};
        runs.append(r);
        ++i;
    }
    return runs;
}

QChart *chartOf(const CapacityPanel *panel, View view)
{
    switch (view) {
    case View::Parameters:
        return panel->parametersChart()->chart();
    case View::Accuracy:
        return panel->accuracyChart()->chart();
    case View::Time:
        return panel->timeChart()->chart();
    case View::RouterShare:
        return panel->routerShareChart()->chart();
    }
    return nullptr;
}

// The legend entries a view must show for `runs` (drawn so far).
QSet<QString> expectedLegend(View view, const QVector<SweepRun> &runs)
{
    switch (view) {
    case View::Parameters:
        return {"dense, h = 8 to 2048", "MoE, E = 1 to 256", "this dense", "this MoE"};
    case View::Time:
        return {"routing", "experts", "rest of the model", "optimiser", "other"};
    case View::RouterShare:
        return {};
    case View::Accuracy:
        break;
    }
    QSet<QString> names {"frontier"};
    for (const SweepRun &r : runs)
        names << (!r.fromSweep     ? (r.isMoe() ? "your MoE runs" : "your dense runs")
                      : !r.isMoe() ? "dense"
                      : r.config.moe.activeExperts() <= 1.0 ? "MoE, k = 1"
                                                            : QString::fromUtf8("MoE, k ≥ 2"));
    return names;
}

// Every view drawn in turn: its legend's markers (QLegend::markers) and their entries as drawn.
void checkEveryView(MainWindow &window, const QVector<SweepRun> &runs, const char *when)
{
    CapacityPanel *panel = window.capacity();
    for (View view : kViews) {
        panel->setView(view);
        window.grab(); // lays out and paints the chart as the screen would
        const QChart *chart = chartOf(panel, view);
        QSet<QString> markers;
        for (QLegendMarker *marker : chart->legend()->markers())
            if (marker->isVisible()) {
                QVERIFY2(!markers.contains(marker->label()), qPrintable(marker->label()));
                markers << marker->label();
            }
        QSet<QString> drawn;
        for (const LegendEntry &entry : legendEntries(chart))
            drawn << entry.label;
        const QString where = QStringLiteral("%1, view %2").arg(when).arg(int(view));
        if (view == View::RouterShare) { // its curves are named by the legend, from the settings
            QCOMPARE(drawn.size(), 2);
            QVERIFY2(drawn.values().join(' ').contains("Mixtral 8x7B"), qPrintable(where));
        } else {
            QVERIFY2(markers == expectedLegend(view, runs),
                     qPrintable(where + ": " + markers.values().join(", ")));
        }
        QVERIFY2(drawn == markers, qPrintable(where + ": " + drawn.values().join(", ")));
        const QStringList problems = legendProblems(chart);
        QVERIFY2(problems.isEmpty(), qPrintable(where + ": " + problems.join("; ")));
    }
}

// The window at `size`, paused, on the capacity tab once its panel has the first snapshot (the
// panel takes runs of the data it shows only).
void openOnCapacity(MainWindow &window, const QSize &size)
{
    window.resize(size);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.showCapacityView();
    const auto *families
        = qobject_cast<QXYSeries *>(window.capacity()->parametersChart()->chart()->series()[0]);
    QTRY_VERIFY_WITH_TIMEOUT(families->count() > 0, 20000);
}

// The first point of the scatter series (of `chart`) that holds a run of `kind`.
QScatterSeries *seriesNamed(const QChart *chart, const QString &name)
{
    for (QAbstractSeries *s : chart->series())
        if (auto *scatter = qobject_cast<QScatterSeries *>(s);
            scatter && scatter->name() == name && scatter->count() > 0)
            return scatter;
    return nullptr;
}
} // namespace

class TestSweepLegend : public QObject
{
    Q_OBJECT

private slots:
    void legendsStayApartWhileASweepRunsAndAfter_data();
    void legendsStayApartWhileASweepRunsAndAfter();
    void hoveringAnyPointNamesItsModel();
};

void TestSweepLegend::legendsStayApartWhileASweepRunsAndAfter_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("1280x720") << QSize(1280, 720);
    QTest::newRow("1920x1080") << QSize(1920, 1080);
}

void TestSweepLegend::legendsStayApartWhileASweepRunsAndAfter()
{
    QFETCH(QSize, size);
    MainWindow window(false);
    openOnCapacity(window, size);
    if (QTest::currentTestFailed())
        return;
    CapacityPanel *panel = window.capacity();
    const QVector<SweepRun> sweep = madeUpSweep(window.controls()->config());
    QVERIFY(sweep.size() > 10);
    // Your runs first (stars), as after training here; then the sweep, run by run, watched on
    // the Time view (the Accuracy chart fills while hidden).
    QVector<SweepRun> drawn;
    for (qsizetype i : {qsizetype(4), sweep.size() - 1}) {
        SweepRun yours = sweep[i];
        yours.fromSweep = false;
        yours.stepMs = {0.0, 0.0, 0.0, 0.0, 1.0};
        panel->addRun(yours);
        drawn << yours;
    }
    panel->setView(View::Time);
    panel->setSweepRunning(true);
    for (qsizetype i = 0; i < sweep.size(); ++i) {
        panel->addRun(sweep[i]);
        panel->setSweepProgress(int(i + 1), int(sweep.size()));
        drawn << sweep[i];
        if (i == 2 || i == sweep.size() / 2) // with only MoE k = 1 runs yet, then more kinds
            checkEveryView(window, drawn, i == 2 ? "three runs in" : "half-way");
        if (QTest::currentTestFailed())
            return;
    }
    panel->setSweepRunning(false);
    checkEveryView(window, drawn, "after the sweep");
}

void TestSweepLegend::hoveringAnyPointNamesItsModel()
{
    MainWindow window(false);
    openOnCapacity(window, QSize(1280, 720));
    if (QTest::currentTestFailed())
        return;
    CapacityPanel *panel = window.capacity();
    const QVector<SweepRun> sweep = madeUpSweep(window.controls()->config());
    SweepRun yours = sweep[3];
    yours.fromSweep = false;
    panel->addRun(yours);
    panel->setSweepRunning(true);
    for (const SweepRun &r : sweep)
        panel->addRun(r);
    panel->setSweepRunning(false);

    // Accuracy: a sweep MoE square at k >= 2 and your star name their run: E, k, h, parameters,
    // FLOPs, accuracy, time.
    panel->setView(View::Accuracy);
    window.grab();
    RunsChart *accuracy = panel->accuracyChart();
    const QString general = accuracy->hoverText();
    for (const QString &name : {QString::fromUtf8("MoE, k ≥ 2"), QStringLiteral("your MoE runs")}) {
        QScatterSeries *series = seriesNamed(accuracy->chart(), name);
        QVERIFY2(series, qPrintable(name));
        emit series->hovered(series->at(0), true);
        const QString text = accuracy->hoverText();
        const auto run = std::find_if(sweep.begin(), sweep.end(), [&](const SweepRun &r) {
            return r.flops == series->at(0).x() && r.accuracy == series->at(0).y();
        });
        QVERIFY2(run != sweep.end(), qPrintable(text));
        for (const QString &part : {run->label, grouped(double(run->totalParams)),
                                    grouped(run->flops), QString::number(run->accuracy, 'f', 3)})
            QVERIFY2(text.contains(part), qPrintable(part + " in " + text));
        QVERIFY(text.contains(QStringLiteral("E=%1").arg(run->config.moe.experts)));
        emit series->hovered(series->at(0), false);
        QCOMPARE(accuracy->hoverText(), general);
    }

    // Time: the top bar is the cheapest run.
    panel->setView(View::Time);
    window.grab();
    StepTimeChart *time = panel->timeChart();
    time->showTip(true, int(time->rows().size()) - 1);
    QVERIFY2(time->hoverText().contains(time->rows().front().label), qPrintable(time->hoverText()));
    time->showTip(false, 0);

    // Parameters: a point of the MoE family and the MoE being trained.
    panel->setView(View::Parameters);
    window.grab();
    CapacityChart *parameters = panel->parametersChart();
    const QString parametersGeneral = parameters->hoverText();
    const ModelConfig live = window.latest().moe.config;
    for (const QString &name : {QStringLiteral("MoE, E = 1 to 256"), QStringLiteral("this MoE")}) {
        QXYSeries *series = nullptr;
        for (QAbstractSeries *s : parameters->chart()->series())
            if (s->name() == name)
                series = qobject_cast<QXYSeries *>(s);
        QVERIFY2(series && series->count() > 0, qPrintable(name));
        const QPointF point = series->at(series->count() - 1);
        emit series->hovered(point, true);
        const QString text = parameters->hoverText();
        QVERIFY2(text.contains(grouped(point.y()) + " parameters"), qPrintable(text));
        QVERIFY2(text.contains(grouped(point.x()) + " FLOPs/sample"), qPrintable(text));
        ModelConfig model = live;
        if (name != QStringLiteral("this MoE"))
            model.moe.experts = 256; // the family's last point
        QVERIFY2(text.contains(runLabel(model)), qPrintable(text));
        emit series->hovered(point, false);
        QCOMPARE(parameters->hoverText(), parametersGeneral);
    }
    // On the dashed line half-way between two of its points (more than a marker apart on the
    // screen): no model is there, the general text stays.
    auto *family = qobject_cast<QXYSeries *>(parameters->chart()->series().front());
    const QPointF a = parameters->chart()->mapToPosition(family->at(3), family);
    const QPointF b = parameters->chart()->mapToPosition(family->at(4), family);
    QVERIFY(QLineF(a, b).length() > 30.0);
    emit family->hovered(parameters->chart()->mapToValue((a + b) / 2.0, family), true);
    QCOMPARE(parameters->hoverText(), parametersGeneral);
    emit family->hovered(family->at(4), true); // on its point: that dense model
    QVERIFY2(parameters->hoverText().contains(QStringLiteral("dense h=128")),
             qPrintable(parameters->hoverText()));

    // Router share: your E's marker and the live curve at E = 32.
    panel->setView(View::RouterShare);
    window.grab();
    RouterShareChart *router = panel->routerShareChart();
    QXYSeries *marker = nullptr, *curve = nullptr;
    for (QAbstractSeries *s : router->chart()->series()) {
        if (s->name().startsWith(QStringLiteral("your E = ")))
            marker = qobject_cast<QXYSeries *>(s);
        if (s->name().startsWith(QStringLiteral("yours: ")))
            curve = qobject_cast<QXYSeries *>(s);
    }
    QVERIFY(marker && curve);
    emit marker->hovered(marker->at(0), true);
    QVERIFY2(router->hoverText().contains(QStringLiteral("E = %1:").arg(live.moe.experts)),
             qPrintable(router->hoverText()));
    emit curve->hovered(QPointF(32.2, 10.0), true);
    QVERIFY2(router->hoverText().contains(QStringLiteral("E = 32: router ")),
             qPrintable(router->hoverText()));
}

QTEST_MAIN(TestSweepLegend)
#include "tst_sweeplegend.moc"
