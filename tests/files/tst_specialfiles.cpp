// Experiment, model and lesson files are read like CSV files (core/base/userfile.h): a FIFO, a device, a
// directory or a symbolic link loop given as one is refused by name without hanging, and a file
// above the JSON size limit is refused with the limit in the message (issue 17, items 8 and 16).

#include "core/base/error.h"
#include "core/base/userfile.h"
#include "files/experimentfile.h"
#include "files/modelfile.h"
#include "ui/lessons/lesson.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <chrono>
#include <fcntl.h>
#include <filesystem>
#include <future>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

// The DataError message of f(), or a marker.
template<typename F> QString messageOf(F &&f)
{
    try {
        f();
    } catch (const moe::DataError &error) {
        return QString::fromStdString(error.what());
    } catch (const std::exception &other) {
        return QStringLiteral("<other exception: %1>").arg(QString::fromStdString(other.what()));
    }
    return QStringLiteral("<no exception>");
}

QString experimentMessage(const QString &path)
{
    return messageOf([&] { moe::files::loadExperiment(path); });
}

QString modelMessage(const QString &path)
{
    moe::files::ModelInfo info;
    return messageOf([&] { moe::files::loadModel(path, info); });
}

QString lessonMessage(const QString &path)
{
    return messageOf([&] { moe::ui::loadLesson(path); });
}

} // namespace

class TestSpecialFiles : public QObject
{
    Q_OBJECT

private slots:
    void fifoIsRefusedWithoutHanging();
    void devicesDirectoriesAndLoops();
    void fileAboveTheLimitIsRefused();
};

void TestSpecialFiles::fifoIsRefusedWithoutHanging()
{
    QTemporaryDir dir;
    const QString fifo = dir.filePath(QStringLiteral("experiment.json"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    for (const auto &load : {experimentMessage, modelMessage, lessonMessage}) {
        // Before the fix the open waited for a writer; one is opened to release it if so.
        auto result = std::async(std::launch::async, load, fifo);
        if (result.wait_for(std::chrono::seconds(20)) != std::future_status::ready) {
            const int writer = ::open(QFile::encodeName(fifo).constData(), O_WRONLY | O_NONBLOCK);
            if (writer >= 0)
                ::close(writer);
            result.wait();
            QFAIL("loading a FIFO blocked");
        }
        const QString message = result.get();
        QVERIFY2(message.contains("experiment.json is a named pipe (FIFO), not a regular file"),
                 qPrintable(message));
    }
}

void TestSpecialFiles::devicesDirectoriesAndLoops()
{
    QTemporaryDir dir;
    const fs::path root(dir.path().toStdString());
    fs::create_symlink("/dev/zero", root / "model.json");
    QString message = modelMessage(dir.filePath(QStringLiteral("model.json")));
    QVERIFY2(message.contains("model.json (a link to /dev/zero) is a character device, not a "
                              "regular file"),
             qPrintable(message));
    message = experimentMessage(QStringLiteral("/dev/urandom"));
    QVERIFY2(message.contains("/dev/urandom is a character device"), qPrintable(message));

    QVERIFY(experimentMessage(dir.path()).contains("is a directory, not a regular file"));
    message = lessonMessage(QStringLiteral("/dev/zero"));
    QVERIFY2(message.contains("/dev/zero is a character device"), qPrintable(message));

    fs::create_symlink(root / "b.json", root / "a.json");
    fs::create_symlink(root / "a.json", root / "b.json");
    message = experimentMessage(dir.filePath(QStringLiteral("a.json")));
    QVERIFY2(message.contains("a.json: too many levels of symbolic links"), qPrintable(message));
}

void TestSpecialFiles::fileAboveTheLimitIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("huge.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.resize(qint64(moe::kMaxJsonFileBytes) + 1)); // sparse: no disk space used
    file.close();
    const QString message = modelMessage(path);
    QVERIFY2(message.contains("huge.json: is 512.0 MiB; MoE Lab reads files of at most 512 MiB "
                              "(536,870,912 bytes)"),
             qPrintable(message));
}

QTEST_APPLESS_MAIN(TestSpecialFiles)
#include "tst_specialfiles.moc"
