#include "files/atomicfile.h"

#include "core/base/error.h"

#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace moe::files {

namespace {
// The reason of an errno in words, as the C library says it ("No space left on device").
QString reason(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

[[noreturn]] void failPath(const QString &path, const QString &what)
{
    throw DataError(QStringLiteral("%1: %2").arg(path, what).toStdString());
}

QByteArray encoded(const QString &path)
{
    return QFile::encodeName(path);
}

QString tempPrefix(const QString &name)
{
    return QLatin1Char('.') + name + QStringLiteral(".moelab-");
}

// Removes the temporaries that killed writes to `name` left in `dir`: those whose writer's lock
// is gone. One another process is writing now keeps its lock, and its file.
void removeOrphans(const QString &dir, const QString &name)
{
    const QString prefix = tempPrefix(name);
    const QStringList entries = QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System);
    for (const QString &entry : entries) {
        if (entry.size() != prefix.size() + 6 || !entry.startsWith(prefix))
            continue;
        const QByteArray orphan = encoded(QDir(dir).filePath(entry));
        const int fd = ::open(orphan.constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
        if (fd < 0)
            continue;
        struct stat info
        { };
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0 && ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)
            && info.st_nlink > 0)
            ::unlink(orphan.constData());
        ::close(fd); // drops the lock
    }
}

QString randomSuffix()
{
    static constexpr char kLetters[]
        = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    QString suffix;
    for (int i = 0; i < 6; ++i)
        suffix += QLatin1Char(kLetters[QRandomGenerator::global()->bounded(62)]);
    return suffix;
}
} // namespace

AtomicFile::AtomicFile(const QString &path)
    : m_path(path)
{
    if (path.isEmpty())
        failPath(QStringLiteral("(no file name)"), QStringLiteral("cannot write an empty path"));
    m_final = encoded(path);
    struct stat info
    { };
    if (::stat(m_final.constData(), &info) == 0) {
        m_existed = true;
        if (S_ISDIR(info.st_mode))
            failPath(path, QStringLiteral("cannot write (it is a folder)"));
        if (!S_ISREG(info.st_mode)) { // a device or a pipe (/dev/stdout): written straight into
            m_fd = ::open(m_final.constData(), O_WRONLY | O_CLOEXEC);
            if (m_fd < 0)
                failPath(path, QStringLiteral("cannot write (%1)").arg(reason(errno)));
            return;
        }
        if (QFileInfo(path).isSymLink()) // replace the file it points at, not the link
            m_final = encoded(QFileInfo(path).canonicalFilePath());
    }
    const QFileInfo target(QFile::decodeName(m_final));
    const QString dir = target.absolutePath();
    if (QFileInfo::exists(dir) && !QFileInfo(dir).isDir())
        failPath(path, QStringLiteral("cannot write (%1 is not a folder)").arg(dir));
    if (!QFileInfo(dir).isDir())
        failPath(path, QStringLiteral("cannot write (the folder %1 does not exist)").arg(dir));
    removeOrphans(dir, target.fileName());
    // O_EXCL under a fresh name; 0666 so that the umask gives the permissions of any new file.
    for (int attempt = 0; m_fd < 0; ++attempt) {
        m_temp = encoded(QDir(dir).filePath(tempPrefix(target.fileName()) + randomSuffix()));
        m_fd = ::open(m_temp.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (m_fd < 0 && (errno != EEXIST || attempt > 100))
            failPath(path, QStringLiteral("cannot write (%1)").arg(reason(errno)));
        if (m_fd < 0)
            continue;
        // Locked for as long as this writer lives. Another write's orphan sweep may have removed
        // the name between open() and flock(): then start again under a new one.
        struct stat mine
        { };
        if (::flock(m_fd, LOCK_EX) != 0 || ::fstat(m_fd, &mine) != 0 || mine.st_nlink == 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }
    if (m_existed) // the new file keeps the old one's permissions
        ::fchmod(m_fd, info.st_mode & 07777);
}

AtomicFile::~AtomicFile()
{
    discard();
}

void AtomicFile::discard()
{
    if (m_fd >= 0) {
        if (!m_temp.isEmpty())
            ::unlink(m_temp.constData()); // unlinked while still locked: no sweep can race it
        ::close(m_fd);
        m_fd = -1;
    }
}

void AtomicFile::fail(int error)
{
    discard();
    failPath(m_path,
             QStringLiteral("could not save (%1); %2")
                 .arg(reason(error),
                      m_existed ? QStringLiteral("the old file is unchanged")
                                : QStringLiteral("nothing was written")));
}

void AtomicFile::write(const char *data, qint64 size)
{
    if (m_fd < 0)
        failPath(m_path, QStringLiteral("could not save (the file is already closed)"));
    while (size > 0) {
        const ssize_t written = ::write(m_fd, data, std::size_t(size));
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0) // a short write is retried, and the retry says why (EFBIG, ENOSPC)
            fail(written < 0 ? errno : ENOSPC);
        data += written;
        size -= written;
    }
}

void AtomicFile::commit()
{
    if (m_fd < 0)
        failPath(m_path, QStringLiteral("could not save (the file is already closed)"));
    if (m_temp.isEmpty()) { // a device: nothing to rename
        const int fd = m_fd;
        m_fd = -1;
        if (::close(fd) != 0)
            failPath(m_path, QStringLiteral("could not save (%1)").arg(reason(errno)));
        return;
    }
    // On disk before the rename, so that a power cut cannot leave the new name on empty blocks.
    if (::fsync(m_fd) != 0)
        fail(errno);
    if (::rename(m_temp.constData(), m_final.constData()) != 0)
        fail(errno);
    m_temp.clear();
    const int fd = m_fd;
    m_fd = -1;
    ::close(fd); // the data is synced and renamed: nothing left to fail
}

void saveBytes(const QString &path, const QByteArray &bytes)
{
    AtomicFile file(path);
    file.write(bytes);
    file.commit();
}

void checkWritable(const QString &path)
{
    const AtomicFile probe(path); // created and removed again
}

void makeWritableFolder(const QString &dir)
{
    std::error_code error;
    std::filesystem::create_directories(std::filesystem::path(encoded(dir).toStdString()), error);
    if (error)
        failPath(dir,
                 QStringLiteral("cannot create this folder (%1)")
                     .arg(QString::fromLocal8Bit(error.message().c_str())));
    if (!QFileInfo(dir).isDir())
        failPath(dir, QStringLiteral("cannot create this folder (a file has this name)"));
    if (::access(encoded(dir).constData(), W_OK | X_OK) != 0) // EACCES, EROFS
        failPath(dir, QStringLiteral("cannot write in this folder (%1)").arg(reason(errno)));
}

QString whyUnreadable(const QString &path)
{
    const QByteArray name = encoded(path);
    struct stat info
    { };
    if (::stat(name.constData(), &info) != 0) {
        if (errno == ENOENT)
            return QStringLiteral("no such file");
        QString text = reason(errno); // "Too many levels of symbolic links", "Permission denied"
        if (!text.isEmpty())
            text[0] = text[0].toLower();
        return text;
    }
    if (S_ISDIR(info.st_mode))
        return QStringLiteral("it is a folder, not a file");
    if (::access(name.constData(), R_OK) != 0)
        return QStringLiteral("permission denied");
    return QString();
}

} // namespace moe::files
