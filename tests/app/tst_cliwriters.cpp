// Nothing the user had is lost by a writer of moelab-cli (issue 17): every file it writes (report,
// charts in each format with their CSVs, --log-csv, predictions, model files, sweep plans, run
// files and tradeoff.csv) is run out of room in a child whose RLIMIT_FSIZE is tiny (a full disk
// without root: writes fail with EFBIG), and killed with SIGKILL while it writes. Each time the old
// file must be byte for byte what it was (or, after a kill, a complete new one), the message must
// name the file and say why in words, the exit status must be 1, and no temporary file may stay.
// Paths refused before training are in tst_clipaths.

#include "clirunner.h"
#include "files/atomicfile.h"
#include "files/experimentfile.h"
#include "files/modelfile.h"
#include "writertest.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/resource.h>
#include <unistd.h>

using namespace clitest;
using namespace writertest;

namespace {
// The CLI in a child that may write at most `limit` bytes into any one file; SIGXFSZ is ignored
// so that an oversized write fails with EFBIG ("File too large") as on a full disk.
Run runLimited(const QStringList &arguments, rlim_t limit)
{
    QProcess process;
    process.setChildProcessModifier([limit] {
        ::signal(SIGXFSZ, SIG_IGN);
        rlimit now {};
        ::getrlimit(RLIMIT_FSIZE, &now);
        const rlimit small {limit, now.rlim_max};
        ::setrlimit(RLIMIT_FSIZE, &small);
    });
    process.start(QStringLiteral(MOELAB_CLI_PATH), arguments);
    Run run;
    if (!process.waitForFinished(300000))
        return run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

// SIGKILL to the child, if it still runs (QProcess's pid is 0 once it has finished, and kill(0)
// would kill this test's whole process group).
void killHard(QProcess &process)
{
    const qint64 pid = process.processId();
    if (pid > 0 && process.state() == QProcess::Running)
        ::kill(pid_t(pid), SIGKILL);
}

void waitUntilDone(QProcess &process)
{
    if (process.state() != QProcess::NotRunning)
        QVERIFY(process.waitForFinished());
}

} // namespace

class TestCliWriters : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void aFullDiskKeepsTheOldFile_data();
    void aFullDiskKeepsTheOldFile();
    void aFullDiskKeepsEveryOldChart_data();
    void aFullDiskKeepsEveryOldChart();
    void filesSavedInProcessKeepTheOldFile();
    void aKilledLogLeavesTheOldLog();
    void aKilledReportLeavesTheOldReport();
    void aKilledModelSaveLeavesTheOldModel();
    void aWriterInProgressKeepsItsFile();
    void linksAndDevices();

private:
    QTemporaryDir m_inputs;
    QString m_model, m_experiment;
};

void TestCliWriters::initTestCase()
{
    makeInputs(m_inputs, m_model, m_experiment);
}

// One writer each; "@" in the arguments stands for the folder of the test.
void TestCliWriters::aFullDiskKeepsTheOldFile_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("target");
    const auto row = [](const char *name, const QStringList &arguments, const char *target) {
        QTest::newRow(name) << arguments << QString::fromLatin1(target);
    };
    // The review's reproduction: an older log larger than the limit lost all but 4096 bytes.
    row("log-csv",
        QStringList {"train", "--model", "moe", "--steps", "300", "--log-csv", "@/log.csv"} + kTiny,
        "log.csv");
    row("save-model", QStringList {"train", "--steps", "3", "--save-model", "@/model.json"} + kTiny,
        "model.json");
    row("report", {"report", "--config", "EXPERIMENT", "--steps", "3", "--out", "@/r.pdf"},
        "r.pdf");
    row("predictions", {"eval", "--model", "MODEL", "--predictions", "@/predictions.csv"},
        "predictions.csv");
    row("sweep plan",
        {"sweep", "--experts", "2", "--top-k", "1", "--dense-widths", "4", "--seeds", "4",
         "--steps", "2", "--plan", "@/plan.txt", "--out", "@/runs"},
        "plan.txt");
    row("sweep run",
        QStringList {"sweep", "--experts", "2", "--top-k", "1", "--dense-widths", "none", "--seeds",
                     "1", "--steps", "2", "--run", "1", "--out", "@"}
            + kTiny.mid(0, 2),
        "run-0001.json");
}

void TestCliWriters::aFullDiskKeepsTheOldFile()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, target);
    QTemporaryDir dir;
    for (QString &word : arguments)
        word.replace(QLatin1Char('@'), dir.path())
            .replace(QStringLiteral("EXPERIMENT"), m_experiment)
            .replace(QStringLiteral("MODEL"), m_model);
    const QString path = dir.filePath(target);
    const QByteArray old = oldContents(target);
    write(path, old);
    const QStringList before = filesIn(dir.path());

    const Run run = runLimited(arguments, 256); // every file here is larger
    QCOMPARE(run.exitCode, 1);
    const QString message = QString::fromLocal8Bit(run.err);
    QVERIFY2(message.contains(path + QStringLiteral(": could not save (") + efbig()),
             qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("the old file is unchanged")), qPrintable(message));
    QVERIFY2(!message.contains(QStringLiteral("Unknown error")), qPrintable(message));
    QVERIFY(read(path) == old);
    QCOMPARE(filesIn(dir.path()), before);
}

void TestCliWriters::aFullDiskKeepsEveryOldChart_data()
{
    QTest::addColumn<QString>("format");
    for (const char *format : {"png", "svg", "pdf"})
        QTest::newRow(format) << QString::fromLatin1(format);
}

// compare --out writes every chart, its CSV, experiment.json and summary.csv: over older files of
// all those names, a full disk must change none of them.
void TestCliWriters::aFullDiskKeepsEveryOldChart()
{
    QFETCH(QString, format);
    QTemporaryDir fresh, dir;
    const QStringList arguments
        = QStringList {"compare", "--steps", "3", "--format", format} + kTiny;
    Run run = runCli(arguments + QStringList {"--out", fresh.path(), "--json"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QStringList names = filesIn(fresh.path());
    QVERIFY(names.size() > 10);
    QVERIFY(names.contains(QStringLiteral("summary.csv")));
    QVERIFY(names.contains(QStringLiteral("experiment.json")));
    for (const QString &name : names)
        write(dir.filePath(name), oldContents(name));

    run = runLimited(arguments + QStringList {"--out", dir.path(), "--json"}, 256);
    QCOMPARE(run.exitCode, 1);
    const QString message = QString::fromLocal8Bit(run.err);
    QVERIFY2(message.contains(dir.path() + QLatin1Char('/')), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral(": could not save (") + efbig()), qPrintable(message));
    for (const QString &name : names)
        QVERIFY2(read(dir.filePath(name)) == oldContents(name), qPrintable(name));
    QCOMPARE(filesIn(dir.path()), names);
}

// The writers the CLI has no command of their own for (the app's File > Save experiment and
// Save model): the same AtomicFile, run out of room in this process.
void TestCliWriters::filesSavedInProcessKeepTheOldFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("experiment.json"));
    write(path, oldContents(QStringLiteral("experiment")));
    QString message;
    {
        const auto handler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit before {};
        getrlimit(RLIMIT_FSIZE, &before);
        const rlimit small {256, before.rlim_max};
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
        try {
            moe::files::saveExperiment(path, moe::Experiment {});
        } catch (const std::exception &error) {
            message = QString::fromUtf8(error.what());
        }
        setrlimit(RLIMIT_FSIZE, &before);
        std::signal(SIGXFSZ, handler);
    }
    QVERIFY2(message.startsWith(path + QStringLiteral(": could not save (") + efbig()),
             qPrintable(message));
    QVERIFY(read(path) == oldContents(QStringLiteral("experiment")));
    QCOMPARE(filesIn(dir.path()), QStringList {QStringLiteral("experiment.json")});
    moe::files::saveExperiment(path, moe::Experiment {}); // with room, it is replaced
    QVERIFY(read(path).contains("\"moelab-experiment\""));
    QCOMPARE(filesIn(dir.path()), QStringList {QStringLiteral("experiment.json")});
}

// kill -9 in the middle of a long log, at several moments: the old log stays whole. The killed
// writer's temporary file cannot be removed by it; the next write to the same name removes it.
void TestCliWriters::aKilledLogLeavesTheOldLog()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("log.csv"));
    const QByteArray old = oldContents(QStringLiteral("log"));
    write(path, old);
    QString orphan; // the last killed run's temporary file, ".log.csv.moelab-" and six letters
    for (const int delayMs : {0, 50, 200, 500}) {
        QProcess process;
        process.start(QStringLiteral(MOELAB_CLI_PATH),
                      QStringList {"train", "--model", "moe", "--steps", "1000000", "--eval-every",
                                   "100", "--log-csv", path, "--json"}
                          + kTiny);
        QVERIFY(process.waitForStarted());
        // Wait until it writes (its own temporary file exists), then let it write for a while.
        const auto ownTemporary = [&] {
            for (const QString &name : filesIn(dir.path()))
                if (name.startsWith(QLatin1String(".log.csv.moelab-")) && name != orphan)
                    return name;
            return QString();
        };
        QElapsedTimer waited;
        waited.start();
        while (ownTemporary().isEmpty() && waited.elapsed() < 60000)
            QThread::msleep(5);
        const QString temporary = ownTemporary();
        QVERIFY2(!temporary.isEmpty(), "the log's temporary file never appeared");
        QThread::msleep(std::uint64_t(delayMs));
        killHard(process);
        waitUntilDone(process);
        QCOMPARE(process.exitStatus(), QProcess::CrashExit);
        QVERIFY(read(path) == old);
        // Only this kill's temporary is left: the run removed the previous kill's when it began.
        QCOMPARE(filesIn(dir.path()), (QStringList {temporary, QStringLiteral("log.csv")}));
        orphan = temporary;
    }
    // The next run of the same log removes the orphans and replaces the old log.
    const Run run
        = runCli(QStringList {"train", "--steps", "7", "--log-csv", path, "--json"} + kTiny);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(filesIn(dir.path()), QStringList {QStringLiteral("log.csv")});
    QCOMPARE(read(path).count('\n'), 8); // the header and 7 steps
}

// The report is composed in memory and written at the end: whenever the kill lands, the old
// report or a whole new one (a PDF ends with %%EOF).
void TestCliWriters::aKilledReportLeavesTheOldReport()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("r.pdf"));
    const QByteArray old = oldContents(QStringLiteral("report"));
    write(path, old);
    for (const int delayMs : {300, 900, 1500, 2500, 4000}) {
        QProcess process;
        process.start(QStringLiteral(MOELAB_CLI_PATH),
                      {"report", "--config", m_experiment, "--steps", "40", "--out", path});
        QVERIFY(process.waitForStarted());
        QThread::msleep(std::uint64_t(delayMs));
        killHard(process);
        waitUntilDone(process);
        const QByteArray now = read(path);
        QVERIFY2(now == old || (now.startsWith("%PDF") && now.trimmed().endsWith("%%EOF")),
                 qPrintable(QStringLiteral("killed after %1 ms: %2 bytes, neither the old "
                                           "report nor a whole one")
                                .arg(delayMs)
                                .arg(now.size())));
        for (const QString &name : filesIn(dir.path()))
            QVERIFY2(name == QLatin1String("r.pdf") || name.startsWith(".r.pdf.moelab-"),
                     qPrintable(name));
    }
    const Run run = runCli({"report", "--config", m_experiment, "--steps", "2", "--out", path});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(filesIn(dir.path()), QStringList {QStringLiteral("r.pdf")});
}

// A model of 2 x 10^6 weights (tens of MB of JSON) killed while it is written, at several moments
// after its temporary file appears: the old model, or a whole new one that loads.
void TestCliWriters::aKilledModelSaveLeavesTheOldModel()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.json"));
    const QByteArray old = oldContents(QStringLiteral("model"));
    write(path, old);
    int replaced = 0;
    for (const int delayUs : {0, 500, 2000, 5000, 20000}) {
        QProcess process;
        process.start(QStringLiteral(MOELAB_CLI_PATH),
                      {"train", "--width", "256", "--hidden", "2048", "--blocks", "2", "--steps",
                       "1", "--samples", "60", "--save-model", path, "--json"});
        QVERIFY(process.waitForStarted());
        // Wait until the model is being written: its temporary file holds bytes (the check of
        // the path before training makes an empty one, at once removed).
        const auto writing = [&] {
            for (const QString &name : filesIn(dir.path()))
                if (name.startsWith(QLatin1String(".big.json.moelab-"))
                    && QFileInfo(dir.filePath(name)).size() > 0)
                    return true;
            return false;
        };
        QElapsedTimer waited;
        waited.start();
        while (!writing() && waited.elapsed() < 60000 && !process.waitForFinished(0))
            QThread::usleep(100);
        QThread::usleep(std::uint64_t(delayUs));
        killHard(process);
        waitUntilDone(process);
        const QByteArray now = read(path);
        if (now != old) { // then it must be a whole model
            moe::files::ModelInfo info;
            try {
                moe::files::loadModel(path, info);
            } catch (const std::exception &error) {
                QFAIL(qPrintable(QStringLiteral("killed %1 us into the save: %2")
                                     .arg(delayUs)
                                     .arg(error.what())));
            }
            ++replaced;
        }
        for (const QString &name : filesIn(dir.path()))
            QVERIFY2(name == QLatin1String("big.json") || name.startsWith(".big.json.moelab-"),
                     qPrintable(name));
    }
    qInfo("%d of 5 kills came after the rename (a whole new model), the others during the write "
          "(the old model)",
          replaced);
    const Run run
        = runCli(QStringList {"train", "--steps", "1", "--save-model", path, "--json"} + kTiny);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(filesIn(dir.path()), QStringList {QStringLiteral("big.json")});
}

// The orphan sweep removes only temporaries nobody holds: one being written now stays, and so
// do other files whose names look alike.
void TestCliWriters::aWriterInProgressKeepsItsFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("model.json"));
    write(dir.filePath(QStringLiteral("model.json.backup")), "mine");
    write(dir.filePath(QStringLiteral(".model.json.moelab-notmine-longer")), "mine too");
    moe::files::AtomicFile first(path);
    first.write(QByteArray("first"));
    {
        moe::files::AtomicFile second(path); // sweeps orphans: `first` is not one
        second.write(QByteArray("second"));
        second.commit();
    }
    QCOMPARE(read(path), QByteArray("second"));
    first.commit();
    QCOMPARE(read(path), QByteArray("first"));
    QCOMPARE(
        filesIn(dir.path()),
        (QStringList {".model.json.moelab-notmine-longer", "model.json", "model.json.backup"}));
}

// Through a symlink, the file it points at is replaced and the link stays; a device is written
// straight into (--log-csv /dev/stdout).
void TestCliWriters::linksAndDevices()
{
    QTemporaryDir dir;
    const QString target = dir.filePath(QStringLiteral("real.csv"));
    const QString link = dir.filePath(QStringLiteral("link.csv"));
    write(target, "old");
    QVERIFY(QFile::link(target, link));
    moe::files::saveBytes(link, "new");
    QVERIFY(QFileInfo(link).isSymLink());
    QCOMPARE(read(target), QByteArray("new"));
    QCOMPARE(filesIn(dir.path()), (QStringList {"link.csv", "real.csv"}));
    moe::files::saveBytes(QStringLiteral("/dev/null"), "nothing");
    const Run run = runCli(
        QStringList {"train", "--steps", "3", "--log-csv", "/dev/stdout", "--json"} + kTiny);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.out.contains("step,epoch,batch_size"), run.out.constData());
}

QTEST_MAIN(TestCliWriters)
#include "tst_cliwriters.moc"
