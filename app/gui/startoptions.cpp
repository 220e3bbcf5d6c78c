#include "app/gui/startoptions.h"

#include "app/options/optionvalues.h"

namespace moe::gui {

using cli::UsageError;

namespace {
// Window sizes a screen can show: from a small laptop's to an 8K display's.
constexpr int kMinWidth = 320, kMaxWidth = 7680, kMinHeight = 240, kMaxHeight = 4320;

QSize sizeOption(const QCommandLineParser &parser)
{
    const QString text = parser.value(QStringLiteral("size"));
    const QStringList parts = text.split(QLatin1Char('x'));
    bool okW = false, okH = false;
    const int w = parts.size() == 2 ? parts[0].toInt(&okW) : 0;
    const int h = parts.size() == 2 ? parts[1].toInt(&okH) : 0;
    if (!okW || !okH || w < kMinWidth || w > kMaxWidth || h < kMinHeight || h > kMaxHeight)
        throw UsageError(QStringLiteral("--size expects WxH, a width from %1 to %2 and a height "
                                        "from %3 to %4 pixels (e.g. 1280x720), got '%5'")
                             .arg(kMinWidth)
                             .arg(kMaxWidth)
                             .arg(kMinHeight)
                             .arg(kMaxHeight)
                             .arg(text)
                             .toStdString());
    return {w, h};
}
} // namespace

StartOptions readStartOptions(const QCommandLineParser &parser)
{
    StartOptions o;
    o.size = sizeOption(parser);
    // A day at most: a capture that waits longer is a typo, and QTimer counts in int ms.
    o.afterMs = int(cli::realOption(parser, QStringLiteral("after"), 0.0, 86400.0) * 1000.0);
    if (parser.isSet(QStringLiteral("sweep")))
        o.sweepSteps = int(cli::integerOption(parser, QStringLiteral("sweep"), 100, 50000));
    if (parser.isSet(QStringLiteral("sweep-shot")))
        o.sweepShot = int(cli::integerOption(parser, QStringLiteral("sweep-shot"), 1, 1000));
    if (parser.isSet(QStringLiteral("soak")))
        o.soak = cli::integerOption(parser, QStringLiteral("soak"), 1000, 100'000'000);
    if (parser.isSet(QStringLiteral("measure")))
        o.measure = cli::realOption(parser, QStringLiteral("measure"), 2.0, 86400.0);
    o.lessonStep = int(cli::integerOption(parser, QStringLiteral("lesson-step"), 1, 1000));
    if (parser.isSet(QStringLiteral("theme"))) {
        const QString theme = parser.value(QStringLiteral("theme"));
        if (theme != QLatin1String("light") && theme != QLatin1String("dark"))
            throw UsageError("--theme must be light or dark, not '" + theme.toStdString() + "'");
        o.dark = theme == QLatin1String("dark");
    }
    return o;
}

int lessonIndex(const QCommandLineParser &parser, int count, const QStringList &problems)
{
    if (count == 0)
        throw UsageError("--lesson: no lesson could be read"
                         + (problems.isEmpty()
                                ? std::string()
                                : ": " + problems.join(QStringLiteral("; ")).toStdString()));
    try {
        return int(cli::integerOption(parser, QStringLiteral("lesson"), 1, count)) - 1;
    } catch (const UsageError &error) {
        if (problems.isEmpty())
            throw;
        throw UsageError(std::string(error.what()) + " (the lessons that could be read; not "
                         + "read: " + problems.join(QStringLiteral("; ")).toStdString() + ")");
    }
}

void checkLessonStep(const QCommandLineParser &parser, int step, int steps)
{
    if (step > steps)
        throw UsageError(QStringLiteral("--lesson-step %1: lesson %2 has %3 steps")
                             .arg(step)
                             .arg(parser.value(QStringLiteral("lesson")))
                             .arg(steps)
                             .toStdString());
}

} // namespace moe::gui
