// Loading a CSV dataset in the app (issue 17, item 9): the worker reads the file on its own thread,
// so the window keeps handling events, reports progress, and Cancel stops the load and leaves the
// run that was training in place. Asserted on behaviour (events handled, what the controls and the
// data show), never on how long anything takes.

#include "ui/controls/controlpanel.h"
#include "ui/window/loadprogress.h"
#include "ui/window/mainwindow.h"
#include "ui/worker/trainingworker.h"

#include <QFile>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace moe;
using namespace moe::ui;

namespace {

// A 2-D classification CSV of about `megabytes` MiB.
QString writeCsv(const QTemporaryDir &dir, const QString &name, int megabytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    QByteArray block = "x,y,label\n";
    for (int i = 0; file.size() + block.size() < qint64(megabytes) << 20; ++i) {
        block += QByteArray::number(i % 977) + ".25,-" + QByteArray::number(i % 613) + ".5,"
            + QByteArray::number(i % 2) + '\n';
        if (block.size() > (1 << 20)) {
            file.write(block);
            block.clear();
        }
    }
    file.write(block);
    return path;
}

ArenaConfig withDataset(const MainWindow &window, const QString &path)
{
    ArenaConfig config = window.controls()->config();
    config.dataset.name = path.toStdString();
    return config;
}

} // namespace

class TestLoadProgress : public QObject
{
    Q_OBJECT

private slots:
    void cancelKeepsTheRunningDataset();
    void loadReportsProgressAndIsAdopted();
};

void TestLoadProgress::cancelKeepsTheRunningDataset()
{
    QTemporaryDir dir;
    const QString csv = writeCsv(dir, QStringLiteral("large.csv"), 64);
    QVERIFY(!csv.isEmpty());
    MainWindow window(false);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(!window.latest().points.train.isEmpty(), 20000);
    const std::string running = window.controls()->config().dataset.name;
    const qsizetype points = window.latest().points.train.size();

    // A timer of the UI thread: it fires whenever the event loop turns.
    int ticks = 0, ticksWhileLoading = 0;
    bool loading = false, cancelled = false;
    QTimer ticker;
    ticker.setInterval(0);
    connect(&ticker, &QTimer::timeout, this, [&] {
        ++ticks;
        ticksWhileLoading += loading;
    });
    ticker.start();
    TrainingWorker *worker = window.worker();
    connect(worker, &TrainingWorker::loadingStarted, this, [&] { loading = true; });
    // At the first progress, the user presses Cancel in the dialog (it exists from the start
    // of the load, shown only if the load takes a while).
    bool pressed = false;
    connect(worker, &TrainingWorker::loadingProgress, this, [&] {
        QProgressDialog *dialog = window.loadProgress()->dialog();
        if (pressed || !dialog)
            return;
        QVERIFY(dialog->labelText().contains(QStringLiteral("large.csv")));
        dialog->findChild<QPushButton *>()->click();
        pressed = true;
    });
    connect(worker, &TrainingWorker::loadCancelled, this, [&] {
        loading = false;
        cancelled = true;
    });

    window.controls()->apply(withDataset(window, csv));
    QTRY_VERIFY_WITH_TIMEOUT(cancelled, 120000);
    QVERIFY(pressed);
    QVERIFY2(ticksWhileLoading > 0, "the window handled no event while the file loaded");
    // The previous dataset is still the one shown and trained; no error dialog, a short note.
    QCOMPARE(window.controls()->config().dataset.name, running);
    QTRY_VERIFY(window.loadProgress()->dialog() == nullptr);
    QVERIFY(window.findChild<QMessageBox *>() == nullptr);
    QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("Loading cancelled")));
    QVERIFY(window.windowTitle().startsWith(QString::fromStdString(running)));
    emit window.controls()->stepRequested(); // the old run still answers, on its old data
    const qint64 step = window.latest().step;
    QTRY_VERIFY_WITH_TIMEOUT(window.latest().step > step, 20000);
    QCOMPARE(window.latest().points.train.size(), points);
    QVERIFY(ticks > 0);
}

void TestLoadProgress::loadReportsProgressAndIsAdopted()
{
    QTemporaryDir dir;
    const QString csv = writeCsv(dir, QStringLiteral("medium.csv"), 3);
    MainWindow window(false);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(!window.latest().points.train.isEmpty(), 20000);
    TrainingWorker *worker = window.worker();
    QList<double> fractions;
    bool finished = false;
    connect(worker, &TrainingWorker::loadingProgress, this,
            [&](double fraction) { fractions << fraction; });
    connect(worker, &TrainingWorker::loadingFinished, this, [&] { finished = true; });
    window.controls()->apply(withDataset(window, csv));
    QTRY_VERIFY_WITH_TIMEOUT(finished, 60000);
    QVERIFY2(fractions.size() >= 2, qPrintable(QString::number(fractions.size())));
    QVERIFY(std::is_sorted(fractions.begin(), fractions.end()) && fractions.back() <= 1.0);
    QTRY_VERIFY(window.loadProgress()->dialog() == nullptr);
    // The new data trains: about 3 MiB of 15-byte rows, 80% of them in the training split.
    QTRY_VERIFY_WITH_TIMEOUT(window.latest().points.train.size() > 100000, 60000);
    QCOMPARE(window.controls()->config().dataset.name, csv.toStdString());
}

QTEST_MAIN(TestLoadProgress)
#include "tst_loadprogress.moc"
