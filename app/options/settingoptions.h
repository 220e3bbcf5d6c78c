#pragma once

// Command-line options made from the settings tables (core/base/setting.h), for both front ends:
// moelab-cli's commands and the desktop app's start-up options. The option's name, help, range and
// default come from the table; reading it checks that range and names the option on failure.

#include "app/options/optionvalues.h"
#include "core/base/setting.h"

#include <QCommandLineOption>
#include <optional>

namespace moe::cli {

// "--experts E": the setting's help, its range and unit, and its default (or `defaultText`, e.g.
// a command's own default or a list; an empty `defaultText` leaves the option without default).
// `prefix` starts the help ("MoE: ").
QCommandLineOption settingOption(const Setting &setting, const QString &valueName,
                                 const QString &prefix = {},
                                 std::optional<QString> defaultText = std::nullopt);

// The same for a setting whose table gives it no option of its own (the app's speed and step
// budget, which moelab-cli does not have), under the option name `name`.
QCommandLineOption settingOption(const QString &name, const Setting &setting,
                                 const QString &valueName, const QString &prefix = {},
                                 std::optional<QString> defaultText = std::nullopt);
std::optional<double> settingIfSet(const QCommandLineParser &parser, const QString &name,
                                   const Setting &setting);

// The option's value checked against the setting's range (UsageError otherwise).
double settingValue(const QCommandLineParser &parser, const Setting &setting);
int settingInt(const QCommandLineParser &parser, const Setting &setting);
// The value when the option is given, otherwise nullopt (for options without a default).
std::optional<double> settingIfSet(const QCommandLineParser &parser, const Setting &setting);

// A comma-separated list of whole values ("1,2,4"), each in the setting's range (sweeps).
std::vector<int> settingList(const QCommandLineParser &parser, const Setting &setting,
                             const QString &name = {});

// The option's value as one of the names of `table` (UsageError listing them otherwise).
template<typename E, std::size_t N>
E choiceOption(const QCommandLineParser &parser, const char *name, const Choice<E> (&table)[N])
{
    const QString text = parser.value(QString::fromLatin1(name));
    if (const std::optional<E> value = parseChoice(table, text.toStdString()))
        return *value;
    throw UsageError(std::string("--") + name + " expects " + choiceList(table, " or ") + ", got '"
                     + text.toStdString() + "'");
}

// A setting's option name, e.g. "top-k".
QString optionName(const Setting &setting);

} // namespace moe::cli
