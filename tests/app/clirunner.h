#pragma once

// Runs the real moelab-cli binary (path from CMake) and captures its output and exit status.

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtGlobal>

namespace clitest {
struct Run
{
    int exitCode = -1;
    QByteArray out, err;
};

inline Run runCli(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(MOELAB_CLI_PATH), arguments);
    Run run;
    // Generous: `bench --quick` takes ~20 s in Release, minutes under the sanitizers; a hang is
    // still caught (CTest stops the suite after 600 s).
    if (!process.waitForFinished(540000))
        return run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

inline QJsonObject trainJson(const QStringList &extra)
{
    const Run run = runCli(QStringList {"train", "--json"} + extra);
    if (run.exitCode != 0)
        qWarning("%s", run.err.constData());
    return QJsonDocument::fromJson(run.out).object();
}
} // namespace clitest
