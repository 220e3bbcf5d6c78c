#include "app/cli/command.h"

#include "app/options/optionvalues.h"
#include "core/base/error.h"

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

} // namespace moe::cli
