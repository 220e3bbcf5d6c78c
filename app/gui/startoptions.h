#pragma once

// The app's own command-line values (--size, --after, --sweep, --lesson, ...), each read once and
// checked against its range before the window does anything with it: a bad value is refused with
// a UsageError naming the option, what it accepts and what it got (exit status 2), never clamped,
// ignored or left to crash (a 100000x100000 window) or hang (a negative delay).

#include <QCommandLineParser>
#include <QSize>

namespace moe::gui {

struct StartOptions
{
    QSize size;         // --size, in pixels
    int afterMs = 0;    // --after, in ms
    int sweepSteps = 0; // --sweep N (0: no sweep)
    int sweepShot = 0;  // --sweep-shot R (0: when the sweep finishes)
    long long soak = 0; // --soak N (0: no soak)
    double measure = 0; // --measure S (0: no measurement)
    int lessonStep = 1; // --lesson-step S, from 1 (checked against the lesson's steps later)
    bool dark = false;  // --theme dark
};

// Throws moe::cli::UsageError for a value out of its range or malformed.
StartOptions readStartOptions(const QCommandLineParser &parser);

// --lesson N: the lesson's index (from 0) among `count` readable lessons, and --lesson-step
// checked against its `steps`. Throws UsageError, saying how many there are, or naming
// `problems` (the lesson files that could not be read) when none could.
int lessonIndex(const QCommandLineParser &parser, int count, const QStringList &problems);
void checkLessonStep(const QCommandLineParser &parser, int step, int steps);

} // namespace moe::gui
