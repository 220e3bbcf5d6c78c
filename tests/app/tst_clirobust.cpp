// moelab-cli against inputs that used to crash it or report garbage as a result (issue 17): a
// sweep with no run left, a run that diverges while its loss stays finite, a model whose weights
// overflow at evaluation, and expert-choice predictions that changed with the part evaluated.

#include "clirunner.h"

#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using clitest::Run;
using clitest::runCli;

namespace {
QStringList readLines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}
} // namespace

class TestCliRobust : public QObject
{
    Q_OBJECT

private slots:
    void aSweepWithNoRunIsAUsageError();
    void divergenceStopsAtItsStep_data();
    void divergenceStopsAtItsStep();
    void weightsThatOverflowHaveNoResult();
    void aModelTooLargeForTheMachineIsRefusedFirst();
    void expertChoicePredictionsDoNotDependOnThePart();
};

void TestCliRobust::aSweepWithNoRunIsAUsageError()
{
    QTemporaryDir dir;
    const Run run = runCli({"sweep", "--experts", "2", "--top-k", "4", "--dense-widths", "none",
                            "--steps", "10", "--out", dir.filePath(QStringLiteral("S"))});
    QCOMPARE(run.exitCode, 2); // was SIGSEGV in printSummary
    QVERIFY2(run.err.contains("no run to train: every --top-k is more than every --experts")
                 && run.err.contains("E 2 k 4"),
             run.err.constData());
}

void TestCliRobust::divergenceStopsAtItsStep_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("how");
    // Adam at 100 stayed finite (1e15) and exited 0 with a result; SGD at 50 overflowed at step
    // 3 and trained on to step 2000, saying so at every evaluation.
    QTest::newRow("adam 100, finite explosion")
        << QStringList {"--lr", "100"} << "the loss exploded to";
    QTest::newRow("sgd 50") << QStringList {"--optimizer", "sgd", "--lr", "50"}
                            << "training diverged: the loss";
    QTest::newRow("compare, adam 100")
        << QStringList {"compare", "--lr", "100"} << "the loss exploded to";
}

void TestCliRobust::divergenceStopsAtItsStep()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, how);
    QTemporaryDir dir;
    const bool compare = arguments.front() == QLatin1String("compare");
    QStringList all = compare ? arguments : QStringList {"train", "--model", "moe"} + arguments;
    all << "--steps"
        << "2000";
    if (compare)
        all << "--out" << dir.filePath(QStringLiteral("c"));
    const Run run = runCli(all);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(how.toUtf8()), run.err.constData());
    // Caught at the step it happened, within the first few, not at an evaluation: no progress
    // line after it, and the step named.
    const QRegularExpression step(QStringLiteral("at step (\\d+)"));
    const QRegularExpressionMatch match = step.match(QString::fromUtf8(run.err));
    QVERIFY2(match.hasMatch() && match.captured(1).toInt() <= 5, run.err.constData());
    QVERIFY2(!run.out.contains("no longer finite") && !run.out.contains("step      50"),
             run.out.constData());
    QVERIFY(run.err.contains("try a smaller learning rate"));
}

void TestCliRobust::weightsThatOverflowHaveNoResult()
{
    QTemporaryDir dir;
    const QString model = dir.filePath(QStringLiteral("m.json"));
    QCOMPARE(runCli({"train", "--model", "moe", "--steps", "20", "--save-model", model}).exitCode,
             0);
    // Every weight of the head at 3e38: finite floats, whose products overflow.
    QFile file(model);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
    file.close();
    QJsonArray parameters = object.value("parameters").toArray();
    for (qsizetype i = 0; i < parameters.size(); ++i) {
        QJsonObject entry = parameters[i].toObject();
        if (!entry.value("name").toString().startsWith(QStringLiteral("head")))
            continue;
        QJsonArray values = entry.value("values").toArray();
        for (qsizetype v = 0; v < values.size(); ++v)
            values[v] = 3e38;
        entry["values"] = values;
        parameters[i] = entry;
    }
    object["parameters"] = parameters;
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QJsonDocument(object).toJson());
    file.close();
    const QString predictions = dir.filePath(QStringLiteral("p.csv"));
    const Run run = runCli({"eval", "--model", model, "--predictions", predictions});
    QCOMPARE(run.exitCode, 1); // was 0, "loss -nan" and predictions of nan
    QVERIFY2(run.err.contains("the model's outputs overflow on this data")
                 && run.err.contains("largest weight is 3e+38 in head"),
             run.err.constData());
    QVERIFY(!run.out.contains("nan"));
    QVERIFY(!QFile::exists(predictions));
}

// Inside every setting's range, but hundreds of gigabytes: refused with the estimate before
// anything is allocated (it grew to 8.4 GB and on towards the system's OOM kill).
void TestCliRobust::aModelTooLargeForTheMachineIsRefusedFirst()
{
    const Run run = runCli({"train", "--model", "moe", "--width", "4096", "--expert-hidden",
                            "16384", "--experts", "64", "--steps", "1"});
    QVERIFY(run.exitCode == 1 || run.exitCode == 2);
    QVERIFY2(run.err.contains("This MoE model would need about")
                 && run.err.contains("GB of memory to train")
                 && run.err.contains("this machine has available"),
             run.err.constData());
}

// The same test sample, evaluated in the test part and in all samples: the same prediction,
// probabilities, experts and gates (expert choice routed a whole part as one group: |dp| up to
// 0.71 between parts, 34 of 320 test rows routed differently).
void TestCliRobust::expertChoicePredictionsDoNotDependOnThePart()
{
    QTemporaryDir dir;
    const QString model = dir.filePath(QStringLiteral("m.json"));
    QCOMPARE(runCli({"train", "--model", "moe", "--router", "expert-choice", "--steps", "300",
                     "--save-model", model})
                 .exitCode,
             0);
    const QString test = dir.filePath(QStringLiteral("test.csv")),
                  all = dir.filePath(QStringLiteral("all.csv"));
    QCOMPARE(runCli({"eval", "--model", model, "--part", "test", "--predictions", test}).exitCode,
             0);
    QCOMPARE(runCli({"eval", "--model", model, "--part", "all", "--predictions", all}).exitCode, 0);
    const QStringList testRows = readLines(test).mid(1), allRows = readLines(all).mid(1);
    QVERIFY(testRows.size() > 50 && allRows.size() > testRows.size());
    const qsizetype offset = allRows.size() - testRows.size(); // all = train, then test
    for (qsizetype i = 0; i < testRows.size(); ++i) {
        const QStringList a = testRows[i].split(QLatin1Char(',')),
                          b = allRows[offset + i].split(QLatin1Char(','));
        QCOMPARE(a.size(), b.size());
        for (qsizetype c = 2; c < a.size(); ++c) { // after index and part
            bool numeric = false;
            const double x = a[c].toDouble(&numeric);
            if (numeric)
                QVERIFY2(std::abs(x - b[c].toDouble()) < 1e-5,
                         qPrintable(QStringLiteral("test row %1: %2 / %3")
                                        .arg(i)
                                        .arg(testRows[i], allRows[offset + i])));
            else { // expert lists and gate lists ("2 5", "0.31 0.12"), item by item
                const QStringList p = a[c].split(QLatin1Char(' ')),
                                  q = b[c].split(QLatin1Char(' '));
                QCOMPARE(p.size(), q.size());
                for (qsizetype k = 0; k < p.size(); ++k)
                    QVERIFY(std::abs(p[k].toDouble() - q[k].toDouble()) < 1e-5);
            }
        }
        QCOMPARE(a[2 + 1], b[2 + 1]); // the predicted class
    }
}

QTEST_MAIN(TestCliRobust)
#include "tst_clirobust.moc"
