// moelab-cli's MoE commands: train --model moe, compare, sweep and bench, run as a user would.

#include "clirunner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace clitest;

class TestCliMoe : public QObject
{
    Q_OBJECT

private slots:
    void moeJsonReportsRouting();
    void routersAndPoliciesAllRun_data();
    void routersAndPoliciesAllRun();
    void compareMatchesComputeAndParameters();
    void compareTotalComputeCountsTheRouter();
    void sweepWritesOneRowPerRun();
    void sweepPlanRunByParallelThenMergedMatchesOneProcess();
    void sweepMergeRefusesWhatIsNotOneSweep();
    void divergenceOnTheLastStepIsReported();
    void benchMeasuresEveryCaseAndReadsTheReference();
};

void TestCliMoe::moeJsonReportsRouting()
{
    const QJsonObject json = trainJson({"--model", "moe", "--experts", "4", "--top-k", "2",
                                        "--expert-hidden", "8", "--blocks", "1", "--steps", "60",
                                        "--eval-every", "20", "--capacity-factor", "1.0"});
    QCOMPARE(json["model"].toObject()["kind"].toString(), QStringLiteral("moe"));
    // projection 2*16+16, router 4*16, 4 experts of 16*8+8+8*16+16 = 280, head 16*3+3
    QCOMPARE(json["total_params"].toInt(), 48 + 64 + 4 * 280 + 51);
    QCOMPARE(json["active_params_per_sample"].toInt(), 48 + 64 + 2 * 280 + 51);
    QCOMPARE(json["flops_per_sample"].toDouble(),
             64.0 + 2.0 * 16 * 4 + 2 * 2.0 * 2 * 16 * 8 + 96.0);
    const QJsonArray load = json["expert_load"].toArray();
    QCOMPARE(load.size(), 4);
    double total = 0;
    for (const QJsonValue &v : load)
        total += v.toDouble();
    // The last 20 steps (41-60), k = 2 slots per token. 720 training samples make 11 batches of
    // 64 and one of 16 per epoch, so steps 48 and 60 had 16 tokens.
    QCOMPARE(total, (18.0 * 64 + 2 * 16) * 2);
    for (const char *key : {"dropped_fraction", "load_cv", "dead_experts", "router_entropy",
                            "balance_loss", "z_loss", "jain_index", "class_affinity"})
        QVERIFY2(json.contains(QLatin1String(key)), key);
    QVERIFY(json["router_entropy"].toDouble() > 0.0);
    QVERIFY(json["router_entropy"].toDouble() <= std::log(4.0) + 1e-9);
    QVERIFY(json["balance_loss"].toDouble()
            >= 0.01 - 1e-6); // alpha at perfect balance, more otherwise
    QCOMPARE(json["z_loss"].toDouble(), 0.0);
    QCOMPARE(json["class_affinity"].toArray().size(), 3);
}

void TestCliMoe::routersAndPoliciesAllRun_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::newRow("switch") << QStringList {"--router", "switch", "--jitter", "0.01"};
    QTest::newRow("noisy-topk") << QStringList {"--router", "noisy-topk"};
    QTest::newRow("expert-choice") << QStringList {"--router", "expert-choice"};
    QTest::newRow("aux-free") << QStringList {"--router", "aux-free", "--balance-loss", "0"};
    QTest::newRow("score policy, z-loss")
        << QStringList {"--drop-policy", "score", "--z-loss", "0.001"};
    QTest::newRow("random policy, shared")
        << QStringList {"--drop-policy", "random", "--shared-experts", "1"};
    QTest::newRow("dropless") << QStringList {"--capacity-factor", "none"};
}

void TestCliMoe::routersAndPoliciesAllRun()
{
    QFETCH(QStringList, options);
    const QJsonObject json = trainJson(QStringList {"--model", "moe", "--steps", "40"} + options);
    QVERIFY(json["train_loss"].toDouble() > 0.0);
    QVERIFY(json["test_acc"].toDouble() > 0.0);
    QCOMPARE(json["expert_load"].toArray().size(), 8);
    if (options.contains("none"))
        QCOMPARE(json["dropped_fraction"].toDouble(), 0.0);
    if (options.contains("expert-choice"))
        QCOMPARE(json["load_cv"].toDouble(), 0.0); // every expert takes exactly C tokens
}

void TestCliMoe::compareTotalComputeCountsTheRouter()
{
    // Noisy top-k (two routing matrices) with a shared expert and an odd E, d = 6, one block:
    // MoE FLOPs per block 2 * 2 d E + (k + 1) 4 d h = 120 + 2 * 4 * 6 * 4 = 312 = 4 d * 13.
    const Run run = runCli({"compare", "--json", "--steps", "5", "--experts", "5", "--top-k", "1",
                            "--router", "noisy-topk", "--shared-experts", "1", "--expert-hidden",
                            "4", "--width", "6", "--blocks", "1"});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    const QJsonObject moe = json["moe"].toObject(),
                      expert = json["dense_matched_expert_compute"].toObject(),
                      total = json["dense_matched_total_compute"].toObject();
    QCOMPARE(expert["model"].toObject()["hidden"].toInt(), 2 * 4);
    QCOMPARE(total["model"].toObject()["hidden"].toInt(), 13);
    QVERIFY(expert["flops_per_sample"].toDouble() < moe["flops_per_sample"].toDouble());
    QCOMPARE(total["flops_per_sample"].toDouble(), moe["flops_per_sample"].toDouble());
    // The table names each matching and sets its FLOPs beside the MoE's.
    const Run table = runCli({"compare", "--steps", "5", "--experts", "5", "--top-k", "1",
                              "--router", "noisy-topk", "--width", "6", "--blocks", "1"});
    QCOMPARE(table.exitCode, 0);
    for (const char *text : {"expert compute", "total compute", "(router included)",
                             "(router left out)", "x the MoE's FLOPs", "1.00x"})
        QVERIFY2(table.out.contains(text), text);
}

void TestCliMoe::compareMatchesComputeAndParameters()
{
    const Run run
        = runCli({"compare", "--json", "--steps", "30", "--experts", "8", "--top-k", "2"});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(json.keys(),
             (QStringList {"dense_matched_expert_compute", "dense_matched_params",
                           "dense_matched_total_compute", "moe"}));
    const QJsonObject moe = json["moe"].toObject(),
                      compute = json["dense_matched_expert_compute"].toObject(),
                      total = json["dense_matched_total_compute"].toObject(),
                      params = json["dense_matched_params"].toObject();
    QCOMPARE(compute["model"].toObject()["hidden"].toInt(), 2 * 32);
    QCOMPARE(params["model"].toObject()["hidden"].toInt(), 8 * 32);
    // Matched expert compute: the same FLOPs except the MoE's router (2 d E per block).
    QCOMPARE(moe["flops_per_sample"].toDouble() - compute["flops_per_sample"].toDouble(),
             2 * (2.0 * 16 * 8));
    // Matched total compute: h = ceil(E/2 + k h) = 68, at least the MoE's FLOPs (here exactly:
    // the router's 2 d E = 4 d * 4), and one unit narrower would be less.
    QCOMPARE(total["model"].toObject()["hidden"].toInt(), 8 / 2 + 2 * 32);
    QVERIFY(total["flops_per_sample"].toDouble() >= moe["flops_per_sample"].toDouble());
    QVERIFY(total["flops_per_sample"].toDouble() - 2 * (4.0 * 16)
            < moe["flops_per_sample"].toDouble());
    // Matched parameters: the same except the router weights (E d per block) and the extra
    // second-layer biases of the experts ((E - 1) d per block).
    QCOMPARE(moe["total_params"].toInt() - params["total_params"].toInt(), 2 * (8 * 16 + 7 * 16));
    // Identical data for all three.
    QCOMPARE(moe["test_samples"].toInt(), compute["test_samples"].toInt());
    QCOMPARE(moe["train_samples"].toInt(), params["train_samples"].toInt());
    // The mean time per step, broken down: parts within the total, nothing routed by a dense
    // model, the older figures the same numbers.
    for (const QJsonObject &model : {moe, compute, total, params}) {
        const QJsonObject ms = model["time_per_step_breakdown_ms"].toObject();
        QCOMPARE(ms.keys(), (QStringList {"experts", "optimizer", "rest", "routing", "total"}));
        double parts = 0.0;
        for (const char *part : {"routing", "experts", "rest", "optimizer"}) {
            QVERIFY(ms[part].toDouble() >= 0.0);
            parts += ms[part].toDouble();
        }
        QVERIFY(parts <= ms["total"].toDouble() * (1.0 + 1e-9));
        QCOMPARE(ms["total"].toDouble(), model["time_per_step_ms"].toDouble());
        QCOMPARE(ms["optimizer"].toDouble(), model["optimizer_ms_per_step"].toDouble());
        const bool isMoe = model["model"].toObject()["kind"].toString() == "moe";
        QCOMPARE(ms["routing"].toDouble() > 0.0, isMoe);
        QCOMPARE(ms["experts"].toDouble() > 0.0, isMoe);
    }
}

void TestCliMoe::sweepWritesOneRowPerRun()
{
    QTemporaryDir dir;
    const Run run = runCli({"sweep", "--experts", "1,2,4", "--top-k", "1,2", "--dense-widths",
                            "16,32", "--seeds", "2", "--steps", "10", "--out", dir.path()});
    QCOMPARE(run.exitCode, 0);
    QFile file(dir.filePath(QStringLiteral("tradeoff.csv")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    // per seed: (E,k) in {(1,1), (2,1), (2,2), (4,1), (4,2)} + 2 dense widths = 7 runs
    QCOMPARE(lines.size(), 1 + 2 * 7);
    QVERIFY(lines[0].startsWith("kind,experts,top_k,hidden,seed,total_params"));
    QVERIFY(lines[1].startsWith("moe,1,1,32,1,"));
    QVERIFY(lines[7].startsWith("dense,,,32,1,"));
    QVERIFY(lines[8].startsWith("moe,1,1,32,2,"));
    // Total parameters grow with E at fixed k; active parameters do not.
    const auto cell
        = [&](int line, int column) { return lines[line].split(',')[column].toDouble(); };
    QVERIFY(cell(4, 5) > cell(2, 5)); // (4,1) vs (2,1): more experts, more parameters
    QCOMPARE(cell(4, 6) - cell(2, 6),
             2.0 * 16 * 2); // only the router grows: 2 blocks x 2 more rows x d
}

namespace {
// tradeoff.csv's rows without time_per_step_ms and its four parts (columns 8 to 12), the only
// figures that are measured.
QList<QByteArray> rowsWithoutTime(const QString &dir)
{
    QFile file(QDir(dir).filePath(QStringLiteral("tradeoff.csv")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> rows = file.readAll().trimmed().split('\n');
    for (QByteArray &row : rows) {
        QList<QByteArray> cells = row.split(',');
        cells.remove(8, 5);
        row = cells.join(',');
    }
    return rows;
}

const QStringList kSmallSweep {"--experts", "1,2,4", "--top-k", "1,2", "--dense-widths", "16,32",
                               "--seeds",   "2",     "--steps", "30",  "--eval-every",   "10"};
} // namespace

void TestCliMoe::sweepPlanRunByParallelThenMergedMatchesOneProcess()
{
    const QString parallel = QStandardPaths::findExecutable(QStringLiteral("parallel"));
    QVERIFY2(!parallel.isEmpty(), "GNU parallel is not installed (scripts/setup.sh installs it)");
    QTemporaryDir dir;
    const QString here = dir.filePath("here"), runs = dir.filePath("runs"),
                  merged = dir.filePath("merged"), plan = dir.filePath("plan.txt");
    QCOMPARE(runCli(QStringList {"sweep"} + kSmallSweep + QStringList {"--out", here}).exitCode, 0);
    const Run planned
        = runCli(QStringList {"sweep"} + kSmallSweep + QStringList {"--plan", plan, "--out", runs});
    QCOMPARE(planned.exitCode, 0);
    QFile planFile(plan);
    QVERIFY(planFile.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = planFile.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 2 * 7); // one self-contained command per run
    QVERIFY(lines[4].endsWith("--run 5 --out " + QDir(runs).absolutePath().toUtf8()));

    // Run by GNU parallel from another folder, as on another machine: two jobs at a time.
    QProcess process;
    process.setWorkingDirectory(QDir::tempPath());
    process.setStandardInputFile(plan);
    process.start(parallel, {"-j2"});
    QVERIFY(process.waitForFinished(540000));
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(QDir(runs).entryList({"run-*.json"}, QDir::Files).size(), 14);

    const Run merge = runCli({"sweep", "--merge", runs, "--out", merged, "--format", "svg"});
    QVERIFY2(merge.exitCode == 0, merge.err.constData());
    QVERIFY(merge.out.contains("14 runs (merged from 1 folder)"));
    const QList<QByteArray> expected = rowsWithoutTime(here);
    QCOMPARE(expected.size(), 1 + 14);
    QCOMPARE(rowsWithoutTime(merged), expected);
    for (const char *name : {"accuracy-vs-compute.svg", "accuracy-vs-compute.csv",
                             "time-vs-compute.svg", "time-vs-compute.csv"})
        QVERIFY2(QFile::exists(QDir(merged).filePath(QString::fromLatin1(name))), name);
    QFile accuracy(QDir(merged).filePath("accuracy-vs-compute.csv")),
        accuracyHere(QDir(here).filePath("accuracy-vs-compute.csv"));
    QVERIFY(accuracy.open(QIODevice::ReadOnly) && accuracyHere.open(QIODevice::ReadOnly));
    QCOMPARE(accuracy.readAll(), accuracyHere.readAll());
}

void TestCliMoe::sweepMergeRefusesWhatIsNotOneSweep()
{
    QTemporaryDir dir;
    const QString empty = dir.filePath("empty");
    QVERIFY(QDir().mkpath(empty));
    Run run = runCli({"sweep", "--merge", empty, "--out", dir.filePath("out")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(empty.toUtf8() + ": no sweep results"), run.err.constData());

    // Run 1 of a spiral sweep and of a moons sweep, each by its line of its plan.
    for (const char *dataset : {"spiral", "moons"}) {
        const QString name = QString::fromLatin1(dataset);
        const QString plan = dir.filePath(name + ".txt");
        QCOMPARE(runCli({"sweep", "--dataset", name, "--experts", "1,2", "--top-k", "1",
                         "--dense-widths", "none", "--seeds", "1", "--steps", "10", "--plan", plan,
                         "--out", dir.filePath(name)})
                     .exitCode,
                 0);
        QFile file(plan);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QCOMPARE(QProcess::execute("sh", {"-c", QString::fromUtf8(lines[0])}), 0);
    }
    run = runCli({"sweep", "--merge", dir.filePath("spiral"), "--out", dir.filePath("out")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("1 of 2 runs missing: run 2"), run.err.constData());
    run = runCli({"sweep", "--merge", dir.filePath("spiral"), dir.filePath("moons"), "--out",
                  dir.filePath("out")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(dir.filePath("moons/run-0001.json").toUtf8()
                              + " is a run on "
                                "dataset moons"),
             run.err.constData());
    QVERIFY(!QFile::exists(dir.filePath("out/tradeoff.csv")));

    run = runCli({"sweep", "--experts", "1", "--top-k", "1", "--plan",
                  dir.filePath("no/such/folder/plan.txt"), "--out", dir.filePath("runs")});
    QCOMPARE(run.exitCode, 1);
    // The plan's path and why it cannot be written (docs/reliability.md, "Files written").
    QVERIFY2(run.err.contains(dir.filePath("no/such/folder/plan.txt").toUtf8()
                              + ": cannot write (the folder")
                 && run.err.contains("does not exist"),
             run.err.constData());
}

void TestCliMoe::divergenceOnTheLastStepIsReported()
{
    const Run run = runCli({"train", "--optimizer", "sgd", "--lr", "100", "--steps", "2"});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("diverged"), run.err.constData());
    QVERIFY(!run.out.contains("nan"));
}

void TestCliMoe::benchMeasuresEveryCaseAndReadsTheReference()
{
    // The benchmark's plumbing (never its timings): every case at both thread counts measured,
    // the reference's numbers put beside ours with their ratio, the large run's losses equal
    // bit for bit across thread counts, the chart and the JSON written.
    QTemporaryDir dir;
    const QString reference = dir.filePath(QStringLiteral("torch.json"));
    QFile file(reference);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"torch": "test", "results": [
        {"name": "default MoE", "threads": 1, "steps_per_s": 10.0, "steps_per_s_min": 9.0,
         "steps_per_s_max": 11.0}]})");
    file.close();
    const QString json = dir.filePath(QStringLiteral("bench.json"));
    const Run run = runCli({"bench", "--quick", "--reference", reference, "--json", json, "--out",
                            dir.path(), "--format", "svg"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(run.out.contains("| default MoE | 1 | "));
    QVERIFY(run.out.contains("| 10.0 |")); // the reference's steps/s, beside ours
    QVERIFY(run.out.contains("bitwise identical"));
    QVERIFY(run.out.contains("| large MoE: losses bitwise identical for every thread count | "
                             "identical | yes |"));
    QFile results(json);
    QVERIFY(results.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(results.readAll()).object();
    const QJsonArray training = root["training"].toArray();
    QCOMPARE(training.size(), 2 * 10); // 10 cases at 1 and 2 threads
    for (const QJsonValue &c : training) {
        QVERIFY(c["steps_per_s"]["median"].toDouble() > 0.0);
        QVERIFY(c["steps_per_s"]["min"].toDouble() <= c["steps_per_s"]["max"].toDouble());
    }
    QCOMPARE(root["large"].toArray().size(), 2);
    QCOMPARE(root["large_losses_identical"].toBool(), true);
    QVERIFY(root["peak_memory_mib"].toDouble() > 0.0);
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("bench-time-vs-experts.svg"))));
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("bench-time-vs-experts.csv"))));
    // A reference file that is not the script's JSON is refused with its name.
    QFile bad(reference);
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("[1, 2]");
    bad.close();
    const Run refused = runCli({"bench", "--quick", "--reference", reference});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY(refused.err.contains("torch.json"));
}

QTEST_GUILESS_MAIN(TestCliMoe)
#include "tst_climoe.moc"
