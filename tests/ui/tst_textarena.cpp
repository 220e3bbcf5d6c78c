// The Text arena: its worker (commands in, value snapshots out: curves in bits per character with
// their reference levels, the passage routed, samples, analyses), live and structural settings,
// refused settings, and the window's switch between the arenas.

#include "core/base/error.h"
#include "files/experimentfile.h"
#include "files/textexperimentfile.h"
#include "ui/controls/textcontrolpanel.h"
#include "ui/export/chartexport.h"
#include "ui/lessons/explanations.h"
#include "ui/text/textarenaviews.h"
#include "ui/text/textexports.h"
#include "ui/text/textworker.h"
#include "ui/text/tokenstrip.h"
#include "ui/window/mainwindow.h"
#include "ui/window/textarena.h"
#include "ui/worker/trainingworker.h"

#include <QFile>
#include <QFileInfo>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

using namespace moe;
using namespace moe::ui;

namespace {
// Small and quick: arithmetic is generated (no file), one block of width 16.
TextExperiment tiny()
{
    TextExperiment e = textClassroomDemo();
    e.corpus = "arithmetic";
    e.model.blocks = 2;
    e.model.width = 16;
    e.model.heads = 2;
    e.model.context = 16;
    e.model.moe.experts = 4;
    e.training.sequences = 4;
    e.evalEvery = 5;
    e.evalTokens = 256;
    e.stepsPerSecond = 0;
    return e;
}

TextSnapshot last(const QSignalSpy &spy)
{
    return spy.last().first().value<TextSnapshot>();
}
} // namespace

class TestTextArena : public QObject
{
    Q_OBJECT

private slots:
    void workerTrainsBothModelsAndDescribesTheRouting()
    {
        TextWorker worker;
        QSignalSpy snapshots(&worker, &TextWorker::snapshotReady);
        worker.configure(tiny());
        QVERIFY(!snapshots.isEmpty());
        const TextSnapshot first = last(snapshots);
        QCOMPARE(first.step, qint64(0));
        QCOMPARE(first.corpus, QStringLiteral("arithmetic"));
        QVERIFY(first.bigramBits > 0.0 && first.bigramBits < first.unigramBits);
        QCOMPARE(first.moe.validationBits.size(), 1);
        worker.trainFor(20);
        const TextSnapshot s = last(snapshots);
        QCOMPARE(s.step, qint64(20));
        QCOMPARE(s.moe.batchBits.size(), 20);
        // evaluated at 1, 2, 5, 10, 15, 20 and at the start
        QCOMPARE(s.moe.validationBits.size(), 7);
        QCOMPARE(s.dense.validationBits.back().x(), 20.0);
        QVERIFY(s.moe.validationBits.back().y() < s.moe.validationBits.front().y());
        // The passage: the validation text's first line onwards, routed in both layers.
        QVERIFY(s.passage.tokens.size() > 50);
        QCOMPARE(qsizetype(s.passage.tokens.size()), s.passageText.size());
        QCOMPARE(s.passage.blocks, (std::vector<int> {1, 2}));
        QCOMPARE(s.passage.tokens[3].layers[1].experts.size(), std::size_t(2));
        // Samples: the prompt token and TextWorker::kSampleTokens more, routed, for both models.
        QCOMPARE(int(s.moe.sample.size()), 1 + TextWorker::kSampleTokens);
        QCOMPARE(int(s.dense.sample.size()), 1 + TextWorker::kSampleTokens);
        QCOMPARE(s.moe.sample[5].layers.size(), std::size_t(2));
        QVERIFY(s.dense.sample[5].layers.empty());
        QVERIFY(s.moe.cannotGenerate.isEmpty());
        // Analyses, with their history: the router settling since the previous evaluation.
        QCOMPARE(s.analysis.layers.size(), std::size_t(2));
        QCOMPARE(s.analysedStep, qint64(20));
        QCOMPARE(s.expertTokens.size(), std::size_t(2));
        QCOMPARE(s.expertTokens[0].size(), std::size_t(4));
        QCOMPARE(s.agreement[0].size(), 7);
        QCOMPARE(s.changed[0].size(), 6);
        double load = 0.0;
        for (const ExpertTokens &e : s.expertTokens[0])
            load += e.load;
        QVERIFY(std::abs(load - 1.0) < 1e-9);
        // The same seed trains the same numbers.
        TextWorker again;
        QSignalSpy more(&again, &TextWorker::snapshotReady);
        again.configure(tiny());
        again.trainFor(20);
        QCOMPARE(last(more).moe.validationBits, s.moe.validationBits);
        QCOMPARE(last(more).dense.batchBits, s.dense.batchBits);
    }

    void aTypedPassageIsRouted()
    {
        TextWorker worker;
        QSignalSpy snapshots(&worker, &TextWorker::snapshotReady);
        worker.configure(tiny());
        worker.submitPassage(QStringLiteral("12+34=46\n"));
        QTRY_VERIFY(!last(snapshots).passage.tokens.empty()
                    && last(snapshots).passageText.size() == 9);
        const TextSnapshot s = last(snapshots);
        QCOMPARE(s.passageText.first(), QStringLiteral("1"));
        QCOMPARE(s.passageText.last(), QString(QChar(0x23CE)));
        QCOMPARE(s.passage.tokens[0].loss, -1.0);
        QVERIFY(s.passage.tokens[1].loss > 0.0);
    }

    void liveSettingsKeepTheRunStructuralOnesRebuild()
    {
        TextWorker worker;
        QSignalSpy snapshots(&worker, &TextWorker::snapshotReady);
        TextExperiment e = tiny();
        worker.configure(e);
        worker.trainFor(3);
        const int run = last(snapshots).run;
        e.training.learningRate = 1e-2f;
        e.model.moe.capacityFactor = 2.0;
        e.temperature = 1.5f;
        worker.configure(e);
        QCOMPARE(last(snapshots).run, run);
        QCOMPARE(last(snapshots).step, qint64(3));
        e.model.moe.experts = 6;
        worker.configure(e);
        QCOMPARE(last(snapshots).run, run + 1);
        QCOMPARE(last(snapshots).step, qint64(0));
        QCOMPARE(last(snapshots).moe.config.moe.experts, 6);
    }

    void refusedSettingsKeepTheRun()
    {
        TextWorker worker;
        QSignalSpy snapshots(&worker, &TextWorker::snapshotReady);
        QSignalSpy errors(&worker, &TextWorker::errorOccurred);
        worker.configure(tiny());
        worker.trainFor(2);
        TextExperiment bad = tiny();
        bad.model.width = 18; // not a multiple of 4 heads
        bad.model.heads = 4;
        worker.configure(bad);
        QCOMPARE(errors.size(), 1);
        QVERIFY(errors.last().first().toString().contains(QStringLiteral("multiple")));
        QCOMPARE(errors.last().at(1).value<TextExperiment>().model.width, 16);
        TextExperiment missing = tiny();
        missing.corpus = "/nonexistent/notes.txt";
        worker.configure(missing);
        QCOMPARE(errors.size(), 2);
        QVERIFY(errors.last().first().toString().contains(QStringLiteral("notes.txt")));
        worker.trainFor(1);
        QCOMPARE(last(snapshots).step, qint64(3));
        QCOMPARE(last(snapshots).corpus, QStringLiteral("arithmetic"));
    }

    void aTextFileLoadsWithProgressAndCanBeCancelled()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("notes.txt"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        for (int i = 0; i < 20000; ++i)
            file.write("Some notes, line by line: 12+30=42.\n");
        file.close();
        TextWorker worker;
        QSignalSpy snapshots(&worker, &TextWorker::snapshotReady);
        QSignalSpy progress(&worker, &TextWorker::loadingProgress);
        QSignalSpy stages(&worker, &TextWorker::loadingStage);
        QSignalSpy finished(&worker, &TextWorker::loadingFinished);
        worker.configure(tiny());
        progress.clear();
        TextExperiment e = tiny();
        e.corpus = path.toStdString();
        worker.configure(e);
        QCOMPARE(last(snapshots).corpus, QStringLiteral("notes.txt"));
        QCOMPARE(finished.size(), 2);
        QVERIFY(progress.size() >= 4);
        QList<double> fractions;
        for (const QList<QVariant> &p : progress)
            fractions << p.first().toDouble();
        QCOMPARE(fractions.last(), 1.0);
        QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
        QVERIFY(stages.last().first().toString() == QStringLiteral("tokenizing"));
        // Cancelled: the run goes on where it was, on its own text.
        QSignalSpy cancelled(&worker, &TextWorker::loadCancelled);
        worker.trainFor(2);
        // Cancel pressed while the text is read: the load stops at its next stage.
        const QMetaObject::Connection cancel = connect(&worker, &TextWorker::loadingStage, &worker,
                                                       [&worker] { worker.cancelLoading(); });
        worker.configure(tiny()); // back to arithmetic: a new text, cancelled
        disconnect(cancel);
        QCOMPARE(cancelled.size(), 1);
        QCOMPARE(last(snapshots).corpus, QStringLiteral("notes.txt"));
        QCOMPARE(last(snapshots).step, qint64(2));
        worker.configure(tiny()); // not cancelled this time
        QCOMPARE(last(snapshots).corpus, QStringLiteral("arithmetic"));
    }

    void expertChoiceSaysWhyItCannotGenerate()
    {
        TextWorker worker;
        QSignalSpy snapshots(&worker, &TextWorker::snapshotReady);
        TextExperiment e = tiny();
        e.model.moe.router = RouterKind::ExpertChoice;
        worker.configure(e);
        const TextSnapshot s = last(snapshots);
        QVERIFY(s.moe.sample.empty());
        QVERIFY(s.moe.cannotGenerate.contains(QStringLiteral("tokens after it")));
        QCOMPARE(int(s.dense.sample.size()), 1 + TextWorker::kSampleTokens);
    }

    void experimentsAndModelsSaveAndOpen()
    {
        QTemporaryDir dir;
        TextExperiment e = tiny();
        e.model.moe.router = RouterKind::AuxFree;
        e.model.moe.capacityFactor.reset();
        e.temperature = 1.25f;
        e.matchCompute = false;
        e.model.moe.expertHidden = 20;
        const QString experiment = dir.filePath(QStringLiteral("text.json"));
        files::saveTextExperiment(experiment, e);
        const TextExperiment back = files::loadTextExperiment(experiment);
        QCOMPARE(files::textExperimentToJson(back), files::textExperimentToJson(e));
        QVERIFY_THROWS_EXCEPTION(DataError, files::readExperiment(experiment)); // not a 2-D one

        TextWorker worker;
        QSignalSpy snapshots(&worker, &TextWorker::snapshotReady);
        QSignalSpy done(&worker, &TextWorker::fileDone);
        worker.configure(e);
        worker.trainFor(12);
        const TextSnapshot trained = last(snapshots);
        const QString model = dir.filePath(QStringLiteral("moe.json"));
        worker.saveModel(model, true);
        QCOMPARE(done.size(), 1);
        // Opened in a fresh arena of other settings: the arena takes the model's, and the
        // model scores what it scored when saved.
        TextWorker other;
        QSignalSpy opened(&other, &TextWorker::snapshotReady);
        QSignalSpy adopted(&other, &TextWorker::configAdopted);
        other.configure(tiny());
        other.openModel(model);
        QCOMPARE(adopted.size(), 1);
        const TextExperiment now = adopted.last().first().value<TextExperiment>();
        QCOMPARE(now.model.moe.router, RouterKind::AuxFree);
        QCOMPARE(now.model.moe.expertHidden, 20);
        QCOMPARE(last(opened).moe.validationBits.back().y(), trained.moe.validationBits.back().y());
        // A 2-D model file is refused with what it is, and the run goes on.
        QSignalSpy failed(&other, &TextWorker::fileFailed);
        const QString bad = dir.filePath(QStringLiteral("bad.json"));
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"format\": \"moelab-experiment\"}");
        file.close();
        other.openModel(bad);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(last(opened).moe.config.moe.router, RouterKind::AuxFree);
    }

    void everyViewExportsAndTheArenaExportsWhole()
    {
        TextArena arena(nullptr, 1);
        arena.controls()->apply(tiny());
        arena.activate(false);
        QTRY_VERIFY_WITH_TIMEOUT(arena.latest().run > 0, 20000);
        arena.views()->resize(900, 650);
        arena.views()->show();
        QTRY_VERIFY(arena.views()->passageStrip()->tokenCount() > 0); // the first snapshot drawn
        const std::vector<Exportable *> &views = arena.views()->exportables();
        QStringList names;
        for (Exportable *view : views) {
            names << view->exportName();
            QVERIFY2(explanation(view->exportName()).size() > 150, qPrintable(view->exportName()));
            QVERIFY2(view->exportCsv().count(QLatin1Char('\n')) >= 2,
                     qPrintable(view->exportName()));
            for (ExportFormat format : {ExportFormat::Png, ExportFormat::Svg, ExportFormat::Pdf})
                QVERIFY2(chartBytes(*view, format).size() > 1000, qPrintable(view->exportName()));
        }
        QCOMPARE(
            names,
            (QStringList {"text-loss", "text-token-strip", "text-generated-moe",
                          "text-generated-dense", "text-expert-tokens", "text-domain-by-expert",
                          "text-drops-by-position", "text-settling", "text-capacity-params",
                          "text-capacity-loss", "text-capacity-time"}));
        QTemporaryDir dir;
        const QStringList written = exportAllText(dir.path(), ExportFormat::Svg, views,
                                                  arena.controls()->config(), arena.latest());
        QCOMPARE(written.size(), 2 * int(views.size()) + 2);
        QCOMPARE(
            files::loadTextExperiment(dir.filePath(QStringLiteral("text-experiment.json"))).corpus,
            std::string("arithmetic"));
        const QString summary = textSummaryCsv(arena.latest());
        QVERIFY(summary.startsWith(QStringLiteral("model,title,total_params")));
        QCOMPARE(summary.count(QLatin1Char('\n')), 3);
        const QString report = dir.filePath(QStringLiteral("report.pdf"));
        writeTextReport(report, views, arena.controls()->config(), arena.latest());
        QVERIFY(QFileInfo(report).size() > 10000);
    }

    void tokenStripShowsAndExportsTheRouting()
    {
        TokenStrip strip(QStringLiteral("strip"), QStringLiteral("Strip"));
        StripToken a, b;
        a.text = QStringLiteral("a");
        a.layers.push_back({{2, 0}, {0.7f, 0.3f}, {0.3f, 0.0f, 0.7f}, {}, false});
        b.text = QStringLiteral("b");
        b.lossBits = 1.5;
        b.layers.push_back({{1}, {1.0f}, {0.1f, 0.9f, 0.0f}, {0}, false});
        strip.setTokens({a, b}, {3}, 3);
        strip.resize(300, 60);
        QCOMPARE(strip.tokenAt(QPoint(2, 5)), 0);
        QCOMPARE(strip.tokenAt(QPoint(299, 59)), -1);
        QVERIFY(strip.describe(0).contains(QStringLiteral("expert 3 (gate 0.70)")));
        QVERIFY(strip.describe(1).contains(QStringLiteral("dropped</b> by full expert 1")));
        QVERIFY(strip.describe(1).contains(QStringLiteral("1.50 bits")));
        QCOMPARE(strip.exportCsv(),
                 QStringLiteral("position,token,loss_bits,block3_experts,"
                                "block3_gates,block3_dropped\n"
                                "1,a,,3 1,0.7 0.3,\n2,b,1.5,2,1,1\n"));
    }

    void theWindowSwitchesArenasAndKeepsEach()
    {
        MainWindow window(false);
        window.resize(1280, 720);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        TextArena *text = window.textArena();
        TextExperiment e = tiny();
        text->controls()->apply(e);
        window.showArena(MainWindow::Arena::Text);
        QCOMPARE(window.arena(), MainWindow::Arena::Text);
        QVERIFY(text->views()->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(text->latest().run > 0, 20000);
        QCOMPARE(text->latest().corpus, QStringLiteral("arithmetic"));
        // Space plays the arena on screen.
        QTest::keyClick(&window, Qt::Key_Space);
        QTRY_VERIFY_WITH_TIMEOUT(text->playing(), 5000);
        window.showArena(MainWindow::Arena::TwoD); // the Text arena pauses, keeps its settings
        QTRY_VERIFY_WITH_TIMEOUT(!text->playing(), 5000);
        QCOMPARE(text->controls()->config().corpus, std::string("arithmetic"));
        window.showArena(MainWindow::Arena::Text); // it was playing when left: it plays again
        QTRY_VERIFY_WITH_TIMEOUT(text->playing(), 5000);
        QCOMPARE(text->controls()->config().model.width, 16);
        QTest::keyClick(&window, Qt::Key_Space);
        QTRY_VERIFY_WITH_TIMEOUT(!text->playing(), 5000);
        // Typing into the passage routes it; its spaces are text, not Play.
        text->views()->passageEditor()->setFocus();
        text->views()->passageEditor()->selectAll(); // typed over the default passage
        QTest::keyClicks(text->views()->passageEditor(), QStringLiteral("7*8=56 "));
        QTRY_VERIFY_WITH_TIMEOUT(
            text->latest().passageText.join(QString()).startsWith(QStringLiteral("7*8=56")), 10000);
        QCOMPARE(text->views()->passageEditor()->toPlainText(), QStringLiteral("7*8=56 "));
        QVERIFY(!text->playing());
    }
};

QTEST_MAIN(TestTextArena)
#include "tst_textarena.moc"
