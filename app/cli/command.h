#pragma once

// How every command turns exceptions into a message on stderr and an exit status:
// 0 success, 1 unusable data or files (or a run that diverged), 2 bad arguments or settings.

#include <QStringList>
#include <functional>
#include <optional>

namespace moe::cli {

enum ExitStatus { kExitOk = 0, kExitBadData = 1, kExitBadArguments = 2 };

// Runs body (which returns an exit status), catching and reporting every error.
int runGuarded(const char *command, const std::function<int()> &body);

// The arguments of a command that takes none but --help (datasets, settings): the exit status when
// the command is done already (its help printed, or a stray argument refused), else nullopt.
std::optional<int> handleNoArguments(const char *command, const QString &description,
                                     const QStringList &arguments);

int runTrain(const QStringList &arguments);
int runDemo(const QStringList &arguments);
int runCompare(const QStringList &arguments);
int runSweep(const QStringList &arguments);
int runDatasets(const QStringList &arguments);
int runSettings(const QStringList &arguments);
int runEval(const QStringList &arguments);
int runReport(const QStringList &arguments);
int runBench(const QStringList &arguments);
int runGenerate(const QStringList &arguments);

} // namespace moe::cli
