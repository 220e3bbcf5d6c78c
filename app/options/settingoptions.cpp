#include "app/options/settingoptions.h"

namespace moe::cli {

namespace {
QString text(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}
} // namespace

QString optionName(const Setting &setting)
{
    return text(setting.option);
}

QCommandLineOption settingOption(const Setting &setting, const QString &valueName,
                                 const QString &prefix, std::optional<QString> defaultText)
{
    return settingOption(optionName(setting), setting, valueName, prefix, std::move(defaultText));
}

QCommandLineOption settingOption(const QString &name, const Setting &setting,
                                 const QString &valueName, const QString &prefix,
                                 std::optional<QString> defaultText)
{
    QString help
        = prefix + text(setting.help) + QStringLiteral(" (%1").arg(text(setting.rangeText()));
    if (!setting.unit.empty())
        help += QLatin1Char(' ') + text(setting.unit);
    help += QLatin1Char(')');
    QCommandLineOption option(name, help, valueName);
    const QString fallback = defaultText.value_or(text(numberText(setting.defaultValue)));
    if (!fallback.isEmpty())
        option.setDefaultValue(fallback);
    return option;
}

namespace {
double namedValue(const QCommandLineParser &parser, const QString &name, const Setting &setting)
{
    if (setting.integer)
        return double(integerOption(parser, name, (long long)setting.min, (long long)setting.max));
    return realOption(parser, name, setting.min, setting.max);
}
} // namespace

double settingValue(const QCommandLineParser &parser, const Setting &setting)
{
    return namedValue(parser, optionName(setting), setting);
}

int settingInt(const QCommandLineParser &parser, const Setting &setting)
{
    return int(settingValue(parser, setting));
}

std::vector<int> settingList(const QCommandLineParser &parser, const Setting &setting,
                             const QString &name)
{
    return integerListOption(parser, name.isEmpty() ? optionName(setting) : name, int(setting.min),
                             int(setting.max));
}

std::optional<double> settingIfSet(const QCommandLineParser &parser, const Setting &setting)
{
    return settingIfSet(parser, optionName(setting), setting);
}

std::optional<double> settingIfSet(const QCommandLineParser &parser, const QString &name,
                                   const Setting &setting)
{
    if (!parser.isSet(name))
        return std::nullopt;
    return namedValue(parser, name, setting);
}

} // namespace moe::cli
