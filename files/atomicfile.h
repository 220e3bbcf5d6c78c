#pragma once

// Writing a file whole or not at all. Every file MoE Lab writes (exports, the report, experiment
// and model files, the CLI's logs, predictions, sweep results, benchmarks) goes through here.
//
// The bytes go to a temporary file next to the target, ".NAME.moelab-" and six random letters or
// digits, and replace the target by one rename() only once every write and the fsync succeeded;
// until then the old file stays as it was. Every write is checked, and a failure throws DataError naming the file
// and the reason in words ("No space left on device", "File too large").
//
// A process killed mid-write (kill -9, a power cut) cannot remove its temporary file. The writer
// holds an flock() on it while it writes, so the next write to the same target knows which
// temporaries of that name are orphans (nobody holds their lock) and removes them: at most one
// write's worth of debris survives a kill, and only until the file is written again.

#include <QByteArray>
#include <QString>

namespace moe::files {

class AtomicFile
{
public:
    // Creates the temporary file (removing orphans of earlier, killed writes to `path`). Throws
    // DataError "PATH: cannot write (REASON)" when the folder is missing, is not writable, or
    // `path` is a folder.
    explicit AtomicFile(const QString &path);
    ~AtomicFile(); // without commit(): the temporary file is removed and the target untouched
    AtomicFile(const AtomicFile &) = delete;
    AtomicFile &operator=(const AtomicFile &) = delete;

    // Throws DataError "PATH: could not save (REASON); the old file is unchanged".
    void write(const char *data, qint64 size);
    void write(const QByteArray &bytes) { write(bytes.constData(), bytes.size()); }
    // Syncs, closes and renames the temporary file over the target. Throws as write().
    void commit();

    const QString &path() const { return m_path; }

private:
    [[noreturn]] void fail(int error);
    void discard();

    QString m_path;     // the file as the user named it (for messages)
    QByteArray m_final; // the file renamed over (a symlink's target, when `path` is one)
    QByteArray m_temp;  // empty when writing straight into a device or pipe
    int m_fd = -1;
    bool m_existed = false;
};

// The whole of `bytes` into `path` through AtomicFile.
void saveBytes(const QString &path, const QByteArray &bytes);

// Throws DataError "PATH: cannot write (REASON)" unless a file can be created at `path` now: its
// folder exists and is writable, and `path` is not a folder. For options checked before the work
// that would write them (a model saved after minutes of training).
void checkWritable(const QString &path);

// Creates `dir` (and its parents) unless it exists, and checks that files can be written in it.
// Throws DataError "DIR: cannot create this folder (REASON)" or "DIR: cannot write (REASON)".
void makeWritableFolder(const QString &dir);

// Why `path` cannot be opened for reading, in words ("no such file", "too many levels of symbolic
// links", "permission denied"), or an empty string when it can be.
QString whyUnreadable(const QString &path);

} // namespace moe::files
