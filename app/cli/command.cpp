#include "app/cli/command.h"

#include "app/options/optionvalues.h"
#include "core/base/error.h"

#include <QCommandLineParser>
#include <cstdio>
#include <string>

namespace moe::cli {

int runGuarded(const char *command, const std::function<int()> &body)
{
    auto report = [&](const std::string &message) {
        std::fprintf(stderr, "moelab-cli: %s: %s\n", command, message.c_str());
    };
    try {
        return body();
    } catch (const UsageError &error) {
        report(std::string(error.what()) + " (see moelab-cli " + command + " --help)");
        return kExitBadArguments;
    } catch (const ConfigError &error) {
        report(error.what());
        return kExitBadArguments;
    } catch (const std::exception &error) { // DataError, I/O, divergence
        report(error.what());
        return kExitBadData;
    }
}

std::optional<int> handleNoArguments(const char *command, const QString &description,
                                     const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(description);
    parser.addOption({"help", "Show this help."});
    if (!parser.parse(arguments) || !parser.positionalArguments().isEmpty()) {
        std::fprintf(stderr, "moelab-cli: %s: %s (see moelab-cli %s --help)\n", command,
                     parser.errorText().isEmpty() ? "takes no arguments"
                                                  : qPrintable(parser.errorText()),
                     command);
        return kExitBadArguments;
    }
    if (parser.isSet("help")) {
        std::printf("%s",
                    qPrintable(parser.helpText().replace(
                        QStringLiteral("[options]"),
                        QStringLiteral("%1 [options]").arg(QString::fromLatin1(command)))));
        return kExitOk;
    }
    return std::nullopt;
}

} // namespace moe::cli
