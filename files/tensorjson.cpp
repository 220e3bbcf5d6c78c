#include "files/tensorjson.h"

#include "core/base/error.h"

#include <cmath>
#include <limits>
#include <map>

namespace moe::files {

QJsonObject tensorToJson(const std::string &name, const Matrix &m)
{
    QJsonArray values;
    for (Index r = 0; r < m.rows(); ++r)
        for (Index c = 0; c < m.cols(); ++c)
            values.append(double(m(r, c))); // exact: every float is a double
    return QJsonObject {{"name", QString::fromStdString(name)},
                        {"shape", QJsonArray {double(m.rows()), double(m.cols())}},
                        {"values", values}};
}

void tensorFromJson(const JsonReader &entry, const QString &name, Matrix &target)
{
    const QJsonArray shape = entry.array(QStringLiteral("shape"));
    const QJsonArray values = entry.array(QStringLiteral("values"));
    if (shape.size() != 2 || shape[0].toDouble() != double(target.rows())
        || shape[1].toDouble() != double(target.cols()))
        entry.fail(QStringLiteral("shape"),
                   QStringLiteral("of '%1' must be [%2, %3] for this config")
                       .arg(name)
                       .arg(target.rows())
                       .arg(target.cols()));
    if (values.size() != target.size())
        entry.fail(QStringLiteral("values"),
                   QStringLiteral("of '%1' must hold %2 numbers (found %3)")
                       .arg(name)
                       .arg(target.size())
                       .arg(values.size()));
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (!values[i].isDouble())
            entry.fail(QStringLiteral("values"),
                       QStringLiteral("of '%1' has a non-number at index %2").arg(name).arg(i));
        const double x = values[i].toDouble();
        // Weights are single precision: 1e39 is a finite JSON number but an infinite float.
        const float f = float(x);
        if (!std::isfinite(x) || !std::isfinite(f))
            entry.fail(QStringLiteral("values"),
                       QStringLiteral("of '%1' at index %2 is %3, beyond what a weight can hold "
                                      "(a float reaches about %4)")
                           .arg(name)
                           .arg(i)
                           .arg(x, 0, 'g', 6)
                           .arg(double(std::numeric_limits<float>::max()), 0, 'g', 3));
        target(Index(i) / target.cols(), Index(i) % target.cols()) = f;
    }
}

void readParameterValues(const JsonReader &root, const QString &file,
                         const std::vector<Parameter *> &parameters)
{
    std::map<std::string, Matrix *> wanted;
    for (Parameter *p : parameters)
        wanted[p->name] = &p->value;
    readEntries(root, file, QStringLiteral("parameters"),
                [&](const JsonReader &entry, const QString &name) {
                    const auto found = wanted.find(name.toStdString());
                    if (found == wanted.end())
                        entry.fail(QStringLiteral("name"),
                                   QStringLiteral("'%1' is not a parameter of this config (or "
                                                  "appears twice)")
                                       .arg(name));
                    tensorFromJson(entry, name, *found->second);
                    wanted.erase(found);
                });
    if (!wanted.empty())
        throw DataError(QStringLiteral("%1: parameter '%2' is missing (%3 of the config's "
                                       "parameters are)")
                            .arg(file, QString::fromStdString(wanted.begin()->first))
                            .arg(wanted.size())
                            .toStdString());
}

} // namespace moe::files
