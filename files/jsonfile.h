#pragma once

// Reading and writing MoE Lab's JSON files (experiments, models): atomic saves, and reads that
// name the file, the place and the field when something is wrong (moe::DataError).

#include "core/base/setting.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace moe::files {

// Writes `object` to `path` through AtomicFile (files/atomicfile.h): the old file stays intact
// until the new one is complete. Throws DataError naming the file and the reason.
// Indented for files people read and edit (experiments), compact for bulk numbers (models).
void saveJson(const QString &path, const QJsonObject &object, bool indented = true);

// Reads `path` as a JSON object whose "format" is `format`, with a "version" from 1 to
// `newestVersion`. Throws DataError for a missing or unreadable file, one that is not a regular
// file (a FIFO, a device, a directory) or is larger than moe::kMaxJsonFileBytes
// (core/base/userfile.h), a JSON syntax error (with its line and column), another format, or a
// newer version.
QJsonObject loadJson(const QString &path, const QString &format, int newestVersion);

// Typed reads of one field of a JSON object; `where` names the object in messages
// ("model.json: moe"). A missing optional field gives the fallback; a wrong type or a value out of
// range throws DataError "model.json: moe.experts must be an integer from 1 to 256 (found 300)".
class JsonReader
{
public:
    JsonReader(const QJsonObject &object, QString where);
    JsonReader child(const QString &key) const; // a required nested object
    bool has(const QString &key) const { return m_object.contains(key); }
    int integer(const QString &key, int lo, int hi, std::optional<int> fallback = {}) const;
    qint64 count(const QString &key, qint64 lo, qint64 hi,
                 std::optional<qint64> fallback = {}) const;
    double number(const QString &key, double lo, double hi,
                  std::optional<double> fallback = {}) const;
    bool boolean(const QString &key, std::optional<bool> fallback = {}) const;
    QString string(const QString &key, std::optional<QString> fallback = {}) const;
    QJsonArray array(const QString &key) const;
    // A number, or null for "none" (e.g. capacity factor: no limit).
    std::optional<double> numberOrNull(const QString &key, double lo, double hi) const;

    // The same reads for a setting of the tables (core/base/setting.h): its key, its range and,
    // for an optional field, its default when the field is missing.
    enum Presence { Required, Optional };
    qint64 count(const Setting &setting, Presence presence = Required) const;
    int integer(const Setting &setting, Presence presence = Required) const;
    double number(const Setting &setting, Presence presence = Required) const;
    std::optional<double> numberOrNull(const Setting &setting) const;
    [[noreturn]] void fail(const QString &key, const QString &what) const;
    const QString &where() const { return m_where; }

private:
    QJsonValue required(const QString &key, bool optional) const;
    QJsonObject m_object;
    QString m_where;
};

// A setting's key as a JSON field name.
inline QString keyOf(const Setting &setting)
{
    return QString::fromLatin1(setting.key.data(), qsizetype(setting.key.size()));
}

} // namespace moe::files
