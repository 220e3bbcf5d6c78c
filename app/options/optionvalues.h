#pragma once

// Reading option values with range checks. Every failure is a UsageError whose message names the
// option, what it accepts and what it got.

#include <QCommandLineParser>
#include <stdexcept>
#include <vector>

namespace moe::cli {

// A bad argument: exit status 2.
class UsageError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

long long integerOption(const QCommandLineParser &parser, const QString &name, long long lo,
                        long long hi);
double realOption(const QCommandLineParser &parser, const QString &name, double lo, double hi);
// "1,2,4" -> {1, 2, 4}, each in [lo, hi].
std::vector<int> integerListOption(const QCommandLineParser &parser, const QString &name, int lo,
                                   int hi);
// Throws UsageError for a parse error, a stray positional argument or an empty value.
void parseOrThrow(QCommandLineParser &parser, const QStringList &arguments);
// Throws UsageError naming the first option given an empty value ("--save-model ''").
void refuseEmptyValues(const QCommandLineParser &parser);

} // namespace moe::cli
