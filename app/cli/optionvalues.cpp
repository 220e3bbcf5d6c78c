#include "optionvalues.h"

namespace moe::cli {

namespace {
QString quoted(const QString &text)
{
    return QLatin1Char('\'') + text + QLatin1Char('\'');
}
} // namespace

long long integerOption(const QCommandLineParser &parser, const QString &name, long long lo,
                        long long hi)
{
    bool ok = false;
    const QString text = parser.value(name);
    const long long value = text.toLongLong(&ok);
    if (!ok || value < lo || value > hi)
        throw UsageError(QStringLiteral("--%1 expects a whole number from %2 to %3, got %4")
                             .arg(name)
                             .arg(lo)
                             .arg(hi)
                             .arg(quoted(text))
                             .toStdString());
    return value;
}

double realOption(const QCommandLineParser &parser, const QString &name, double lo, double hi)
{
    bool ok = false;
    const QString text = parser.value(name);
    const double value = text.toDouble(&ok); // C locale: '.' is the decimal point
    if (!ok || !(value >= lo && value <= hi))
        throw UsageError(QStringLiteral("--%1 expects a number from %2 to %3, got %4")
                             .arg(name)
                             .arg(lo)
                             .arg(hi)
                             .arg(quoted(text))
                             .toStdString());
    return value;
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
}

} // namespace moe::cli
