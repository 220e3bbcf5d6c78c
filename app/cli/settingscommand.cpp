// `moelab-cli settings`: every setting of the tables (core/base/setting.h) with its file key,
// option, range, default and help, as the Markdown table docs/settings.md is.

#include "app/cli/command.h"
#include "core/moe/moesettings.h"
#include "core/text/textsettings.h"
#include "core/train/trainsettings.h"
#include "datasets/datasetsettings.h"
#include "files/experiment.h"

#include <cstdio>
#include <span>

namespace moe::cli {

namespace {
struct Section
{
    const char *title;
    std::span<const Setting *const> settings;
};

std::string cell(std::string_view text)
{
    return text.empty() ? std::string("-") : std::string(text);
}

void printTable(const Section &section)
{
    std::printf("\n## %s\n\n", section.title);
    std::printf("| file key | option | range | default | unit | what it is |\n");
    std::printf("|---|---|---|---|---|---|\n");
    for (const Setting *s : section.settings)
        std::printf("| `%s` | %s | %s | %s | %s | %s |\n", std::string(s->key).c_str(),
                    s->option.empty() ? "-" : ("`--" + std::string(s->option) + "`").c_str(),
                    s->rangeText().c_str(), numberText(s->defaultValue).c_str(),
                    cell(s->unit).c_str(), cell(s->help).c_str());
}
} // namespace

int runSettings(const QStringList &arguments)
{
    if (const auto done = handleNoArguments(
            "settings",
            QStringLiteral("Every setting with its range and default, as a Markdown table."),
            arguments))
        return *done;
    std::printf("# Settings\n\n"
                "Every setting's range, default and meaning, as the engine checks them, the "
                "command line\nand the app's controls accept them and experiment and model "
                "files store them. Written by\n`moelab-cli settings` from the tables in the "
                "code (core/base/setting.h); a test keeps this\npage equal to its output.\n");
    for (const Section &section : {
             Section {"The MoE layer (core/moe/moesettings.h)", settings::kMoeSettings},
             Section {"The model (core/train/trainsettings.h)", settings::kModelSettings},
             Section {"Training (core/train/trainsettings.h)", settings::kTrainingSettings},
             Section {"Data (datasets/datasetsettings.h)", settings::kDatasetSettings},
             Section {"Experiments only (files/experiment.h)", settings::kExperimentSettings},
             Section {"Text models, their training and generation (core/text/textsettings.h)",
                      settings::kTextSettings},
         })
        printTable(section);
    return kExitOk;
}

} // namespace moe::cli
