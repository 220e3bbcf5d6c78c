// Every file this build writes, it reads back: experiments and models saved with each setting of
// the tables (core/base/setting.h) at the two ends of its range open again with the same settings.
// The tables below say how each setting sits in an Experiment or a ModelConfig; a setting that is
// in a table of the project but in neither list here fails the coverage check, so a new setting
// cannot escape the round trip.

#include "core/base/rng.h"
#include "core/moe/moesettings.h"
#include "core/train/model.h"
#include "core/train/trainsettings.h"
#include "datasets/datasetsettings.h"
#include "files/experiment.h"
#include "files/experimentfile.h"
#include "files/modelfile.h"

#include <QTemporaryDir>
#include <QTest>
#include <functional>
#include <set>

using namespace moe;

namespace {

// How one setting is read and written in an Experiment.
struct ExperimentField
{
    const Setting *setting;
    std::function<double(const Experiment &)> get;
    std::function<void(Experiment &, double)> set;
};

// The same in a model's configuration (what a model file stores), with its training data.
struct ModelField
{
    const Setting *setting;
    std::function<double(const ModelConfig &, const files::ModelInfo &)> get;
    std::function<void(ModelConfig &, files::ModelInfo &, double)> set;
};

#define MOE_FIELD(setting, member)                                                                 \
    {                                                                                              \
        &settings::setting, [](const Experiment &e) { return double(e.member); },                  \
            [](Experiment &e, double v) { e.member = decltype(e.member)(v); }                      \
    }

std::vector<ExperimentField> experimentFields()
{
    return {
        MOE_FIELD(kExperts, model.moe.experts),
        MOE_FIELD(kTopK, model.moe.topK),
        MOE_FIELD(kExpertHidden, model.moe.expertHidden),
        {&settings::kCapacityFactor,
         [](const Experiment &e) { return e.model.moe.capacityFactor.value_or(-1.0); },
         [](Experiment &e, double v) { e.model.moe.capacityFactor = v; }},
        MOE_FIELD(kBalanceLoss, model.moe.balanceLoss),
        MOE_FIELD(kZLoss, model.moe.zLoss),
        MOE_FIELD(kJitter, model.moe.jitter),
        MOE_FIELD(kSharedExperts, model.moe.sharedExperts),
        MOE_FIELD(kBiasUpdateRate, model.moe.biasUpdateRate),
        MOE_FIELD(kDeadAfterSteps, model.moe.deadAfterSteps),
        MOE_FIELD(kWidth, model.width),
        MOE_FIELD(kBlocks, model.blocks),
        MOE_FIELD(kLearningRate, training.optimizer.learningRate),
        MOE_FIELD(kWeightDecay, training.optimizer.weightDecay),
        MOE_FIELD(kMomentum, training.optimizer.momentum),
        MOE_FIELD(kBeta1, training.optimizer.beta1),
        MOE_FIELD(kBeta2, training.optimizer.beta2),
        MOE_FIELD(kEpsilon, training.optimizer.epsilon),
        MOE_FIELD(kBatchSize, training.batchSize),
        MOE_FIELD(kEvalEvery, training.evalEvery),
        {&settings::kSeed, [](const Experiment &e) { return double(e.training.seed); },
         [](Experiment &e, double v) { // the app seeds the data and the training alike
             e.training.seed = e.dataset.seed = std::uint64_t(v);
         }},
        MOE_FIELD(kSteps, steps),
        MOE_FIELD(kSamples, dataset.samples),
        {&settings::kNoise, [](const Experiment &e) { return e.dataset.noise.value_or(-1.0); },
         [](Experiment &e, double v) { e.dataset.noise = v; }},
        MOE_FIELD(kArms, dataset.arms),
        MOE_FIELD(kClusters, dataset.clusters),
        MOE_FIELD(kCells, dataset.cells),
        MOE_FIELD(kGridCells, dataset.gridCells),
        MOE_FIELD(kGridClasses, dataset.gridClasses),
        MOE_FIELD(kTestFraction, testFraction),
        {&settings::kCustomHidden, [](const Experiment &e) { return double(e.customHidden); },
         [](Experiment &e, double v) {
             e.baseline = DenseBaseline::Custom;
             e.customHidden = int(v);
         }},
        MOE_FIELD(kStepsPerSecond, stepsPerSecond),
        MOE_FIELD(kStepBudget, stepBudget),
    };
}
#undef MOE_FIELD

#define MODEL_FIELD(setting, member)                                                               \
    {                                                                                              \
        &settings::setting,                                                                        \
            [](const ModelConfig &c, const files::ModelInfo &) { return double(c.member); },       \
            [](ModelConfig &c, files::ModelInfo &, double v) { c.member = decltype(c.member)(v); } \
    }

std::vector<ModelField> modelFields()
{
    std::vector<ModelField> fields = {
        MODEL_FIELD(kInputDim, inputDim),
        {&settings::kOutputDim,
         [](const ModelConfig &c, const files::ModelInfo &) { return double(c.outputDim); },
         [](ModelConfig &c, files::ModelInfo &info, double v) {
             c.outputDim = info.classes = int(v);
         }},
        MODEL_FIELD(kWidth, width),
        MODEL_FIELD(kHidden, hidden),
        MODEL_FIELD(kBlocks, blocks),
        MODEL_FIELD(kExperts, moe.experts),
        MODEL_FIELD(kTopK, moe.topK),
        MODEL_FIELD(kExpertHidden, moe.expertHidden),
        MODEL_FIELD(kBalanceLoss, moe.balanceLoss),
        MODEL_FIELD(kZLoss, moe.zLoss),
        MODEL_FIELD(kJitter, moe.jitter),
        MODEL_FIELD(kSharedExperts, moe.sharedExperts),
        MODEL_FIELD(kBiasUpdateRate, moe.biasUpdateRate),
        MODEL_FIELD(kDeadAfterSteps, moe.deadAfterSteps),
        {&settings::kCapacityFactor,
         [](const ModelConfig &c, const files::ModelInfo &) {
             return c.moe.capacityFactor.value_or(-1.0);
         },
         [](ModelConfig &c, files::ModelInfo &, double v) { c.moe.capacityFactor = v; }},
    };
    // What the model was trained on is in the file too.
    for (const ExperimentField &f : experimentFields()) {
        const std::string_view key = f.setting->key;
        if (key == "samples" || key == "noise" || key == "arms" || key == "clusters"
            || key == "cells" || key == "gridCells" || key == "gridClasses"
            || key == "testFraction")
            fields.push_back({f.setting,
                              [f](const ModelConfig &, const files::ModelInfo &info) {
                                  Experiment e;
                                  e.dataset = info.dataset;
                                  e.testFraction = info.testFraction;
                                  return f.get(e);
                              },
                              [f](ModelConfig &, files::ModelInfo &info, double v) {
                                  Experiment e;
                                  e.dataset = info.dataset;
                                  e.testFraction = info.testFraction;
                                  f.set(e, v);
                                  info.dataset = e.dataset;
                                  info.testFraction = e.testFraction;
                              }});
    }
    return fields;
}
#undef MODEL_FIELD

// The other settings an end value needs to be valid: k <= E, and an experiment compares at
// least one block (the engine's own 0, a linear model, is a model file's end, not an
// experiment's).
void makeConsistent(Experiment &e, const Setting &changed)
{
    if (&changed == &settings::kExperts)
        e.model.moe.topK = std::min(e.model.moe.topK, e.model.moe.experts);
    if (&changed == &settings::kTopK)
        e.model.moe.experts = std::max(e.model.moe.experts, e.model.moe.topK);
    if (&changed == &settings::kBlocks)
        e.model.blocks = std::max(e.model.blocks, 1);
}

QString describe(const Setting &s, double value)
{
    return QStringLiteral("%1 = %2")
        .arg(QString::fromLatin1(s.key.data(), qsizetype(s.key.size())))
        .arg(QString::fromStdString(numberText(value)));
}

} // namespace

class TestSettingsRoundTrip : public QObject
{
    Q_OBJECT

private slots:
    void everySettingIsCovered();
    void experimentsAtEveryEnd();
    void modelsAtEveryEnd();
    void everySettingAtOneEndTogether();
};

void TestSettingsRoundTrip::everySettingIsCovered()
{
    std::set<const Setting *> covered;
    for (const ExperimentField &f : experimentFields())
        covered.insert(f.setting);
    for (const ModelField &f : modelFields())
        covered.insert(f.setting);
    int tabled = 0;
    const auto check = [&](const auto &table) {
        for (const Setting *s : table) {
            ++tabled;
            QVERIFY2(covered.count(s) == 1,
                     qPrintable(QStringLiteral("%1 is in no round trip")
                                    .arg(QString::fromLatin1(s->key.data()))));
        }
    };
    check(settings::kMoeSettings);
    check(settings::kModelSettings);
    check(settings::kTrainingSettings);
    check(settings::kDatasetSettings);
    check(settings::kExperimentSettings);
    QCOMPARE(qsizetype(covered.size()), qsizetype(tabled));
}

void TestSettingsRoundTrip::experimentsAtEveryEnd()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("experiment.json"));
    int files = 0;
    for (const ExperimentField &f : experimentFields()) {
        for (const double end : {f.setting->min, f.setting->max}) {
            Experiment e;
            f.set(e, end);
            makeConsistent(e, *f.setting);
            const QString what = describe(*f.setting, end);
            try {
                e.validate(); // whatever the app or the CLI could save
            } catch (const std::exception &error) {
                QFAIL(qPrintable(what + QStringLiteral(": not valid: ") + error.what()));
            }
            files::saveExperiment(path, e);
            Experiment loaded;
            try {
                loaded = files::loadExperiment(path);
            } catch (const std::exception &error) {
                QFAIL(qPrintable(what + QStringLiteral(": written but refused: ") + error.what()));
            }
            QVERIFY2(files::experimentToJson(loaded) == files::experimentToJson(e),
                     qPrintable(what));
            QCOMPARE(f.get(loaded), f.get(e));
            ++files;
        }
    }
    QCOMPARE(files, 2 * int(experimentFields().size()));
    // "No limit" is the capacity factor's other end.
    Experiment dropless;
    dropless.model.moe.capacityFactor.reset();
    files::saveExperiment(path, dropless);
    QVERIFY(!files::loadExperiment(path).model.moe.capacityFactor);
}

void TestSettingsRoundTrip::modelsAtEveryEnd()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("model.json"));
    for (const ModelField &f : modelFields()) {
        for (const double end : {f.setting->min, f.setting->max}) {
            for (const BlockKind kind : {BlockKind::Moe, BlockKind::Dense}) {
                // Small everywhere else, so that each end builds quickly.
                ModelConfig config;
                config.blockKind = kind;
                config.width = 4;
                config.hidden = 4;
                config.blocks = 1;
                config.moe.experts = 2;
                config.moe.topK = 1;
                config.moe.expertHidden = 4;
                files::ModelInfo info;
                info.classes = config.outputDim;
                info.dataset.name = "spiral";
                f.set(config, info, end);
                config.moe.topK = std::min(config.moe.topK, config.moe.experts);
                config.moe.experts = std::max(config.moe.experts, config.moe.topK);
                const QString what = describe(*f.setting, end)
                    + (kind == BlockKind::Moe ? QStringLiteral(", MoE")
                                              : QStringLiteral(", dense"));
                Rng rng(7);
                Model model(config, rng);
                files::saveModel(path, model, info);
                files::ModelInfo loadedInfo;
                std::unique_ptr<Model> loaded;
                try {
                    loaded = files::loadModel(path, loadedInfo);
                } catch (const std::exception &error) {
                    QFAIL(qPrintable(what + QStringLiteral(": written but refused: ")
                                     + error.what()));
                }
                QCOMPARE(f.get(loaded->config(), loadedInfo), f.get(config, info));
                QCOMPARE(loaded->config().moe.experts, config.moe.experts);
                QCOMPARE(loaded->config().width, config.width);
            }
        }
    }
}

// The ends together, not only one at a time: an experiment with every setting at its minimum,
// and one with every setting at its maximum, each saved and read back whole; a model with every
// size at its minimum (0 blocks: a linear model) too. (A model with every size at its maximum
// would hold billions of weights; each maximum is read back alone above.)
void TestSettingsRoundTrip::everySettingAtOneEndTogether()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("experiment.json"));
    for (const bool maximum : {false, true}) {
        Experiment e;
        for (const ExperimentField &f : experimentFields())
            f.set(e, maximum ? f.setting->max : f.setting->min);
        for (const ExperimentField &f : experimentFields())
            makeConsistent(e, *f.setting);
        const char *what
            = maximum ? "every setting at its maximum" : "every setting at its minimum";
        try {
            e.validate();
        } catch (const std::exception &error) {
            QFAIL(qPrintable(QStringLiteral("%1: not valid: %2").arg(what, error.what())));
        }
        files::saveExperiment(path, e);
        Experiment loaded;
        try {
            loaded = files::loadExperiment(path);
        } catch (const std::exception &error) {
            QFAIL(
                qPrintable(QStringLiteral("%1: written but refused: %2").arg(what, error.what())));
        }
        QVERIFY2(files::experimentToJson(loaded) == files::experimentToJson(e), what);
    }
    const QString modelPath = dir.filePath(QStringLiteral("model.json"));
    for (const BlockKind kind : {BlockKind::Moe, BlockKind::Dense}) {
        ModelConfig config;
        config.blockKind = kind;
        files::ModelInfo info;
        info.dataset.name = "spiral";
        for (const ModelField &f : modelFields())
            f.set(config, info, f.setting->min);
        config.moe.topK = std::min(config.moe.topK, config.moe.experts);
        Rng rng(3);
        Model model(config, rng);
        files::saveModel(modelPath, model, info);
        files::ModelInfo loadedInfo;
        std::unique_ptr<Model> loaded;
        try {
            loaded = files::loadModel(modelPath, loadedInfo);
        } catch (const std::exception &error) {
            QFAIL(error.what());
        }
        for (const ModelField &f : modelFields())
            QCOMPARE(f.get(loaded->config(), loadedInfo), f.get(config, info));
    }
}

QTEST_MAIN(TestSettingsRoundTrip)
#include "tst_settingsroundtrip.moc"
