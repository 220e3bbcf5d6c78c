#include "files/configjson.h"

#include "datasets/split.h"

#include <QDir>
#include <QFileInfo>

namespace moe::files {

QString nameText(std::string_view name)
{
    return QString::fromLatin1(name.data(), qsizetype(name.size()));
}

QJsonObject datasetToJson(const datasets::DatasetSpec &d, double testFraction)
{
    return QJsonObject {{"name", QString::fromStdString(d.name)},
                        {"samples", double(d.samples)},
                        {"noise", d.noise ? QJsonValue(*d.noise) : QJsonValue()},
                        {"seed", double(d.seed)},
                        {"arms", d.arms},
                        {"clusters", d.clusters},
                        {"cells", d.cells},
                        {"labelColumn", QString::fromStdString(d.labelColumn)},
                        {"task", d.csvTask == Task::Regression ? "regression" : "classification"},
                        {"testFraction", testFraction}};
}

datasets::DatasetSpec datasetFromJson(const JsonReader &d, const QString &baseDir,
                                      double &testFraction)
{
    datasets::DatasetSpec spec;
    QString name = d.string(QStringLiteral("name"));
    if (name.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive) && !baseDir.isEmpty()
        && QFileInfo(name).isRelative())
        name = QDir(baseDir).filePath(name);
    spec.name = name.toStdString();
    spec.samples = d.count(QStringLiteral("samples"), 0, 1'000'000, 0);
    if (d.has(QStringLiteral("noise")))
        spec.noise = d.numberOrNull(QStringLiteral("noise"), 0.0, 10.0);
    spec.seed = std::uint64_t(d.count(QStringLiteral("seed"), 0, qint64(1) << 53, 1));
    spec.arms = d.integer(QStringLiteral("arms"), 2, 6, 3);
    spec.clusters = d.integer(QStringLiteral("clusters"), 2, 8, 4);
    spec.cells = d.integer(QStringLiteral("cells"), 2, 10, 4);
    spec.labelColumn = d.string(QStringLiteral("labelColumn"), QString()).toStdString();
    spec.csvTask = choice<Task>(
        d, QStringLiteral("task"),
        [](const std::string &s) -> std::optional<Task> {
            if (s == "classification")
                return Task::Classification;
            if (s == "regression")
                return Task::Regression;
            return std::nullopt;
        },
        QStringLiteral("classification, regression"));
    testFraction = d.number(QStringLiteral("testFraction"), 0.0, datasets::kMaxTestFraction);
    return spec;
}

QJsonObject moeToJson(const MoeConfig &m)
{
    return QJsonObject {
        {"experts", m.experts},
        {"topK", m.topK},
        {"expertHidden", m.expertHidden},
        {"router", nameText(routerName(m.router))},
        {"renormalize", m.renormalize},
        {"capacityFactor", m.capacityFactor ? QJsonValue(*m.capacityFactor) : QJsonValue()},
        {"dropPolicy", nameText(dropPolicyName(m.dropPolicy))},
        {"balanceLoss", m.balanceLoss},
        {"zLoss", m.zLoss},
        {"jitter", m.jitter},
        {"sharedExperts", m.sharedExperts},
        {"biasUpdateRate", m.biasUpdateRate},
        {"deadAfterSteps", m.deadAfterSteps}};
}

MoeConfig moeFromJson(const JsonReader &m)
{
    MoeConfig moe;
    moe.experts = m.integer(QStringLiteral("experts"), 1, 64);
    moe.topK = m.integer(QStringLiteral("topK"), 1, moe.experts);
    moe.expertHidden = m.integer(QStringLiteral("expertHidden"), 1, 16384);
    moe.router = choice<RouterKind>(m, QStringLiteral("router"), parseRouter,
                                    QStringLiteral("topk, switch, noisy-topk, expert-choice, "
                                                   "aux-free"));
    moe.renormalize = m.boolean(QStringLiteral("renormalize"), true);
    moe.capacityFactor = m.numberOrNull(QStringLiteral("capacityFactor"), 0.25, 4.0);
    moe.dropPolicy = choice<DropPolicy>(m, QStringLiteral("dropPolicy"), parseDropPolicy,
                                        QStringLiteral("position, score, random"));
    moe.balanceLoss = m.number(QStringLiteral("balanceLoss"), 0.0, 10.0);
    moe.zLoss = m.number(QStringLiteral("zLoss"), 0.0, 10.0, 0.0);
    moe.jitter = m.number(QStringLiteral("jitter"), 0.0, 1.0, 0.0);
    moe.sharedExperts = m.integer(QStringLiteral("sharedExperts"), 0, 4, 0);
    moe.biasUpdateRate = m.number(QStringLiteral("biasUpdateRate"), 0.0, 1.0, 1e-3);
    moe.deadAfterSteps = m.integer(QStringLiteral("deadAfterSteps"), 1, 1'000'000, 100);
    return moe;
}

Activation activationFromJson(const JsonReader &in, const QString &key)
{
    return choice<Activation>(in, key, parseActivation, QStringLiteral("relu, gelu, tanh, silu"));
}

} // namespace moe::files
