#pragma once

// The JSON loaders read a path, so each fuzz input is written to a scratch file first: one per
// process (libFuzzer's workers are processes), named after the target.

#include <QFile>
#include <QString>
#include <cstddef>
#include <cstdint>
#include <unistd.h>

// The scratch file's path, or an empty string when it could not be written.
inline QString writeScratchFile(const char *target, const std::uint8_t *data, std::size_t size)
{
    const QString path = QStringLiteral("/tmp/moelab-fuzz-%1-%2.json")
                             .arg(QString::fromLatin1(target))
                             .arg(getpid());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(reinterpret_cast<const char *>(data), qint64(size));
    return path;
}
