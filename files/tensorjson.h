#pragma once

// The tensors of model files (docs/model-format.md): {"name", "shape": [rows, cols], "values":
// [...]} with row-major values, written exactly (every float is a double) and read back with
// their shape and every value checked. Shared by the 2-D and the text model files.

#include "core/base/parameter.h"
#include "core/base/tensor.h"
#include "files/jsonfile.h"

#include <QJsonArray>
#include <QJsonObject>
#include <string>
#include <vector>

namespace moe::files {

QJsonObject tensorToJson(const std::string &name, const Matrix &m);

// Fills `target` (rows x cols) from a {"name","shape","values"} entry; DataError otherwise.
void tensorFromJson(const JsonReader &entry, const QString &name, Matrix &target);

// Calls onEntry(entry, name) for each {"name", "shape", "values"} object of the array `key`.
template<typename OnEntry>
void readEntries(const JsonReader &root, const QString &file, const QString &key,
                 const OnEntry &onEntry)
{
    const QJsonArray entries = root.array(key);
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const JsonReader entry(entries[i].toObject(),
                               QStringLiteral("%1: %2[%3]").arg(file, key).arg(i));
        onEntry(entry, entry.string(QStringLiteral("name")));
    }
}

// The values of every parameter in `parameters`, from the array "parameters" of `root`: each
// by name, exactly once, nothing else (DataError naming the file and the parameter otherwise).
void readParameterValues(const JsonReader &root, const QString &file,
                         const std::vector<Parameter *> &parameters);

} // namespace moe::files
