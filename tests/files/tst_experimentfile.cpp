// Experiment files: every field survives a round trip, bad files say what is wrong and where, and
// an experiment opened again trains to the same curves.

#include "core/base/error.h"
#include "files/experimentfile.h"
#include "ui/worker/trainingworker.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace moe;
using namespace moe::files;

namespace {
// Settings away from every default, so that a field the file forgets shows.
Experiment unusual()
{
    Experiment e;
    e.dataset.name = "checkerboard";
    e.dataset.samples = 640;
    e.dataset.noise = 0.07;
    e.dataset.seed = 11;
    e.dataset.cells = 3;
    e.testFraction = 0.3;
    e.model.width = 12;
    e.model.blocks = 1;
    e.model.activation = Activation::Gelu;
    MoeConfig &m = e.model.moe;
    m.experts = 6;
    m.topK = 3;
    m.expertHidden = 20;
    m.router = RouterKind::NoisyTopK;
    m.renormalize = false;
    m.capacityFactor.reset();
    m.dropPolicy = DropPolicy::Score;
    m.balanceLoss = 0.05;
    m.zLoss = 0.001;
    m.sharedExperts = 1;
    m.deadAfterSteps = 40;
    e.baseline = DenseBaseline::Custom;
    e.customHidden = 77;
    e.training.optimizer.kind = OptimizerKind::Momentum;
    e.training.optimizer.learningRate = 0.02f;
    e.training.optimizer.momentum = 0.8f;
    e.training.optimizer.weightDecay = 0.001f;
    e.training.batchSize = 48;
    e.training.evalEvery = 25;
    e.training.seed = 5;
    e.steps = 321;
    e.stepsPerSecond = 30;
    return e;
}

void compare(const Experiment &a, const Experiment &b)
{
    QCOMPARE(experimentToJson(a), experimentToJson(b));
    QCOMPARE(a.dataset.noise, b.dataset.noise);
    QCOMPARE(a.model.moe.capacityFactor.has_value(), b.model.moe.capacityFactor.has_value());
    QVERIFY(!a.needsNewData(b) && !a.needsRebuild(b));
}

QString write(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(bytes);
    return path;
}

QString errorOf(const std::function<void()> &load)
{
    try {
        load();
    } catch (const DataError &error) {
        return QString::fromUtf8(error.what());
    }
    return QStringLiteral("(no error)");
}
} // namespace

class TestExperimentFile : public QObject
{
    Q_OBJECT

private slots:
    void everyFieldRoundTrips();
    void everyBaselineRoundTrips();
    void oldMatchComputeOpensAsExpertCompute();
    void savingIsAtomic();
    void badFilesSayWhatAndWhere_data();
    void badFilesSayWhatAndWhere();
    void csvPathsAreResolvedAndChecked();
    void reopenedExperimentTrainsTheSameCurves();
    void everyDataFieldNeedsNewData();
};

void TestExperimentFile::everyFieldRoundTrips()
{
    for (const Experiment &e : {Experiment(), unusual()}) {
        compare(experimentFromJson(experimentToJson(e), QStringLiteral("test")), e);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("run.json"));
        saveExperiment(path, e);
        compare(loadExperiment(path), e);
    }
}

void TestExperimentFile::everyBaselineRoundTrips()
{
    QStringList names;
    for (const auto &choice : kBaselineChoices) {
        Experiment e = unusual();
        e.baseline = choice.value;
        const QJsonObject json = experimentToJson(e);
        const QString name = json.value("dense").toObject().value("baseline").toString();
        QCOMPARE(name, QString::fromLatin1(choice.name.data(), qsizetype(choice.name.size())));
        names << name;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("run.json"));
        saveExperiment(path, e);
        const Experiment back = loadExperiment(path);
        QCOMPARE(int(back.baseline), int(choice.value));
        QCOMPARE(back.denseModel().hidden, e.denseModel().hidden);
    }
    QCOMPARE(
        names,
        QStringList({"match-expert-compute", "match-total-compute", "match-parameters", "custom"}));
    // The defaults' widths: E = 8, k = 2, h_e = 32 at d = 16 (router 2 d E = 256 FLOPs = 4 d x 4)
    Experiment e;
    e.model.width = 16;
    e.model.moe.experts = 8;
    e.model.moe.topK = 2;
    e.model.moe.expertHidden = 32;
    e.model.moe.sharedExperts = 0;
    QCOMPARE(int(e.baseline), int(DenseBaseline::MatchTotalCompute)); // the default
    QCOMPARE(e.denseModel().hidden, 68);
    e.baseline = DenseBaseline::MatchExpertCompute;
    QCOMPARE(e.denseModel().hidden, 64);
    e.baseline = DenseBaseline::MatchParameters;
    QCOMPARE(e.denseModel().hidden, 256);
}

void TestExperimentFile::oldMatchComputeOpensAsExpertCompute()
{
    // Files written before the router was counted say "match-compute": the experts' FLOPs.
    QJsonObject object = experimentToJson(unusual());
    QJsonObject dense = object.value("dense").toObject();
    dense["baseline"] = "match-compute";
    object["dense"] = dense;
    QTemporaryDir dir;
    const QString path = write(dir, QStringLiteral("old.json"), QJsonDocument(object).toJson());
    const Experiment e = loadExperiment(path);
    QCOMPARE(int(e.baseline), int(DenseBaseline::MatchExpertCompute));
    QCOMPARE(e.denseModel().hidden, (3 + 1) * 20); // (k + shared) h_e
    // Saved again, it says what it is.
    saveExperiment(path, e);
    QCOMPARE(int(loadExperiment(path).baseline), int(DenseBaseline::MatchExpertCompute));
    dense["baseline"] = "match-everything";
    object["dense"] = dense;
    const QString bad = write(dir, QStringLiteral("bad.json"), QJsonDocument(object).toJson());
    const QString error = errorOf([&] { loadExperiment(bad); });
    QVERIFY2(error.contains("match-expert-compute, match-total-compute"), qPrintable(error));
}

void TestExperimentFile::savingIsAtomic()
{
    // A save goes through a temporary file renamed over the old one: afterwards the folder holds
    // the new file and nothing else, and a save that cannot happen says where and changes nothing.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.json"));
    saveExperiment(path, unusual());
    saveExperiment(path, Experiment());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList {QStringLiteral("run.json")});
    compare(loadExperiment(path), Experiment());
    const QString nowhere = dir.filePath(QStringLiteral("missing-folder/run.json"));
    const QString error = errorOf([&] { saveExperiment(nowhere, unusual()); });
    QVERIFY2(error.contains(nowhere) && error.contains(QStringLiteral("cannot write")),
             qPrintable(error));
    compare(loadExperiment(path), Experiment());
}

void TestExperimentFile::badFilesSayWhatAndWhere_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    QByteArray good = QJsonDocument(experimentToJson(Experiment())).toJson();
    QTest::newRow("truncated") << good.left(good.size() / 2) << "truncated";
    QTest::newRow("syntax") << QByteArray("{\n  \"format\": \"moelab-experiment\",\n  x\n}")
                            << "line 3";
    QTest::newRow("other format") << QByteArray(R"({"format":"moelab-model","version":1})")
                                  << "not a moelab-experiment file";
    QTest::newRow("newer") << QByteArray(R"({"format":"moelab-experiment","version":9})")
                           << "newer MoE Lab";
    QJsonObject object = experimentToJson(Experiment());
    QJsonObject moe = object.value("moe").toObject();
    moe["experts"] = 300;
    object["moe"] = moe;
    QTest::newRow("out of range") << QJsonDocument(object).toJson()
                                  << "moe.experts must be an integer from 1 to 256 (found 300)";
    object = experimentToJson(Experiment());
    moe = object.value("moe").toObject();
    moe["router"] = "magic";
    object["moe"] = moe;
    QTest::newRow("unknown router")
        << QJsonDocument(object).toJson() << "moe.router must be one of";
    object = experimentToJson(Experiment());
    object.remove("training");
    QTest::newRow("missing") << QJsonDocument(object).toJson() << "training is missing";
    // Absurd sizes: refused from the number, nothing that size allocated.
    object = experimentToJson(Experiment());
    moe = object.value("moe").toObject();
    moe["experts"] = 1e9;
    object["moe"] = moe;
    QTest::newRow("a billion experts")
        << QJsonDocument(object).toJson()
        << "moe.experts must be an integer from 1 to 256 (found 1000000000)";
    object = experimentToJson(Experiment());
    QJsonObject training = object.value("training").toObject();
    training["batchSize"] = 1e12;
    object["training"] = training;
    QTest::newRow("a batch of 10^12") << QJsonDocument(object).toJson()
                                      << "training.batchSize must be an integer from 1 to 65536";
    object = experimentToJson(Experiment());
    moe = object.value("moe").toObject();
    moe["experts"] = "eight";
    object["moe"] = moe;
    QTest::newRow("wrong type") << QJsonDocument(object).toJson() << "moe.experts must be";
}

void TestExperimentFile::badFilesSayWhatAndWhere()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = write(dir, QStringLiteral("bad.json"), content);
    const QString error = errorOf([&] { loadExperiment(path); });
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("bad.json")), qPrintable(error));
}

void TestExperimentFile::csvPathsAreResolvedAndChecked()
{
    QTemporaryDir dir;
    write(dir, QStringLiteral("points.csv"), "x,y,label\n0,0,0\n1,1,1\n0,1,0\n1,0,1\n");
    Experiment e;
    e.dataset.name = "points.csv"; // relative: next to the experiment file
    saveExperiment(dir.filePath(QStringLiteral("run.json")), e);
    const Experiment loaded = loadExperiment(dir.filePath(QStringLiteral("run.json")));
    QCOMPARE(QString::fromStdString(loaded.dataset.name),
             dir.filePath(QStringLiteral("points.csv")));
    write(dir, QStringLiteral("points.csv"), "x,y,label\n0,0,0\n1,oops,1\n");
    const QString error
        = errorOf([&] { loadExperiment(dir.filePath(QStringLiteral("run.json"))); });
    QVERIFY2(error.contains(QStringLiteral("points.csv"))
                 && error.contains(QStringLiteral("line 3")),
             qPrintable(error));
}

void TestExperimentFile::reopenedExperimentTrainsTheSameCurves()
{
    const auto curves = [](const Experiment &e) {
        ui::TrainingWorker worker;
        ui::ArenaSnapshot last;
        connect(&worker, &ui::TrainingWorker::snapshotReady,
                [&](const ui::ArenaSnapshot &s) { last = s; });
        worker.configure(e);
        for (int i = 0; i < 60; ++i)
            worker.stepOnce();
        return last;
    };
    Experiment e = unusual();
    e.model.moe.capacityFactor = 1.0; // drops tokens: the capacity must survive too
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.json"));
    saveExperiment(path, e);
    const ui::ArenaSnapshot a = curves(e), b = curves(loadExperiment(path));
    QCOMPARE(a.step, qint64(60));
    QVERIFY(a.moe.testLoss.size() >= 3);
    QCOMPARE(b.moe.batchLoss, a.moe.batchLoss); // bitwise
    QCOMPARE(b.moe.testLoss, a.moe.testLoss);
    QCOMPARE(b.dense.testLoss, a.dense.testLoss);
    QCOMPARE(b.moe.testAccuracy, a.moe.testAccuracy);
}

QTEST_MAIN(TestExperimentFile)

void TestExperimentFile::everyDataFieldNeedsNewData()
{
    // A change of any field that describes the data makes new data (and so new models): the
    // grid's cells and classes as much as the dataset's name.
    const Experiment base;
    const std::function<void(Experiment &)> changes[] = {
        [](Experiment &e) { e.dataset.name = "checkerboard"; },
        [](Experiment &e) { e.dataset.samples = 1234; },
        [](Experiment &e) { e.dataset.noise = 0.3; },
        [](Experiment &e) { e.dataset.seed += 1; },
        [](Experiment &e) { e.dataset.gridCells += 1; },
        [](Experiment &e) { e.dataset.gridClasses += 1; },
        [](Experiment &e) { e.testFraction = 0.3; },
    };
    for (const auto &change : changes) {
        Experiment next = base;
        change(next);
        QVERIFY(base.needsNewData(next) && base.needsRebuild(next));
    }
    QVERIFY(!base.needsNewData(base));
}
#include "tst_experimentfile.moc"
