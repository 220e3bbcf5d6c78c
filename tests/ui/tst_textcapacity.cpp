// The Text arena's capacity versus compute: the sweep's grid for an experiment, a tiny sweep
// trained end to end on its own worker, Cancel, and the tab's panel (runs in, live points from
// snapshots, the runs' CSV, the frontier).

#include "core/base/error.h"
#include "datasets/text/preparedtext.h"
#include "ui/controls/textcontrolpanel.h"
#include "ui/text/textarenaviews.h"
#include "ui/text/textcapacitycharts.h"
#include "ui/text/textcapacitypanel.h"
#include "ui/text/textsweep.h"
#include "ui/text/textsweepworker.h"
#include "ui/text/textworker.h"
#include "ui/window/textarena.h"

#include <QChart>
#include <QLineSeries>
#include <QPushButton>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <map>
#include <set>

using namespace moe;
using namespace moe::ui;

namespace {
// Small and quick: arithmetic is generated (no file), one block of width 16.
TextExperiment tiny()
{
    TextExperiment e = textClassroomDemo();
    e.corpus = "arithmetic";
    e.model.blocks = 1;
    e.model.width = 16;
    e.model.heads = 2;
    e.model.context = 16;
    e.training.sequences = 4;
    e.evalTokens = 256;
    e.evalEvery = 5;
    e.stepsPerSecond = 0;
    return e;
}

datasets::PreparedText prepared(const TextExperiment &e)
{
    return datasets::prepareText(e.corpus, {}, e.seed, e.tokenizer, e.vocab, e.model.context);
}

TextSnapshot trainedSnapshot(int steps)
{
    TextWorker worker;
    QSignalSpy snapshots(&worker, &TextWorker::snapshotReady);
    worker.configure(tiny());
    worker.trainFor(steps);
    return snapshots.last().first().value<TextSnapshot>();
}
} // namespace

class TestTextCapacity : public QObject
{
    Q_OBJECT

private slots:
    void gridHoldsTheFamiliesCheapestFirst_data()
    {
        QTest::addColumn<int>("router");
        QTest::addColumn<int>("moeRuns");
        QTest::newRow("top-k") << int(RouterKind::TopK) << 6 + 5;
        QTest::newRow("switch (k = 1 only)") << int(RouterKind::Switch) << 6;
    }

    void gridHoldsTheFamiliesCheapestFirst()
    {
        QFETCH(int, router);
        QFETCH(int, moeRuns);
        TextExperiment e = tiny();
        e.model.moe.router = RouterKind(router);
        const int vocab = 40;
        const TextModelConfig arena = e.moeModel(vocab);
        const int h = arena.moe.expertHidden;
        QVERIFY(h > 0);
        const std::vector<TextModelConfig> grid = textSweepGrid(e, vocab);
        QCOMPARE(int(grid.size()), moeRuns + 4);
        std::set<std::pair<int, int>> moe; // (E, k)
        std::set<int> dense;
        std::map<int, std::vector<const TextModelConfig *>> byK;
        double previous = 0.0;
        for (const TextModelConfig &c : grid) {
            c.validate();
            QCOMPARE(c.width, 16);
            QCOMPARE(c.blocks, 1);
            QCOMPARE(c.context, 16);
            QCOMPARE(c.vocab, vocab);
            const double flops = textModelCost(c).forwardFlopsPerToken;
            QVERIFY2(flops >= previous, qPrintable(textRunLabel(c))); // cheapest first
            previous = flops;
            if (c.isMoe()) {
                QCOMPARE(c.moe.expertHidden, h);
                QVERIFY(c.moe.effectiveTopK() <= c.moe.experts);
                moe.insert({c.moe.experts, c.moe.effectiveTopK()});
                byK[c.moe.effectiveTopK()].push_back(&c);
            } else {
                dense.insert(c.effectiveDenseHidden());
            }
        }
        QCOMPARE(dense, (std::set<int> {h, 2 * h, 4 * h, 8 * h}));
        for (int k : {1, 2})
            for (int experts : {1, 2, 4, 8, 16, 32}) {
                const bool expected
                    = k <= experts && (k == 1 || RouterKind(router) == RouterKind::TopK);
                QCOMPARE(moe.count({experts, k}) == 1, expected);
            }
        // Within one k the FLOPs are equal but for the router's 2 d E; the parameters grow.
        for (const auto &[k, family] : byK) {
            const auto withoutRouter = [](const TextModelConfig &c) {
                return textModelCost(c).forwardFlopsPerToken - 2.0 * c.width * c.moe.experts;
            };
            for (const TextModelConfig *c : family) {
                QCOMPARE(withoutRouter(*c), withoutRouter(*family.front()));
                if (c != family.front())
                    QVERIFY(textModelCost(*c).totalParams > textModelCost(*(c - 1)).totalParams);
            }
        }
    }

    void tinySweepTrainsEveryRunOfTheGrid()
    {
        const TextExperiment e = tiny();
        TextSweepWorker worker;
        QSignalSpy runs(&worker, &TextSweepWorker::runFinished);
        QSignalSpy progress(&worker, &TextSweepWorker::progress);
        QSignalSpy finished(&worker, &TextSweepWorker::finished);
        worker.run(e, 20, 1);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().at(0).toBool(), false);
        QCOMPARE(finished.first().at(1).toString(), QString());
        const datasets::PreparedText text = prepared(e);
        const std::vector<TextModelConfig> grid = textSweepGrid(e, text.tokenizer->vocabSize());
        QCOMPARE(runs.size(), int(grid.size()));
        QCOMPARE(progress.last().at(0).toInt(), int(grid.size()));
        for (int i = 0; i < runs.size(); ++i) {
            const TextSweepRun run = runs[i].first().value<TextSweepRun>();
            QCOMPARE(run.label, textRunLabel(grid[std::size_t(i)]));
            QCOMPARE(run.steps, qint64(20));
            QVERIFY(run.fromSweep);
            QVERIFY2(std::isfinite(run.bitsPerChar) && run.bitsPerChar > 0.0,
                     qPrintable(run.label));
            QVERIFY(run.totalParams > 0 && run.activeParams > 0);
            QVERIFY(run.activeParams <= run.totalParams);
            QCOMPARE(run.flops, textModelCost(grid[std::size_t(i)]).forwardFlopsPerToken);
            QVERIFY(run.msPerStep > 0.0);
            QCOMPARE(run.data, textDataKey(text, e.tokenizer));
        }
        // Same seed, same numbers: a run trained again alone scores the same.
        const std::optional<TextSweepRun> again = trainTextRun(grid[3], e, text, 20);
        QVERIFY(again.has_value());
        QCOMPARE(again->bitsPerChar, runs[3].first().value<TextSweepRun>().bitsPerChar);
    }

    void cancelStopsTheSweep()
    {
        const TextExperiment e = tiny();
        TextSweepWorker worker;
        QSignalSpy runs(&worker, &TextSweepWorker::runFinished);
        QSignalSpy finished(&worker, &TextSweepWorker::finished);
        connect(&worker, &TextSweepWorker::runFinished, &worker, [&worker] { worker.cancel(); });
        worker.run(e, 20, 1);
        QCOMPARE(runs.size(), 1);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().at(0).toBool(), true);
        // A cancel before the sweep starts stops it before the first run; rearm() undoes it.
        worker.disconnect(&worker);
        worker.cancel();
        worker.run(e, 20, 1);
        QCOMPARE(runs.size(), 1);
        QCOMPARE(finished.last().at(0).toBool(), true);
        // One run stops at the step it is asked: the question comes before every step.
        const datasets::PreparedText text = prepared(e);
        int asked = 0;
        const auto cancelled = [&asked] { return ++asked > 3; };
        QVERIFY(!trainTextRun(textSweepGrid(e, text.tokenizer->vocabSize()).front(), e, text, 20,
                              cancelled));
        QCOMPARE(asked, 4);
    }

    void panelRecordsLivePointsAndRunsAndExportsThem()
    {
        const TextSnapshot s = trainedSnapshot(10);
        TextCapacityPanel panel;
        panel.resize(1000, 500);
        panel.showSnapshot(s);
        QCOMPARE(panel.runs().size(), 2); // the live dense model and the live MoE
        for (const TextSweepRun &r : panel.runs()) {
            QVERIFY(!r.fromSweep);
            const TextModelSnapshot &m = r.isMoe() ? s.moe : s.dense;
            QCOMPARE(r.flops, m.cost.forwardFlopsPerToken);
            QCOMPARE(r.totalParams, qint64(m.cost.totalParams));
            QCOMPARE(r.bitsPerChar, m.validationBits.back().y());
            QCOMPARE(r.msPerStep, m.msPerStep);
            QCOMPARE(r.steps, qint64(10));
        }
        // The parameters chart: the grid's families as lines, the live models as stars.
        TextCapacityCharts *charts = panel.charts();
        int familyPoints = 0;
        for (QAbstractSeries *series : charts->parameters()->series())
            if (auto *line = qobject_cast<QLineSeries *>(series);
                line && !qobject_cast<QScatterSeries *>(series))
                familyPoints += int(line->count());
        QCOMPARE(familyPoints, int(textSweepGrid(s.moe.config, s.dense.config).size()));
        // Sweep runs on this text are kept, on other text ignored; one CSV row per run.
        const QString key = textDataKey(s.corpus, s.tokenizer, s.vocab);
        TextSweepRun cheap, dear, elsewhere;
        cheap.config = s.dense.config;
        cheap.config.denseHidden = 8;
        cheap.label = textRunLabel(cheap.config);
        cheap.data = key;
        cheap.flops = 100.0;
        cheap.totalParams = cheap.activeParams = 1000;
        cheap.bitsPerChar = 3.0;
        cheap.msPerStep = 1.0;
        cheap.steps = 20;
        dear = cheap;
        dear.config.denseHidden = 64;
        dear.label = textRunLabel(dear.config);
        dear.flops = 1e9;
        dear.bitsPerChar = 0.01;
        elsewhere = cheap;
        elsewhere.data = QStringLiteral("shakespeare|char|65");
        panel.addRun(cheap);
        panel.addRun(dear);
        panel.addRun(elsewhere);
        QCOMPARE(panel.runs().size(), 4);
        const QString csv = panel.runsCsv();
        QVERIFY(csv.startsWith(QStringLiteral("label,source,experts,top_k,hidden,total_params")));
        QCOMPARE(csv.count(QLatin1Char('\n')), 5);
        QVERIFY(csv.contains(QStringLiteral("dense h=64,sweep,0,0,64,1000,1000,1e+09,20,0.01,1")));
        // The frontier runs from the cheapest run to the dearest, the best at the right.
        const QVector<QPointF> &frontier = charts->frontier();
        QVERIFY(frontier.size() >= 2);
        QCOMPARE(frontier.front(), QPointF(100.0, 3.0));
        QCOMPARE(frontier.back(), QPointF(1e9, 0.01));
        // A new text starts an empty list.
        TextSnapshot other = s;
        other.corpus = QStringLiteral("python");
        panel.showSnapshot(other);
        QCOMPARE(panel.runs().size(), 2);
        QVERIFY(std::none_of(panel.runs().begin(), panel.runs().end(),
                             [](const TextSweepRun &r) { return r.fromSweep; }));
    }

    void panelTellsTheSweepState()
    {
        TextCapacityPanel panel;
        QSignalSpy requested(&panel, &TextCapacityPanel::sweepRequested);
        QSignalSpy cancel(&panel, &TextCapacityPanel::cancelRequested);
        panel.setStepsPerRun(40);
        const QString idle = panel.statusText();
        panel.findChild<QPushButton *>()->click();
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.first().first().toInt(), 40);
        panel.setSweepRunning(true);
        QVERIFY(panel.statusText().contains(QStringLiteral("live training is paused")));
        panel.findChild<QPushButton *>()->click();
        QCOMPARE(cancel.size(), 1);
        panel.setSweepRunning(false);
        QCOMPARE(panel.statusText(), idle);
    }

    void arenaSweepsWithLiveTrainingPausedAndShowsTheTab()
    {
        TextArena arena(nullptr, 1);
        TextExperiment e = tiny();
        e.stepBudget = 0; // plays until paused
        e.stepsPerSecond = 30;
        arena.controls()->apply(e);
        arena.activate(true);
        QTRY_VERIFY_WITH_TIMEOUT(arena.playing(), 20000);
        TextCapacityPanel *panel = arena.views()->capacity();
        QSignalSpy finished(&arena, &TextArena::sweepFinished);
        QVector<bool> playing; // live training's states from here on, as the arena hears them
        connect(arena.worker(), &TextWorker::playingChanged, &arena,
                [&playing](bool p) { playing.append(p); });
        arena.startSweep(10);
        QVERIFY(arena.sweeping());
        QVERIFY(panel->sweepRunning());
        QCOMPARE(arena.views()->tabs()->currentWidget(), static_cast<QWidget *>(panel));
        QCOMPARE(panel->view(), TextCapacityPanel::View::Loss); // the view its runs fill
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY(!panel->sweepRunning());
        const auto swept = std::count_if(panel->runs().begin(), panel->runs().end(),
                                         [](const TextSweepRun &r) { return r.fromSweep; });
        QCOMPARE(int(swept), 15);
        QTRY_VERIFY_WITH_TIMEOUT(arena.playing(), 10000);
        QCOMPARE(playing, (QVector<bool> {false, true})); // paused for the sweep, then resumed
        arena.pause();
        QCOMPARE(arena.views()->bringToFront(QStringLiteral("text-capacity-time")),
                 static_cast<QWidget *>(panel));
        QCOMPARE(arena.views()->tabs()->currentWidget(), static_cast<QWidget *>(panel));
        QCOMPARE(panel->view(), TextCapacityPanel::View::Time);
        // Another text cancels a sweep: its runs would compare with nothing shown.
        finished.clear();
        arena.startSweep(50000);
        QVERIFY(arena.sweeping());
        TextExperiment other = e;
        other.corpus = "shakespeare";
        arena.controls()->apply(other);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QCOMPARE(finished.first().first().toBool(), true);
    }
};

QTEST_MAIN(TestTextCapacity)
#include "tst_textcapacity.moc"
