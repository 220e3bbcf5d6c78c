// moelab-cli given a FIFO, a device, a directory or a symbolic link loop where a file is expected
// (a CSV dataset, an experiment, a model): it exits 1 at once with a message naming what the path
// is (issue 17, item 8). Each run has a time limit after which the child is killed: a hang fails
// the test instead of hanging it.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>

namespace {

constexpr int kLimitMs = 60000; // the refusals take milliseconds; a blocked open never ends

struct Run
{
    bool finished = false;
    int exitCode = -1;
    QString err;
};

Run runCli(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(MOELAB_CLI_PATH), arguments);
    Run run;
    run.finished = process.waitForFinished(kLimitMs);
    if (!run.finished) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

} // namespace

class TestCliSpecialFiles : public QObject
{
    Q_OBJECT

private slots:
    void refusedByName_data();
    void refusedByName();
};

void TestCliSpecialFiles::refusedByName_data()
{
    QTest::addColumn<QString>("kind"); // what the test makes at the path
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("expected");
    const QStringList uses {"--dataset", "--config"};
    for (const QString &option : uses) {
        QTest::addRow("FIFO %s", qPrintable(option))
            << "fifo" << option << "is a named pipe (FIFO), not a regular file";
        QTest::addRow("/dev/zero %s", qPrintable(option))
            << "zero" << option << "(a link to /dev/zero) is a character device";
        QTest::addRow("/dev/urandom %s", qPrintable(option))
            << "urandom" << option << "(a link to /dev/urandom) is a character device";
        QTest::addRow("directory %s", qPrintable(option))
            << "directory" << option << "is a directory, not a regular file";
        QTest::addRow("loop %s", qPrintable(option))
            << "loop" << option << ": too many levels of symbolic links";
    }
    QTest::addRow("FIFO as a model") << "fifo"
                                     << "--model"
                                     << "is a named pipe (FIFO)";
    QTest::addRow("/dev/zero as a model") << "zero"
                                          << "--model"
                                          << "is a character device";
}

void TestCliSpecialFiles::refusedByName()
{
    QFETCH(QString, kind);
    QFETCH(QString, option);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString name = option == "--dataset" ? "data.csv" : "file.json";
    const QString path = dir.filePath(name);
    const QByteArray native = QFile::encodeName(path);
    if (kind == "fifo")
        QCOMPARE(::mkfifo(native.constData(), 0600), 0);
    else if (kind == "zero" || kind == "urandom")
        QVERIFY(QFile::link("/dev/" + kind, path));
    else if (kind == "directory")
        QVERIFY(QDir(dir.path()).mkdir(name));
    else {
        QVERIFY(QFile::link(dir.filePath("other.json"), path));
        QVERIFY(QFile::link(path, dir.filePath("other.json")));
    }
    const QStringList arguments = option == "--model"
        ? QStringList {"eval", "--model", path}
        : QStringList {"train", option, path, "--steps", "1"};
    const Run run = runCli(arguments);
    QVERIFY2(run.finished, "moelab-cli did not finish (killed after the time limit)");
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(name) && run.err.contains(expected), qPrintable(run.err));
}

QTEST_APPLESS_MAIN(TestCliSpecialFiles)
#include "tst_clispecialfiles.moc"
