#pragma once

// What the CLI writer tests share (tst_cliwriters: full disks and kills; tst_clipaths: paths
// refused before training): reading and writing test files, a folder's files (hidden temporaries
// included), an older file's contents, tiny model options, and the inputs every test reads.

#include "clirunner.h"
#include "files/experimentfile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cerrno>
#include <cstring>

namespace writertest {

inline QByteArray read(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline void write(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
}

// Every file in `dir`, hidden ones included (a temporary ".NAME.moelab-abc123" is hidden).
inline QStringList filesIn(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
}

// What an older run left: `bytes` of text that no new run writes.
inline QByteArray oldContents(const QString &name)
{
    return "an older " + name.toUtf8() + " that must survive\n" + QByteArray(6000, 'x') + '\n';
}

inline QString efbig()
{
    return QString::fromLocal8Bit(std::strerror(EFBIG)); // "File too large"
}

inline const QStringList kTiny {"--samples",       "60", "--width",   "4", "--hidden", "4",
                                "--expert-hidden", "4",  "--experts", "2", "--top-k",  "1"};

// A small trained MoE model and a small experiment file in `dir`, which every writer test reads.
inline void makeInputs(const QTemporaryDir &dir, QString &model, QString &experiment)
{
    QVERIFY(dir.isValid());
    model = dir.filePath(QStringLiteral("moe.json"));
    const clitest::Run run = clitest::runCli(
        QStringList {"train", "--model", "moe", "--steps", "5", "--save-model", model, "--json"}
        + kTiny);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    experiment = dir.filePath(QStringLiteral("experiment.json"));
    moe::Experiment e;
    e.dataset.samples = 60;
    e.steps = 3;
    moe::files::saveExperiment(experiment, e);
}

} // namespace writertest
