#include "app/options/optionvalues.h"

namespace moe::cli {

namespace {
QString quoted(const QString &text)
{
    return QLatin1Char('\'') + text + QLatin1Char('\'');
}

// text -> value with toLongLong or toDouble (C locale: '.' is the decimal point), in [lo, hi].
template<typename T, typename Convert>
T rangedOption(const QCommandLineParser &parser, const QString &name, T lo, T hi, Convert convert,
               const char *what)
{
    bool ok = false;
    const QString text = parser.value(name);
    const T value = convert(text, &ok);
    if (!ok || !(value >= lo && value <= hi))
        throw UsageError(QStringLiteral("--%1 expects %2 from %3 to %4, got %5")
                             .arg(name, QLatin1String(what))
                             .arg(lo)
                             .arg(hi)
                             .arg(quoted(text))
                             .toStdString());
    return value;
}
} // namespace

long long integerOption(const QCommandLineParser &parser, const QString &name, long long lo,
                        long long hi)
{
    return rangedOption<long long>(
        parser, name, lo, hi, [](const QString &t, bool *ok) { return t.toLongLong(ok); },
        "a whole number");
}

double realOption(const QCommandLineParser &parser, const QString &name, double lo, double hi)
{
    return rangedOption<double>(
        parser, name, lo, hi, [](const QString &t, bool *ok) { return t.toDouble(ok); },
        "a number");
}

std::vector<int> integerListOption(const QCommandLineParser &parser, const QString &name, int lo,
                                   int hi)
{
    std::vector<int> values;
    const QString text = parser.value(name);
    for (const QString &item : text.split(QLatin1Char(','))) {
        bool ok = false;
        const int value = item.trimmed().toInt(&ok);
        if (!ok || value < lo || value > hi)
            throw UsageError(
                QStringLiteral("--%1 expects comma-separated whole numbers from %2 to %3, got %4")
                    .arg(name)
                    .arg(lo)
                    .arg(hi)
                    .arg(quoted(text))
                    .toStdString());
        values.push_back(value);
    }
    return values;
}

void parseOrThrow(QCommandLineParser &parser, const QStringList &arguments)
{
    if (!parser.parse(arguments))
        throw UsageError(parser.errorText().toStdString());
    if (!parser.positionalArguments().isEmpty())
        throw UsageError("unexpected argument "
                         + quoted(parser.positionalArguments().first()).toStdString());
    refuseEmptyValues(parser);
}

void refuseEmptyValues(const QCommandLineParser &parser)
{
    // `--save-model ""` (an unset shell variable) must not pass for "no model wanted": no option
    // of MoE Lab takes an empty value, file names least of all.
    for (const QString &name : parser.optionNames())
        if (parser.values(name).contains(QString()))
            throw UsageError("--" + name.toStdString()
                             + " was given an empty value (a file name, a number or a word is "
                               "expected)");
}

} // namespace moe::cli
