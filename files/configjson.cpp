#include "files/configjson.h"

#include "datasets/split.h"

#include <QDir>
#include <QFileInfo>

namespace moe::files {

QString nameText(std::string_view name)
{
    return QString::fromLatin1(name.data(), qsizetype(name.size()));
}

namespace {
// The name of a generated set's task in files.
constexpr Choice<Task> kTaskChoices[]
    = {{Task::Classification, "classification"}, {Task::Regression, "regression"}};
} // namespace

QJsonObject datasetToJson(const datasets::DatasetSpec &d, double testFraction)
{
    using namespace settings;
    return QJsonObject {{"name", QString::fromStdString(d.name)},
                        {keyOf(kSamples), double(d.samples)},
                        {keyOf(kNoise), d.noise ? QJsonValue(*d.noise) : QJsonValue()},
                        {keyOf(kSeed), double(d.seed)},
                        {keyOf(kArms), d.arms},
                        {keyOf(kClusters), d.clusters},
                        {keyOf(kCells), d.cells},
                        {keyOf(kGridCells), d.gridCells},
                        {keyOf(kGridClasses), d.gridClasses},
                        {"labelColumn", QString::fromStdString(d.labelColumn)},
                        {"task", nameText(choiceName(kTaskChoices, d.csvTask))},
                        {keyOf(kTestFraction), testFraction}};
}

datasets::DatasetSpec datasetFromJson(const JsonReader &d, const QString &baseDir,
                                      double &testFraction)
{
    using namespace settings;
    datasets::DatasetSpec spec;
    QString name = d.string(QStringLiteral("name"));
    if (name.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive) && !baseDir.isEmpty()
        && QFileInfo(name).isRelative())
        name = QDir(baseDir).filePath(name);
    spec.name = name.toStdString();
    // 0 (or a missing field) stands for the dataset's own number of samples.
    spec.samples = d.count(keyOf(kSamples), 0, qint64(kSamples.max), 0);
    if (d.has(keyOf(kNoise)))
        spec.noise = d.numberOrNull(kNoise);
    spec.seed = std::uint64_t(d.count(kSeed, JsonReader::Optional));
    spec.arms = d.integer(kArms, JsonReader::Optional);
    spec.clusters = d.integer(kClusters, JsonReader::Optional);
    spec.cells = d.integer(kCells, JsonReader::Optional);
    spec.gridCells = d.integer(kGridCells, JsonReader::Optional);
    spec.gridClasses = d.integer(kGridClasses, JsonReader::Optional);
    spec.labelColumn = d.string(QStringLiteral("labelColumn"), QString()).toStdString();
    spec.csvTask = choice<Task>(
        d, QStringLiteral("task"),
        [](const std::string &s) { return parseChoice(kTaskChoices, s); },
        QString::fromStdString(choiceList(kTaskChoices)));
    testFraction = d.number(kTestFraction);
    return spec;
}

QJsonObject moeToJson(const MoeConfig &m)
{
    using namespace settings;
    return QJsonObject {
        {keyOf(kExperts), m.experts},
        {keyOf(kTopK), m.topK},
        {keyOf(kExpertHidden), m.expertHidden},
        {"router", nameText(routerName(m.router))},
        {"renormalize", m.renormalize},
        {keyOf(kCapacityFactor), m.capacityFactor ? QJsonValue(*m.capacityFactor) : QJsonValue()},
        {"dropPolicy", nameText(dropPolicyName(m.dropPolicy))},
        {keyOf(kBalanceLoss), m.balanceLoss},
        {keyOf(kZLoss), m.zLoss},
        {keyOf(kJitter), m.jitter},
        {keyOf(kSharedExperts), m.sharedExperts},
        {keyOf(kBiasUpdateRate), m.biasUpdateRate},
        {keyOf(kDeadAfterSteps), m.deadAfterSteps}};
}

MoeConfig moeFromJson(const JsonReader &m)
{
    using namespace settings;
    MoeConfig moe;
    moe.experts = m.integer(kExperts);
    moe.topK = m.integer(keyOf(kTopK), int(kTopK.min), moe.experts);
    moe.expertHidden = m.integer(kExpertHidden);
    moe.router = choice<RouterKind>(m, QStringLiteral("router"), parseRouter,
                                    QString::fromStdString(choiceList(kRouterChoices)));
    moe.renormalize = m.boolean(QStringLiteral("renormalize"), true);
    moe.capacityFactor = m.numberOrNull(kCapacityFactor);
    moe.dropPolicy = choice<DropPolicy>(m, QStringLiteral("dropPolicy"), parseDropPolicy,
                                        QString::fromStdString(choiceList(kDropPolicyChoices)));
    moe.balanceLoss = m.number(kBalanceLoss);
    moe.zLoss = m.number(kZLoss, JsonReader::Optional);
    moe.jitter = m.number(kJitter, JsonReader::Optional);
    moe.sharedExperts = m.integer(kSharedExperts, JsonReader::Optional);
    moe.biasUpdateRate = m.number(kBiasUpdateRate, JsonReader::Optional);
    moe.deadAfterSteps = m.integer(kDeadAfterSteps, JsonReader::Optional);
    return moe;
}

QJsonObject appToJson(const Experiment &e)
{
    using namespace settings;
    return QJsonObject {{keyOf(kStepsPerSecond), e.stepsPerSecond},
                        {keyOf(kStepBudget), double(e.stepBudget)}};
}

void appFromJson(const JsonReader &in, Experiment &e)
{
    using namespace settings;
    e.stepsPerSecond = in.integer(kStepsPerSecond, JsonReader::Optional);
    e.stepBudget = Index(in.count(kStepBudget, JsonReader::Optional));
}

Activation activationFromJson(const JsonReader &in, const QString &key)
{
    return choice<Activation>(in, key, parseActivation,
                              QString::fromStdString(choiceList(kActivationChoices)));
}

} // namespace moe::files
