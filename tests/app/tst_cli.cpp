// Runs the real moelab-cli binary and checks what it prints and its exit status.

#include "clirunner.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace clitest;

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void settingsPageIsTheTables();
    void settingOptionsExistAndCheckTheirRange();
    void jsonHasEveryField();
    void regressionHasNullAccuracy();
    void sameSeedSameResultAnyThreads();
    void logCsvHasOneRowPerStep();
    void realDatasetsLoad();
    void badArgumentsExitWithTwo_data();
    void badArgumentsExitWithTwo();
    void badDataExitsWithOne();
    void helpIsAvailableEverywhere_data();
    void helpIsAvailableEverywhere();
    void datasetsListsShapes();
};

void TestCli::jsonHasEveryField()
{
    const QJsonObject json = trainJson({"--steps", "50", "--threads", "1"});
    for (const char *key :
         {"dataset", "model", "steps", "train_loss", "test_loss", "train_acc", "test_acc",
          "total_params", "active_params_per_sample", "flops_per_sample", "train_flops_per_step",
          "samples_per_second", "threads", "seed"})
        QVERIFY2(json.contains(QLatin1String(key)), key);
    QCOMPARE(json["dataset"].toString(), QStringLiteral("spiral"));
    QCOMPARE(json["steps"].toInt(), 50);
    QCOMPARE(json["threads"].toInt(), 1);
    QCOMPARE(json["seed"].toInt(), 1);
    // Default model: 2 -> 16, two FFN blocks 16 -> 64 -> 16, head 3 (spiral has 3 arms).
    const int params = (2 * 16 + 16) + 2 * (16 * 64 + 64 + 64 * 16 + 16) + (16 * 3 + 3);
    QCOMPARE(json["total_params"].toInt(), params);
    QCOMPARE(json["active_params_per_sample"].toInt(), params);
    const double flops = 2.0 * 2 * 16 + 2 * 2.0 * (2 * 16 * 64) + 2.0 * 16 * 3;
    QCOMPARE(json["flops_per_sample"].toDouble(), flops);
    QCOMPARE(json["train_flops_per_step"].toDouble(), 3 * flops * 64);
    QVERIFY(json["samples_per_second"].toDouble() > 0);
    const double acc = json["test_acc"].toDouble(-1);
    QVERIFY(acc >= 0.0 && acc <= 1.0);
    QCOMPARE(json["model"].toObject()["hidden"].toInt(), 64);
}

void TestCli::regressionHasNullAccuracy()
{
    const QJsonObject json = trainJson({"--dataset", "sine_ridge", "--steps", "30"});
    QCOMPARE(json["task"].toString(), QStringLiteral("regression"));
    QVERIFY(json["test_acc"].isNull());
    QVERIFY(json["train_acc"].isNull());
    QVERIFY(json["test_loss"].toDouble() > 0.0);
}

void TestCli::sameSeedSameResultAnyThreads()
{
    const QStringList args {"--steps", "40", "--seed", "9", "--dataset", "moons"};
    const QJsonObject a = trainJson(args + QStringList {"--threads", "1"});
    const QJsonObject b = trainJson(args + QStringList {"--threads", "2"});
    QVERIFY(a["train_loss"].toDouble() > 0.0);
    QCOMPARE(a["train_loss"].toDouble(), b["train_loss"].toDouble());
    QCOMPARE(a["test_loss"].toDouble(), b["test_loss"].toDouble());
    const QJsonObject c = trainJson({"--steps", "40", "--seed", "10", "--dataset", "moons"});
    QVERIFY(a["train_loss"].toDouble() != c["train_loss"].toDouble());
}

void TestCli::logCsvHasOneRowPerStep()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("log.csv"));
    const Run run = runCli({"train", "--steps", "25", "--eval-every", "10", "--log-csv", path});
    QCOMPARE(run.exitCode, 0);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 26); // header + 25 steps
    QVERIFY(lines[0].startsWith("step,epoch,batch_size,batch_loss"));
    QCOMPARE(lines[0].count(','), 10);
    QVERIFY(lines[1].startsWith("1,0,64,"));
    QVERIFY(lines[1].endsWith(",,,,"));   // not evaluated
    QVERIFY(!lines[10].endsWith(",,,,")); // step 10 evaluated
    QCOMPARE(lines[10].split(',').size(), 11);
    QVERIFY(lines[25].startsWith("25,"));
    QVERIFY(!lines[25].endsWith(",,,,")); // the final evaluation
}

void TestCli::realDatasetsLoad()
{
    const QJsonObject iris = trainJson({"--dataset", "iris", "--steps", "20"});
    QCOMPARE(iris["features"].toInt(), 4);
    QCOMPARE(iris["outputs"].toInt(), 3);
    QCOMPARE(iris["train_samples"].toInt() + iris["test_samples"].toInt(), 150);
    const QJsonObject digits = trainJson({"--dataset", "digits", "--steps", "5"});
    QCOMPARE(digits["features"].toInt(), 64);
    QCOMPARE(digits["outputs"].toInt(), 10);
    // Stratified: each class sends round(0.2 n_c) of its samples to the test set.
    QCOMPARE(digits["test_samples"].toInt(), 359);
    QCOMPARE(digits["train_samples"].toInt(), 1797 - 359);
}

void TestCli::badArgumentsExitWithTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no command") << QStringList {} << "no command";
    QTest::newRow("unknown command") << QStringList {"fly"} << "unknown command 'fly'";
    QTest::newRow("unknown option") << QStringList {"train", "--wings"} << "wings";
    QTest::newRow("non-numeric lr") << QStringList {"train", "--lr", "fast"} << "--lr";
    QTest::newRow("zero batch") << QStringList {"train", "--batch", "0"} << "--batch";
    QTest::newRow("bad activation")
        << QStringList {"train", "--activation", "sigmoid"} << "relu, gelu";
    QTest::newRow("bad optimizer") << QStringList {"train", "--optimizer", "rmsprop"} << "sgd";
    QTest::newRow("test fraction")
        << QStringList {"train", "--test-fraction", "1"} << "--test-fraction";
    QTest::newRow("too many arms") << QStringList {"train", "--arms", "9"} << "--arms";
    QTest::newRow("unknown dataset") << QStringList {"train", "--dataset", "mnist"} << "spiral";
    QTest::newRow("stray argument") << QStringList {"train", "extra"} << "extra";
    QTest::newRow("steps and epochs")
        << QStringList {"train", "--steps", "5", "--epochs", "2"} << "give one";
    QTest::newRow("threads zero") << QStringList {"train", "--threads", "0"} << "--threads";
    QTest::newRow("top-k above experts")
        << QStringList {"train", "--model", "moe", "--experts", "4", "--top-k", "5"}
        << "more than --experts";
    QTest::newRow("unknown router")
        << QStringList {"train", "--router", "magic"} << "expert-choice";
    QTest::newRow("capacity factor") << QStringList {"train", "--capacity-factor", "9"} << "none";
    QTest::newRow("unknown model") << QStringList {"train", "--model", "sparse"} << "dense or moe";
    QTest::newRow("sweep without out") << QStringList {"sweep"} << "--out";
}

void TestCli::badArgumentsExitWithTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    const Run run = runCli(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(QString::fromUtf8(run.err).contains(mentions), run.err.constData());
    QVERIFY(run.out.isEmpty());
}

void TestCli::badDataExitsWithOne()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("broken.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("a,b,label\n1,2,0\n3,oops,1\n");
    file.close();
    Run run = runCli({"train", "--dataset", path});
    QCOMPARE(run.exitCode, 1);
    const QString err = QString::fromUtf8(run.err);
    QVERIFY2(err.contains("broken.csv") && err.contains("line 3") && err.contains("column 2"),
             run.err.constData());
    run = runCli({"train", "--dataset", dir.filePath(QStringLiteral("missing.csv"))});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(QString::fromUtf8(run.err).contains("missing.csv"), run.err.constData());
    run = runCli({"train", "--optimizer", "sgd", "--lr", "20", "--steps", "50"});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(QString::fromUtf8(run.err).contains("diverged")
                 && QString::fromUtf8(run.err).contains("--lr 2"),
             run.err.constData());
    run = runCli({"train", "--steps", "2", "--log-csv",
                  dir.filePath(QStringLiteral("no/such/dir/log.csv"))});
    QCOMPARE(run.exitCode, 1);
    // The path and the reason, before any step is trained (docs/reliability.md, "Files written").
    QVERIFY2(QString::fromUtf8(run.err).contains(dir.filePath(QStringLiteral("no/such/dir/log.csv"))
                                                 + QStringLiteral(": cannot write"))
                 && QString::fromUtf8(run.err).contains(QStringLiteral("does not exist")),
             run.err.constData());
}

void TestCli::helpIsAvailableEverywhere_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("top") << QStringList {"--help"} << "Commands:";
    QTest::newRow("help") << QStringList {"help"} << "datasets";
    QTest::newRow("train") << QStringList {"train", "--help"} << "--log-csv";
    QTest::newRow("demo") << QStringList {"demo", "--help"} << "grid";
    QTest::newRow("datasets") << QStringList {"datasets", "--help"} << "shapes";
    QTest::newRow("compare") << QStringList {"compare", "--help"} << "matched";
    QTest::newRow("sweep") << QStringList {"sweep", "--help"} << "tradeoff.csv";
    QTest::newRow("help beats bad values")
        << QStringList {"train", "--help", "--batch", "0"} << "--batch";
}

void TestCli::helpIsAvailableEverywhere()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    const Run run = runCli(arguments);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(QString::fromUtf8(run.out).contains(mentions), run.out.constData());
}

void TestCli::settingsPageIsTheTables()
{
    const Run run = runCli({"settings"});
    QCOMPARE(run.exitCode, 0);
    QFile page(QStringLiteral(MOELAB_SOURCE_DIR "/docs/settings.md"));
    QVERIFY(page.open(QIODevice::ReadOnly));
    QVERIFY2(page.readAll() == run.out,
             "docs/settings.md differs from `moelab-cli settings`: regenerate it");
    QVERIFY(run.out.contains("| `experts` | `--experts` | 1 to 256 | 8 |"));
}

void TestCli::settingOptionsExistAndCheckTheirRange()
{
    // Every option the settings page names is an option of its command (train; text models:
    // train --task text, and generate for the sampling settings), and a value just past its
    // range is refused with the range the page gives.
    const Run settings = runCli({"settings"});
    const QByteArray trainHelp = runCli({"train", "--help"}).out;
    const QByteArray textHelp = runCli({"train", "--task", "text", "--help"}).out;
    const QByteArray generateHelp = runCli({"generate", "--help"}).out;
    const QRegularExpression row(
        QStringLiteral("\\| `[a-zA-Z]+` \\| `--([a-z-]+)` \\| ([^ ]+) to ([^ ]+) \\|"));
    int options = 0, textOptions = 0;
    bool text = false;
    for (const QString &line : QString::fromUtf8(settings.out).split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("## ")))
            text = line.startsWith(QLatin1String("## Text models"));
        const QRegularExpressionMatch m = row.match(line);
        if (!m.hasMatch())
            continue;
        ++options;
        textOptions += text ? 1 : 0;
        const QString option = QStringLiteral("--") + m.captured(1);
        const bool sampling = option == QLatin1String("--temperature")
            || option == QLatin1String("--sample-top-k") || option == QLatin1String("--tokens");
        const QByteArray &help = !text ? trainHelp : sampling ? generateHelp : textHelp;
        QVERIFY2(help.contains(option.toUtf8()), qPrintable(option));
        const double max = m.captured(3).toDouble();
        const QString past = QString::number(max + (max >= 1 ? 1 : 0.5), 'g', 17);
        QStringList arguments = !text ? QStringList {"train"}
            : sampling                ? QStringList {"generate", "--model", "missing.json"}
                                      : QStringList {"train", "--task", "text"};
        arguments << option << past;
        if (option != QLatin1String("--steps") && !sampling)
            arguments << QStringLiteral("--steps") << QStringLiteral("1");
        const Run refused = runCli(arguments);
        QVERIFY2(refused.exitCode == 2, qPrintable(option + QLatin1Char(' ') + past));
        QVERIFY2(refused.err.contains(m.captured(3).toUtf8()), refused.err.constData());
    }
    QCOMPARE(options, 26 + 15); // every setting with an option (the others live in files only)
    QCOMPARE(textOptions, 15);
}

void TestCli::datasetsListsShapes()
{
    const Run run = runCli({"datasets"});
    QCOMPARE(run.exitCode, 0);
    const QString out = QString::fromUtf8(run.out);
    for (const char *name : {"spiral", "circles", "xor", "moons", "blobs", "checkerboard",
                             "regions", "grid", "sine_ridge", "piecewise", "digits", "iris"})
        QVERIFY2(out.contains(QLatin1String(name)), name);
    QVERIFY(
        out.contains(QRegularExpression(QStringLiteral("digits\\s+classification\\s+1797\\s+64"))));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
