// The window's life while it trains: Reset, opening an experiment and closing the window in the
// middle of training stop or restart the worker cleanly (no crash, no hang, no stale run).

#include "files/experimentfile.h"
#include "ui/controls/controlpanel.h"
#include "ui/window/mainwindow.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

using namespace moe;
using namespace moe::ui;

namespace {
// As fast as the machine goes and without a step budget: these tests need many steps quickly
// (the app opens at a watchable speed with a budget of a few thousand steps).
void trainFlatOut(MainWindow &window)
{
    ArenaConfig config = window.controls()->config();
    config.stepsPerSecond = 0;
    config.stepBudget = 0;
    window.controls()->apply(config);
}
} // namespace

class TestLifecycle : public QObject
{
    Q_OBJECT

private slots:
    void resetWhileTrainingStartsANewRun();
    void openingAnExperimentWhileTrainingSwitchesRuns();
    void closingWhileTrainingStopsTheWorker();
};

void TestLifecycle::resetWhileTrainingStartsANewRun()
{
    MainWindow window(true);
    trainFlatOut(window);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(window.latest().step > 500, 20000);
    const int run = window.latest().run;
    emit window.controls()->resetRequested();
    // A new run, from step 0, and still playing: it trains on.
    QTRY_VERIFY_WITH_TIMEOUT(window.latest().run > run, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(window.latest().step > 100, 20000);
    QVERIFY(window.latest().playing);
}

void TestLifecycle::openingAnExperimentWhileTrainingSwitchesRuns()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("four.json"));
    Experiment four;
    four.model.moe.experts = 4;
    four.model.moe.topK = 1;
    files::saveExperiment(path, four);
    MainWindow window(true);
    trainFlatOut(window);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(window.latest().step > 500, 20000);
    window.openFile(path);
    QTRY_COMPARE_WITH_TIMEOUT(window.latest().moe.title, QStringLiteral("MoE 4 x 32, top-1"),
                              10000);
    QCOMPARE(window.controls()->config().model.moe.experts, 4);
    const qint64 step = window.latest().step;
    QTRY_VERIFY_WITH_TIMEOUT(window.latest().step > step + 100, 20000); // and it trains on
}

void TestLifecycle::closingWhileTrainingStopsTheWorker()
{
    // Closed and destroyed mid-training (the worker between slices or inside one): the
    // destructor stops the worker thread and returns; a hang would time the test out.
    for (int round = 0; round < 3; ++round) {
        auto *window = new MainWindow(true);
        trainFlatOut(*window);
        window->show();
        QTRY_VERIFY_WITH_TIMEOUT(window->latest().step > 200 * (round + 1), 20000);
        window->close();
        delete window;
    }
    QVERIFY(QApplication::topLevelWidgets().isEmpty()
            || std::none_of(QApplication::topLevelWidgets().cbegin(),
                            QApplication::topLevelWidgets().cend(),
                            [](QWidget *w) { return w->inherits("moe::ui::MainWindow"); }));
}

QTEST_MAIN(TestLifecycle)
#include "tst_lifecycle.moc"
