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
    QString help
        = prefix + text(setting.help) + QStringLiteral(" (%1").arg(text(setting.rangeText()));
    if (!setting.unit.empty())
        help += QLatin1Char(' ') + text(setting.unit);
    help += QLatin1Char(')');
    QCommandLineOption option(optionName(setting), help, valueName);
    const QString fallback = defaultText.value_or(text(numberText(setting.defaultValue)));
    if (!fallback.isEmpty())
        option.setDefaultValue(fallback);
    return option;
}

double settingValue(const QCommandLineParser &parser, const Setting &setting)
{
    if (setting.integer)
        return double(integerOption(parser, optionName(setting), (long long)setting.min,
                                    (long long)setting.max));
    return realOption(parser, optionName(setting), setting.min, setting.max);
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
    if (!parser.isSet(optionName(setting)))
        return std::nullopt;
    return settingValue(parser, setting);
}

} // namespace moe::cli
