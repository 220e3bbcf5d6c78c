// The command line and MoE Lab's files: train --save-model then eval reproduces the training run's
// numbers, --predictions writes a row per sample with each MoE block's experts and gates, and
// --config trains exactly what an experiment file says.

#include "clirunner.h"
#include "experimentfile.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace clitest;

class TestCliFiles : public QObject
{
    Q_OBJECT

private slots:
    void evalReproducesTheTrainingRun();
    void evalRefusesWhatDoesNotFit();
    void configTrainsTheExperiment();
};

void TestCliFiles::evalReproducesTheTrainingRun()
{
    QTemporaryDir dir;
    const QString model = dir.filePath("moe.json"), predictions = dir.filePath("p.csv");
    const QJsonObject trained = trainJson({"--model", "moe", "--router", "aux-free", "--steps",
                                           "150", "--threads", "1", "--save-model", model});
    QVERIFY(!trained.isEmpty());
    const Run eval = runCli(
        {"eval", "--model", model, "--json", "--predictions", predictions, "--part", "test"});
    QCOMPARE(eval.exitCode, 0);
    const QJsonObject report = QJsonDocument::fromJson(eval.out).object();
    // The same numbers as the training run's final evaluation, to the last bit.
    QCOMPARE(report["test"].toObject()["loss"].toDouble(), trained["test_loss"].toDouble());
    QCOMPARE(report["test"].toObject()["accuracy"].toDouble(), trained["test_acc"].toDouble());
    QCOMPARE(report["train"].toObject()["loss"].toDouble(), trained["train_loss"].toDouble());
    QCOMPARE(report["routing"].toArray().size(), 2);

    QFile file(predictions);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size() - 1, trained["test_samples"].toInt());
    QCOMPARE(lines.front(),
             QByteArray("index,part,label,predicted,p0,p1,p2,block1_experts,"
                        "block1_gates,block2_experts,block2_gates"));
    const QList<QByteArray> row = lines[1].split(',');
    QCOMPARE(row.size(), 11);
    QCOMPARE(row[1], QByteArray("test"));
    QCOMPARE(row[7].split(' ').size(), 2); // top-2: two experts, two gates summing to 1
    const QList<QByteArray> gates = row[8].split(' ');
    QVERIFY(std::abs(gates[0].toDouble() + gates[1].toDouble() - 1.0) < 1e-5);
}

void TestCliFiles::evalRefusesWhatDoesNotFit()
{
    QTemporaryDir dir;
    const QString model = dir.filePath("dense.json");
    QVERIFY(!trainJson({"--steps", "20", "--save-model", model}).isEmpty());
    Run run = runCli({"eval", "--model", model, "--dataset", "digits"});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("digits has 64 features; the model expects 2"), run.err.constData());
    run = runCli({"eval", "--model", dir.filePath("missing.json")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("missing.json: no such file"), run.err.constData());
    run = runCli({"eval"});
    QCOMPARE(run.exitCode, 2);
}

void TestCliFiles::configTrainsTheExperiment()
{
    QTemporaryDir dir;
    moe::Experiment e;
    e.dataset.name = "moons";
    e.model.moe.experts = 6;
    e.model.moe.topK = 1;
    e.steps = 120;
    const QString path = dir.filePath("run.json");
    moe::files::saveExperiment(path, e);
    const QJsonObject a = trainJson({"--config", path, "--threads", "1"});
    QCOMPARE(a["steps"].toInt(), 120);
    QCOMPARE(a["dataset"].toString(), QStringLiteral("moons"));
    QCOMPARE(a["expert_load"].toArray().size(), 6);
    // Training the same experiment again gives the same numbers.
    QCOMPARE(trainJson({"--config", path, "--threads", "2"})["test_loss"].toDouble(),
             a["test_loss"].toDouble());
    // --model dense trains the experiment's dense baseline (matched compute: k * h = 32).
    const QJsonObject dense = trainJson({"--config", path, "--model", "dense"});
    QVERIFY(!dense.contains("routing"));
    QCOMPARE(dense["active_params_per_sample"].toInt() > 0, true);
    // A setting the file decides cannot also come from the command line.
    const Run clash = runCli({"train", "--config", path, "--experts", "4"});
    QCOMPARE(clash.exitCode, 2);
    QVERIFY2(clash.err.contains("--experts cannot be combined"), clash.err.constData());
}

QTEST_MAIN(TestCliFiles)
#include "tst_clifiles.moc"
