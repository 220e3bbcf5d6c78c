#include "files/jsonfile.h"

#include "core/base/error.h"
#include "core/base/userfile.h"
#include "files/atomicfile.h"

#include <QFile>
#include <QJsonDocument>
#include <cmath>
#include <filesystem>

namespace moe::files {

namespace {
[[noreturn]] void failFile(const QString &path, const QString &what)
{
    throw DataError(QStringLiteral("%1: %2").arg(path, what).toStdString());
}
} // namespace

void saveJson(const QString &path, const QJsonObject &object, bool indented)
{
    saveBytes(
        path,
        QJsonDocument(object).toJson(indented ? QJsonDocument::Indented : QJsonDocument::Compact));
}

QJsonObject loadJson(const QString &path, const QString &format, int newestVersion)
{
    // A regular file of at most kMaxJsonFileBytes, or DataError naming what it is instead.
    const QByteArray bytes = QByteArray::fromStdString(readUserFile(
        std::filesystem::path(QFile::encodeName(path).toStdString()), kMaxJsonFileBytes));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError) {
        const QByteArray before = bytes.left(error.offset);
        const qsizetype line = before.count('\n') + 1;
        const qsizetype column = error.offset - (before.lastIndexOf('\n') + 1) + 1;
        failFile(path,
                 QStringLiteral("not valid JSON at line %1, column %2: %3%4")
                     .arg(line)
                     .arg(column)
                     .arg(error.errorString(),
                          error.offset >= bytes.size() - 1
                              ? QStringLiteral(" (the file ends too early: truncated?)")
                              : QString()));
    }
    if (!document.isObject())
        failFile(path, QStringLiteral("expected a JSON object at the top"));
    const QJsonObject object = document.object();
    if (object.value(QStringLiteral("format")).toString() != format)
        failFile(path,
                 QStringLiteral("not a %1 file (its \"format\" is \"%2\")")
                     .arg(format, object.value(QStringLiteral("format")).toString()));
    const int version = object.value(QStringLiteral("version")).toInt(0);
    if (version < 1)
        failFile(path, QStringLiteral("\"version\" must be a positive integer"));
    if (version > newestVersion)
        failFile(path,
                 QStringLiteral("written by a newer MoE Lab (%1 version %2); this one reads "
                                "up to version %3")
                     .arg(format)
                     .arg(version)
                     .arg(newestVersion));
    return object;
}

JsonReader::JsonReader(const QJsonObject &object, QString where)
    : m_object(object)
    , m_where(std::move(where))
{ }

void JsonReader::fail(const QString &key, const QString &what) const
{
    throw DataError(QStringLiteral("%1.%2 %3").arg(m_where, key, what).toStdString());
}

QJsonValue JsonReader::required(const QString &key, bool optional) const
{
    const QJsonValue value = m_object.value(key);
    if (value.isUndefined() && !optional)
        fail(key, QStringLiteral("is missing"));
    return value;
}

JsonReader JsonReader::child(const QString &key) const
{
    const QJsonValue value = required(key, false);
    if (!value.isObject())
        fail(key, QStringLiteral("must be an object"));
    return JsonReader(value.toObject(), m_where + QLatin1Char('.') + key);
}

qint64 JsonReader::count(const QString &key, qint64 lo, qint64 hi,
                         std::optional<qint64> fallback) const
{
    const QJsonValue value = required(key, fallback.has_value());
    if (value.isUndefined())
        return *fallback;
    const double x = value.toDouble(NAN);
    if (!value.isDouble() || x != std::floor(x) || x < double(lo) || x > double(hi))
        fail(key,
             QStringLiteral("must be an integer from %1 to %2 (found %3)")
                 .arg(lo)
                 .arg(hi)
                 .arg(value.isDouble() ? QString::number(x, 'g', 10)
                                       : value.toVariant().toString()));
    return qint64(x);
}

int JsonReader::integer(const QString &key, int lo, int hi, std::optional<int> fallback) const
{
    return int(count(key, lo, hi, fallback ? std::optional<qint64>(*fallback) : std::nullopt));
}

double JsonReader::number(const QString &key, double lo, double hi,
                          std::optional<double> fallback) const
{
    const QJsonValue value = required(key, fallback.has_value());
    if (value.isUndefined())
        return *fallback;
    const double x = value.toDouble(NAN);
    if (!value.isDouble() || !(x >= lo && x <= hi))
        fail(key,
             QStringLiteral("must be a number from %1 to %2 (found %3)")
                 .arg(lo)
                 .arg(hi)
                 .arg(value.toVariant().toString()));
    return x;
}

std::optional<double> JsonReader::numberOrNull(const QString &key, double lo, double hi) const
{
    if (required(key, false).isNull())
        return std::nullopt;
    return number(key, lo, hi);
}

qint64 JsonReader::count(const Setting &s, Presence presence) const
{
    return count(keyOf(s), qint64(s.min), qint64(s.max),
                 presence == Optional ? std::optional<qint64>(qint64(s.defaultValue))
                                      : std::nullopt);
}

int JsonReader::integer(const Setting &s, Presence presence) const
{
    return int(count(s, presence));
}

double JsonReader::number(const Setting &s, Presence presence) const
{
    if (s.integer)
        return double(count(s, presence));
    return number(keyOf(s), s.min, s.max,
                  presence == Optional ? std::optional<double>(s.defaultValue) : std::nullopt);
}

std::optional<double> JsonReader::numberOrNull(const Setting &s) const
{
    return numberOrNull(keyOf(s), s.min, s.max);
}

bool JsonReader::boolean(const QString &key, std::optional<bool> fallback) const
{
    const QJsonValue value = required(key, fallback.has_value());
    if (value.isUndefined())
        return *fallback;
    if (!value.isBool())
        fail(key, QStringLiteral("must be true or false"));
    return value.toBool();
}

QString JsonReader::string(const QString &key, std::optional<QString> fallback) const
{
    const QJsonValue value = required(key, fallback.has_value());
    if (value.isUndefined())
        return *fallback;
    if (!value.isString())
        fail(key, QStringLiteral("must be a string"));
    return value.toString();
}

QJsonArray JsonReader::array(const QString &key) const
{
    const QJsonValue value = required(key, false);
    if (!value.isArray())
        fail(key, QStringLiteral("must be an array"));
    return value.toArray();
}

} // namespace moe::files
