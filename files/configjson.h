#pragma once

// The JSON objects that experiment and model files share: a dataset spec and an MoE's settings;
// and an experiment's app settings (speed, step budget). Field names follow the C++ members
// (docs/experiment-format.md lists them with their ranges).

#include "core/train/model.h"
#include "datasets/builtins.h"
#include "files/experiment.h"
#include "files/jsonfile.h"

namespace moe::files {

QString nameText(std::string_view name); // "topk", "relu", ... as a QString

QJsonObject datasetToJson(const datasets::DatasetSpec &dataset, double testFraction);
// Relative CSV paths are taken relative to `baseDir` (when given).
datasets::DatasetSpec datasetFromJson(const JsonReader &in, const QString &baseDir,
                                      double &testFraction);

QJsonObject moeToJson(const MoeConfig &moe);
MoeConfig moeFromJson(const JsonReader &in);

// The "app" object: what only the desktop app uses (its speed and step budget).
QJsonObject appToJson(const Experiment &experiment);
// Fills those settings of `experiment` from an "app" object; a missing field keeps its default.
void appFromJson(const JsonReader &in, Experiment &experiment);

Activation activationFromJson(const JsonReader &in, const QString &key);

// A name from a fixed set, or DataError listing the accepted ones.
template<typename T, typename Parse>
T choice(const JsonReader &in, const QString &key, Parse parse, const QString &accepted)
{
    const QString value = in.string(key);
    const std::optional<T> parsed = parse(value.toStdString());
    if (!parsed)
        in.fail(key, QStringLiteral("must be one of %1 (found \"%2\")").arg(accepted, value));
    return *parsed;
}

} // namespace moe::files
