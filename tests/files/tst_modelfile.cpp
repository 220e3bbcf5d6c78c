// Model files: a trained model saved and loaded predicts bitwise the same (dense, MoE, aux-free
// router state, standardisation); damaged or mismatched files are refused with a clear message.

#include "core/base/error.h"
#include "core/moe/moeblock.h"
#include "core/train/trainer.h"
#include "files/modelfile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace moe;
using namespace moe::files;

namespace {
// Three noisy classes in 3-D.
Dataset blobs(int n, std::uint64_t seed)
{
    Rng rng(seed);
    Dataset d;
    d.features.resize(n, 3);
    d.labels.resize(std::size_t(n));
    d.numClasses = 3;
    for (int i = 0; i < n; ++i) {
        const int c = i % 3;
        d.labels[std::size_t(i)] = c;
        for (int j = 0; j < 3; ++j)
            d.features(i, j) = float((j == c ? 2.0 : 0.0) + rng.normal());
    }
    return d;
}

ModelConfig config(BlockKind kind, RouterKind router)
{
    ModelConfig c;
    c.inputDim = 3;
    c.outputDim = 3;
    c.width = 8;
    c.hidden = 24;
    c.blocks = 2;
    c.blockKind = kind;
    c.moe.experts = 4;
    c.moe.topK = 2;
    c.moe.expertHidden = 8;
    c.moe.router = router;
    return c;
}

QString errorOf(const QString &path)
{
    try {
        ModelInfo info;
        loadModel(path, info);
    } catch (const DataError &error) {
        return QString::fromUtf8(error.what());
    }
    return QStringLiteral("(no error)");
}

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return QJsonDocument::fromJson(file.readAll()).object();
}

void writeJson(const QString &path, const QJsonObject &object)
{
    QFile file(path);
    file.open(QIODevice::WriteOnly);
    file.write(QJsonDocument(object).toJson());
}
} // namespace

class TestModelFile : public QObject
{
    Q_OBJECT

private slots:
    void roundTripPredictsBitwise_data();
    void roundTripPredictsBitwise();
    void versionOneOpensWithoutThresholds();
    void damagedFilesAreRefused_data();
    void damagedFilesAreRefused();
};

void TestModelFile::roundTripPredictsBitwise_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("router");
    QTest::newRow("dense") << int(BlockKind::Dense) << int(RouterKind::TopK);
    QTest::newRow("moe topk") << int(BlockKind::Moe) << int(RouterKind::TopK);
    QTest::newRow("moe aux-free") << int(BlockKind::Moe) << int(RouterKind::AuxFree);
    QTest::newRow("moe noisy-topk") << int(BlockKind::Moe) << int(RouterKind::NoisyTopK);
    QTest::newRow("moe expert choice") << int(BlockKind::Moe) << int(RouterKind::ExpertChoice);
}

void TestModelFile::roundTripPredictsBitwise()
{
    QFETCH(int, kind);
    QFETCH(int, router);
    const ModelConfig c = config(BlockKind(kind), RouterKind(router));
    TrainingConfig training;
    training.optimizer.learningRate = 0.01f;
    Trainer trainer(c, blobs(300, 1), blobs(90, 2), training);
    for (int i = 0; i < 80; ++i)
        trainer.step();
    ModelInfo info;
    info.classes = 3;
    Matrix mean(1, 3), scale(1, 3);
    mean << 0.5f, -1.25f, 3.0f;
    scale << 1.5f, 0.75f, 2.0f;
    info.scaler.setStatistics(mean.row(0), scale.row(0));
    info.dataset.name = "blobs";
    info.steps = trainer.stepsDone();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("model.json"));
    saveModel(path, trainer.model(), info);

    ModelInfo loadedInfo;
    std::unique_ptr<Model> loaded = loadModel(path, loadedInfo);
    QCOMPARE(loadedInfo.classes, 3);
    QCOMPARE(loadedInfo.steps, qint64(80));
    QCOMPARE(loadedInfo.dataset.name, std::string("blobs"));
    QVERIFY(loadedInfo.scaler.mean() == info.scaler.mean());
    QVERIFY(loadedInfo.scaler.scale() == info.scaler.scale());
    // Same predictions, bitwise, through a fresh trainer holding the loaded weights.
    Trainer fresh(loaded->config(), blobs(300, 1), blobs(90, 2), training);
    copyWeights(*loaded, fresh.model());
    const Dataset probe = blobs(120, 3);
    Matrix expected, actual;
    trainer.predict(probe.features, expected);
    fresh.predict(probe.features, actual);
    QVERIFY(expected.allFinite());
    QVERIFY2(actual == expected, "predictions differ after a save and load");
    if (RouterKind(router) == RouterKind::ExpertChoice) { // so are the evaluation thresholds
        const auto *a = trainer.moeBlocks().front(), *b = fresh.moeBlocks().front();
        QVERIFY(a->router().evalThreshold() != RowVector::Constant(4, 0.25f));
        QVERIFY(a->router().evalThreshold() == b->router().evalThreshold());
    }
    if (RouterKind(router) == RouterKind::AuxFree) { // the selection bias is saved state
        const auto *a = trainer.moeBlocks().front(), *b = fresh.moeBlocks().front();
        QVERIFY(a->router().selectionBias().cwiseAbs().maxCoeff() > 0.0f);
        QVERIFY(a->router().selectionBias() == b->router().selectionBias());
    }
}

// A version 1 file (before expert choice saved its thresholds) still opens; its expert-choice
// blocks evaluate with 1/E (docs/model-format.md).
void TestModelFile::versionOneOpensWithoutThresholds()
{
    Trainer trainer(config(BlockKind::Moe, RouterKind::ExpertChoice), blobs(120, 1), blobs(30, 2),
                    TrainingConfig {});
    for (int s = 0; s < 5; ++s)
        trainer.step();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("model.json"));
    ModelInfo info;
    info.task = Task::Classification;
    info.classes = 3;
    saveModel(path, trainer.model(), info);
    QJsonObject object = readJson(path);
    QCOMPARE(object.value("state").toArray().size(), 2); // block1 and block2 thresholds
    QCOMPARE(object.value("state").toArray()[1].toObject().value("name").toString(),
             QStringLiteral("block2.router.eval_threshold"));
    object["version"] = 1;
    object["state"] = QJsonArray {};
    writeJson(path, object);
    ModelInfo loadedInfo;
    std::unique_ptr<Model> loaded = loadModel(path, loadedInfo);
    auto *block = dynamic_cast<MoeBlock *>(loaded->blocks().front().get());
    QVERIFY(block);
    QCOMPARE(block->router().evalThreshold(), RowVector(RowVector::Constant(4, 0.25f)));
    // A version 2 file must have them.
    object["version"] = 2;
    writeJson(path, object);
    QVERIFY2(errorOf(path).contains("router state 'block1.router.eval_threshold' is missing"),
             qPrintable(errorOf(path)));
}

void TestModelFile::damagedFilesAreRefused_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("expected");
    QTest::newRow("truncated") << "truncate"
                               << "truncated";
    QTest::newRow("newer version") << "version"
                                   << "newer MoE Lab";
    // A finite JSON number that no float holds: it read as inf, and eval printed "loss -nan".
    QTest::newRow("float overflow") << "float overflow"
                                    << "of 'block1.expert1.up.weight' at index 0 is 1e+39, "
                                       "beyond what a weight can hold";
    QTest::newRow("wrong shape") << "shape"
                                 << "shape of 'block1.expert1.up.weight' must be";
    QTest::newRow("missing parameter") << "drop"
                                       << "parameter 'block1.expert1.up.weight' is "
                                          "missing";
    QTest::newRow("not a number") << "value"
                                  << "non-number at index 0";
    QTest::newRow("config mismatch") << "experts"
                                     << "shape of 'block1.router.weight' must be [3, 8]";
    // Absurd sizes are refused from the numbers alone, before anything that size is allocated.
    QTest::newRow("a billion experts") << "billion experts"
                                       << "config.moe.experts must be an integer from 1 to 256 "
                                          "(found 1000000000)";
    QTest::newRow("a billion-square shape") << "billion shape"
                                            << "shape of 'block1.expert1.up.weight' must be";
    QTest::newRow("a width of 10^8") << "huge width"
                                     << "config.width must be an integer from 1 to 4096";
}

void TestModelFile::damagedFilesAreRefused()
{
    QFETCH(QString, damage);
    QFETCH(QString, expected);
    Rng rng(1);
    Model model(config(BlockKind::Moe, RouterKind::TopK), rng);
    ModelInfo info;
    info.classes = 3;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("model.json"));
    saveModel(path, model, info);
    QJsonObject object = readJson(path);
    QJsonArray parameters = object.value("parameters").toArray();
    qsizetype index = -1; // the entry of block1.expert1.up.weight
    for (qsizetype i = 0; i < parameters.size(); ++i)
        if (parameters[i].toObject().value("name").toString() == "block1.expert1.up.weight")
            index = i;
    QVERIFY2(index >= 0, "the parameter names changed: update this test");
    QJsonObject entry = parameters[index].toObject();
    if (damage == "truncate") {
        QFile file(path);
        file.open(QIODevice::ReadOnly);
        const QByteArray bytes = file.readAll();
        file.close();
        file.open(QIODevice::WriteOnly | QIODevice::Truncate);
        file.write(bytes.left(bytes.size() * 2 / 3));
    } else {
        if (damage == "version")
            object["version"] = files::kModelVersion + 1;
        if (damage == "shape")
            entry["shape"] = QJsonArray {1, 2};
        if (damage == "value" || damage == "float overflow") {
            QJsonArray values = entry.value("values").toArray();
            values[0] = damage == "value" ? QJsonValue("x") : QJsonValue(1e39);
            entry["values"] = values;
        }
        if (damage == "experts" || damage == "billion experts") {
            QJsonObject c = object.value("config").toObject();
            QJsonObject moe = c.value("moe").toObject();
            moe["experts"] = damage == "experts" ? 3 : 1000000000; // the weights are for 4
            c["moe"] = moe;
            object["config"] = c;
        }
        if (damage == "billion shape")
            entry["shape"] = QJsonArray {1000000000, 1000000000};
        if (damage == "huge width") {
            QJsonObject c = object.value("config").toObject();
            c["width"] = 100000000;
            object["config"] = c;
        }
        parameters[index] = entry;
        if (damage == "drop")
            parameters.removeAt(index);
        object["parameters"] = parameters;
        writeJson(path, object);
    }
    const QString error = errorOf(path);
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY2(error.contains("model.json"), qPrintable(error));
}

QTEST_MAIN(TestModelFile)
#include "tst_modelfile.moc"
