#include "ui/maps/maptitle.h"

#include <QFontMetrics>
#include <algorithm>
#include <functional>

namespace moe::ui {

MapTitle layOutTitle(const QString &text, const QFont &base, int width)
{
    MapTitle title {base, {text}};
    title.font.setBold(true);
    const auto fits = [&](const QString &line) {
        return QFontMetrics(title.font).horizontalAdvance(line) <= width;
    };
    QString shown = text;
    const qsizetype aside = shown.lastIndexOf(QStringLiteral(" ("));
    if (!fits(shown) && aside > 0 && shown.endsWith(QLatin1Char(')')))
        shown.truncate(aside);
    // Font sizes snap to whole pixels: step down 5% at a time.
    const double full = title.font.pointSizeF();
    const auto shrinkUntil = [&](const std::function<bool()> &done) {
        title.font.setPointSizeF(full);
        for (int step = 1; full > 0 && step <= 3 && !done(); ++step)
            title.font.setPointSizeF(full * (1.0 - 0.05 * step));
        return done();
    };
    if (shrinkUntil([&] { return fits(shown); })) {
        title.lines = {shown};
        return title;
    }
    // Two lines: the split whose longer half is shortest.
    qsizetype best = -1;
    int bestWidth = 0;
    const QFontMetrics metrics(title.font);
    for (qsizetype i = shown.indexOf(QLatin1Char(' ')); i > 0;
         i = shown.indexOf(QLatin1Char(' '), i + 1)) {
        const int longer = std::max(metrics.horizontalAdvance(shown.left(i)),
                                    metrics.horizontalAdvance(shown.mid(i + 1)));
        if (best < 0 || longer < bestWidth) {
            best = i;
            bestWidth = longer;
        }
    }
    if (best < 0) { // one word: elided
        title.lines = {QFontMetrics(title.font).elidedText(shown, Qt::ElideRight, width)};
        return title;
    }
    title.lines = {shown.left(best), shown.mid(best + 1)};
    if (shrinkUntil([&] { return fits(title.lines[0]) && fits(title.lines[1]); }))
        return title;
    // Three lines (a map a fifth of a small screen wide): words filled in line by line.
    const auto wrapped = [&] {
        QStringList lines {QString()};
        for (const QString &word : shown.split(QLatin1Char(' '))) {
            const QString longer
                = lines.last().isEmpty() ? word : lines.last() + QLatin1Char(' ') + word;
            if (!lines.last().isEmpty() && !fits(longer))
                lines << word;
            else
                lines.last() = longer;
        }
        return lines;
    };
    if (shrinkUntil([&] { return wrapped().size() <= 3; }))
        title.lines = wrapped();
    for (QString &line : title.lines)
        line = QFontMetrics(title.font).elidedText(line, Qt::ElideRight, width);
    return title;
}

} // namespace moe::ui
