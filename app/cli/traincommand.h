#pragma once

#include <QStringList>

namespace moe::cli {

// Exit statuses shared by every command.
enum ExitStatus { kExitOk = 0, kExitBadData = 1, kExitBadArguments = 2 };

// `moelab-cli train ...`: arguments start with the program name, then the command's options.
int runTrain(const QStringList &arguments);
// `moelab-cli demo`: the default classroom configuration, trained and summarised.
int runDemo(const QStringList &arguments);

} // namespace moe::cli
