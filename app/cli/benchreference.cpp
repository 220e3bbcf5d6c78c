#include "app/cli/benchreference.h"

#include "core/base/error.h"
#include "core/base/userfile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <filesystem>

namespace moe::cli {

Reference readReference(const QString &path)
{
    // A regular file only (a FIFO or a device is refused by name), like every file a user names.
    const QByteArray bytes = QByteArray::fromStdString(readUserFile(
        std::filesystem::path(QFile::encodeName(path).toStdString()), kMaxJsonFileBytes));
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (doc.isNull() || !doc.object().value(QStringLiteral("results")).isArray())
        throw DataError(
            (path + ": not the JSON of bench/reference_torch.py (" + error.errorString() + ")")
                .toStdString());
    Reference reference;
    for (const QJsonValue &value : doc.object().value(QStringLiteral("results")).toArray()) {
        const QJsonObject r = value.toObject();
        reference[{r.value(QStringLiteral("name")).toString().toStdString(),
                   r.value(QStringLiteral("threads")).toInt()}]
            = {r.value(QStringLiteral("steps_per_s")).toDouble(),
               r.value(QStringLiteral("steps_per_s_min")).toDouble(),
               r.value(QStringLiteral("steps_per_s_max")).toDouble()};
    }
    return reference;
}

std::optional<double> referenceStepsPerSecond(const Reference &reference, const std::string &name,
                                              int threads)
{
    const auto ref = reference.find({name, threads});
    if (ref == reference.end() || !(ref->second.median > 0.0))
        return std::nullopt;
    return ref->second.median;
}

} // namespace moe::cli
