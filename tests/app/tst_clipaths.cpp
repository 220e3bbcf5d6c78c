// Paths moelab-cli cannot use are refused before anything is trained (issue 17): a missing or
// read-only folder, a file given as a folder, a folder given as a file, an empty value, a
// symlink loop (named as such), and eval's class-count rules.

#include "clirunner.h"
#include "writertest.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <unistd.h>

using namespace clitest;
using namespace writertest;

class TestCliPaths : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void unwritablePathsFailBeforeTraining_data();
    void unwritablePathsFailBeforeTraining();
    void emptyPathsAreRefused_data();
    void emptyPathsAreRefused();
    void aSymlinkLoopIsNamed();
    void evalClassMismatchIsBadData();

private:
    QTemporaryDir m_inputs;
    QString m_model, m_experiment;
};

void TestCliPaths::initTestCase()
{
    makeInputs(m_inputs, m_model, m_experiment);
}

void TestCliPaths::unwritablePathsFailBeforeTraining_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("reason");
    // "@" is a missing folder, "#" a folder that cannot be written, "%" a file where a folder
    // should be, "&" a folder where a file should be.
    const QStringList longRun {"train", "--steps", "1000000", "--json"};
    QTest::newRow("save-model, missing folder")
        << longRun + QStringList {"--save-model", "@/m.json"} << "@/m.json"
        << "does not exist";
    QTest::newRow("save-model, read-only folder")
        << longRun + QStringList {"--save-model", "#/m.json"} << "#/m.json"
        << "Permission denied";
    QTest::newRow("log-csv") << longRun + QStringList {"--log-csv", "@/log.csv"} << "@/log.csv"
                             << "does not exist";
    QTest::newRow("compare --out")
        << QStringList {"compare", "--steps", "1000000", "--out", "#/charts"} << "#/charts"
        << "Permission denied";
    QTest::newRow("compare --log-csv")
        << QStringList {"compare", "--steps", "1000000", "--log-csv", "#/log.csv"}
        << "#/log-moe.csv"
        << "Permission denied";
    QTest::newRow("report --out") << QStringList {"report",  "--config", "EXPERIMENT", "--steps",
                                                  "1000000", "--out",    "#/r.pdf"}
                                  << "#/r.pdf"
                                  << "Permission denied";
    QTest::newRow("eval --predictions")
        << QStringList {"eval", "--model", "MODEL", "--predictions", "@/p.csv"} << "@/p.csv"
        << "does not exist";
    QTest::newRow("sweep --out") << QStringList {"sweep", "--steps", "1000000", "--out", "#/sweep"}
                                 << "#/sweep"
                                 << "Permission denied";
    QTest::newRow("bench --json") << QStringList {"bench", "--json", "@/bench.json"}
                                  << "@/bench.json"
                                  << "does not exist";
}

void TestCliPaths::unwritablePathsFailBeforeTraining()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, path);
    QFETCH(QString, reason);
    if (path.startsWith(QLatin1Char('#')) && ::geteuid() == 0)
        QSKIP("root writes into read-only folders");
    QTemporaryDir dir;
    const QString missing = dir.filePath(QStringLiteral("no/such/folder"));
    const QString file = dir.filePath(QStringLiteral("a-file"));
    write(file, "not a folder");
    const QString locked = dir.filePath(QStringLiteral("locked"));
    QVERIFY(QDir().mkpath(locked));
    QVERIFY(QFile::setPermissions(locked, QFile::ReadOwner | QFile::ExeOwner));
    const auto place = [&](QString text) {
        return text.replace(QLatin1Char('@'), missing)
            .replace(QLatin1Char('#'), locked)
            .replace(QLatin1Char('%'), file)
            .replace(QLatin1Char('&'), dir.path())
            .replace(QStringLiteral("EXPERIMENT"), m_experiment)
            .replace(QStringLiteral("MODEL"), m_model);
    };
    for (QString &word : arguments)
        word = place(word);
    const Run run = runCli(arguments); // a million steps: it must stop before them
    QVERIFY(QFile::setPermissions(locked, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    QCOMPARE(run.exitCode, 1);
    const QString message = QString::fromLocal8Bit(run.err);
    QVERIFY2(message.contains(place(path)), qPrintable(message));
    QVERIFY2(message.contains(reason), qPrintable(message));
    QVERIFY2(!run.out.contains("Training") && !run.out.contains("step"), run.out.constData());
    QCOMPARE(filesIn(locked), QStringList());
}

void TestCliPaths::emptyPathsAreRefused_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("option");
    QTest::newRow("save-model") << QStringList {"train", "--save-model", ""} << "--save-model";
    QTest::newRow("log-csv") << QStringList {"train", "--log-csv", ""} << "--log-csv";
    QTest::newRow("config") << QStringList {"train", "--config", ""} << "--config";
    QTest::newRow("compare --out") << QStringList {"compare", "--out", ""} << "--out";
    QTest::newRow("report --out") << QStringList {"report", "--config", "x.json", "--out", ""}
                                  << "--out";
    QTest::newRow("eval --predictions")
        << QStringList {"eval", "--model", "m.json", "--predictions", ""} << "--predictions";
    QTest::newRow("sweep --plan") << QStringList {"sweep", "--out", "S", "--plan", ""} << "--plan";
    QTest::newRow("sweep --merge --out")
        << QStringList {"sweep", "--merge", "S", "--out", ""} << "--out";
    QTest::newRow("bench --json") << QStringList {"bench", "--json", ""} << "--json";
}

// `--save-model ""` (an unset shell variable) used to train and save nothing without a word.
void TestCliPaths::emptyPathsAreRefused()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, option);
    const Run run = runCli(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains((option + QStringLiteral(" was given an empty value")).toUtf8()),
             run.err.constData());
}

// A symlink loop is not a missing file: the message says what it is.
void TestCliPaths::aSymlinkLoopIsNamed()
{
    QTemporaryDir dir;
    const QString a = dir.filePath(QStringLiteral("a.json")),
                  b = dir.filePath(QStringLiteral("b.json"));
    QVERIFY(QFile::link(b, a));
    QVERIFY(QFile::link(a, b));
    for (const QStringList &arguments :
         {QStringList {"eval", "--model", a}, QStringList {"train", "--config", a},
          QStringList {"report", "--config", a, "--out", dir.filePath(QStringLiteral("r.pdf"))}}) {
        const Run run = runCli(arguments);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(a.toUtf8() + ": too many levels of symbolic links"),
                 run.err.constData());
    }
}

// docs/cli.md: a dataset whose classes do not fit the model is unusable data, status 1. One with
// fewer classes than the model knows is evaluated (it failed with status 2: the engine refused
// a training set of 2 outputs for a model of 5).
void TestCliPaths::evalClassMismatchIsBadData()
{
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("five.csv"));
    QByteArray rows = "x,y,label\n";
    for (int i = 0; i < 100; ++i)
        rows += QByteArray::number(i % 10) + ',' + QByteArray::number(i / 10) + ','
            + QByteArray::number(i % 5) + '\n';
    write(csv, rows);
    const QString five = dir.filePath(QStringLiteral("five.json"));
    Run run = runCli({"train", "--dataset", csv, "--steps", "3", "--save-model", five, "--json"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    // More classes than the model knows: refused as bad data.
    run = runCli({"eval", "--model", m_model, "--dataset", csv});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("five has 5 classes; the model knows 3"), run.err.constData());
    // Fewer: evaluated, with a note that says how the labels are read.
    run = runCli({"eval", "--model", five, "--dataset", "moons", "--json"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.err.contains("moons has 2 classes; the model knows 5"), run.err.constData());
    QCOMPARE(QJsonDocument::fromJson(run.out).object()["all"].toObject()["samples"].toInt(), 800);
}

QTEST_MAIN(TestCliPaths)
#include "tst_clipaths.moc"
