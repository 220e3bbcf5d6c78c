// The command line and MoE Lab's files: train --save-model then eval reproduces the training run's
// numbers, --predictions writes a row per sample with each MoE block's experts and gates, and
// --config trains exactly what an experiment file says.

#include "clirunner.h"
#include "files/experimentfile.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
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
    void compareAndSweepWriteTheAppsCharts();
    void reportWritesTheHandout();
    void whatTheCommandsWriteTheyRead();
    void demoIsTheClassroomDemo();
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
    QVERIFY2(run.err.contains("missing.json: file not found"), run.err.constData());
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
    // --model dense trains the experiment's dense baseline (matched total compute).
    const QJsonObject dense = trainJson({"--config", path, "--model", "dense"});
    QVERIFY(!dense.contains("routing"));
    QCOMPARE(dense["active_params_per_sample"].toInt() > 0, true);
    // A setting the file decides cannot also come from the command line.
    const Run clash = runCli({"train", "--config", path, "--experts", "4"});
    QCOMPARE(clash.exitCode, 2);
    QVERIFY2(clash.err.contains("--experts cannot be combined"), clash.err.constData());
}

void TestCliFiles::compareAndSweepWriteTheAppsCharts()
{
    QTemporaryDir dir;
    const QString out = dir.filePath("charts");
    Run run = runCli({"compare", "--steps", "120", "--out", out, "--format", "png,svg,pdf"});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("Charts: 50 files"), run.out.constData());
    QVERIFY2(!run.err.contains("propagateSizeHints"), run.err.constData());
    for (const char *name :
         {"dense-map", "moe-map", "routing-map", "class-by-expert", "expert-load", "load-over-time",
          "loss", "accuracy", "capacity-vs-compute", "accuracy-vs-compute", "time-vs-compute",
          "router-share"}) {
        const QString base = QDir(out).filePath(QString::fromLatin1(name));
        QVERIFY2(QImage(base + ".png").width() >= 300, name);
        QFile svg(base + ".svg"), pdf(base + ".pdf"), csv(base + ".csv");
        QVERIFY(svg.open(QIODevice::ReadOnly) && pdf.open(QIODevice::ReadOnly)
                && csv.open(QIODevice::ReadOnly));
        const QByteArray svgText = svg.readAll();
        QVERIFY2(svgText.contains("<svg")
                     && (svgText.contains("<path") || svgText.contains("<rect")
                         || svgText.contains("<ellipse")),
                 name);
        QVERIFY(pdf.readAll().startsWith("%PDF"));
        QVERIFY(csv.readAll().count('\n') >= 2);
    }
    QVERIFY(QFile::exists(QDir(out).filePath("experiment.json")));
    QVERIFY(QFile::exists(QDir(out).filePath("summary.csv")));
    // The experiment written beside the charts trains again to the same summary.
    moe::files::loadExperiment(QDir(out).filePath("experiment.json"));

    const QString sweep = dir.filePath("sweep");
    run = runCli({"sweep", "--experts", "1,4", "--top-k", "1", "--dense-widths", "32", "--seeds",
                  "1", "--steps", "60", "--out", sweep, "--format", "svg"});
    QCOMPARE(run.exitCode, 0);
    for (const char *name : {"tradeoff.csv", "accuracy-vs-compute.svg", "accuracy-vs-compute.csv",
                             "time-vs-compute.svg", "time-vs-compute.csv"})
        QVERIFY2(QFile::exists(QDir(sweep).filePath(QString::fromLatin1(name))), name);
    run = runCli({"compare", "--steps", "10", "--out", out, "--format", "gif"});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("--format expects png, svg or pdf"), run.err.constData());
}

void TestCliFiles::reportWritesTheHandout()
{
    QTemporaryDir dir;
    moe::Experiment e;
    e.steps = 150;
    const QString config = dir.filePath("run.json"), report = dir.filePath("report.pdf");
    moe::files::saveExperiment(config, e);
    const Run run = runCli({"report", "--config", config, "--out", report});
    QCOMPARE(run.exitCode, 0);
    QFile file(report);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString pdf = QString::fromLatin1(file.readAll());
    QVERIFY(pdf.startsWith("%PDF"));
    QCOMPARE(pdf.count(QRegularExpression("/Type\\s*/Page[^s]")), 7); // title page + 11 charts
    QCOMPARE(runCli({"report", "--config", config}).exitCode, 2);
    QCOMPARE(runCli({"report", "--config", dir.filePath("none.json"), "--out", report}).exitCode,
             1);
}

// The review's cases: files written by one command at the ends of the ranges were refused by
// another (models with 17 blocks by eval, experiments with weight decay 5 by train --config).
void TestCliFiles::whatTheCommandsWriteTheyRead()
{
    QTemporaryDir dir;
    const QString model = dir.filePath("deep.json");
    Run run
        = runCli({"train", "--model", "moe", "--blocks", "16", "--width", "4", "--expert-hidden",
                  "4", "--weight-decay", "10", "--steps", "3", "--save-model", model});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    run = runCli({"eval", "--model", model});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    // The other end: no block at all (a linear model), which the review found unreadable too.
    const QString linear = dir.filePath("linear.json");
    run = runCli(
        {"train", "--model", "moe", "--blocks", "0", "--steps", "3", "--save-model", linear});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    run = runCli({"eval", "--model", linear, "--json"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(QJsonDocument::fromJson(run.out).object()["all"].toObject()["samples"].toInt(), 900);
    run = runCli({"train", "--blocks", "17"}); // past the range: refused before anything is written
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("--blocks expects a whole number from 0 to 16"), run.err.constData());

    const QString out = dir.filePath("compare");
    run = runCli({"compare", "--blocks", "16", "--width", "4", "--expert-hidden", "4",
                  "--weight-decay", "10", "--eval-every", "100000000", "--steps", "3", "--out", out,
                  "--format", "png"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    run = runCli({"train", "--config", out + "/experiment.json", "--steps", "3", "--json"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject trained = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(trained["model"].toObject()["blocks"].toInt(), 16);
}

QTEST_MAIN(TestCliFiles)
// `moelab-cli demo` trains what the app starts on and the lessons start from: classroomDemo().
void TestCliFiles::demoIsTheClassroomDemo()
{
    const Run run = runCli({"demo", "--steps", "2", "--threads", "1", "--json"});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    const QJsonObject moe = json["moe"].toObject(), model = moe["model"].toObject();
    const moe::Experiment demo = moe::classroomDemo();
    const moe::MoeConfig &m = demo.model.moe;
    QCOMPARE(moe["dataset"].toString(), QString::fromStdString(demo.dataset.name));
    QCOMPARE(moe["batch_size"].toInt(), int(demo.training.batchSize));
    QCOMPARE(model["width"].toInt(), demo.model.width);
    QCOMPARE(model["blocks"].toInt(), demo.model.blocks);
    QCOMPARE(model["experts"].toInt(), m.experts);
    QCOMPARE(model["top_k"].toInt(), m.topK);
    QCOMPARE(model["expert_hidden"].toInt(), m.expertHidden);
    QCOMPARE(model["router"].toString(), QStringLiteral("topk"));
    QVERIFY(!m.capacityFactor);
    QCOMPARE(model["capacity_factor"].toString(), QStringLiteral("none"));
    QCOMPARE(model["balance_loss_weight"].toDouble(), m.balanceLoss);
    // The app's baseline: matched total compute (h 40 for 16 experts of 16 at top-2, width 8).
    QCOMPARE(json["dense_matched_total_compute"].toObject()["model"].toObject()["hidden"].toInt(),
             demo.denseModel().hidden);
}

#include "tst_clifiles.moc"
