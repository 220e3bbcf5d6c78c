#pragma once

// How a map's title fits the map's width: the map views draw it and size their square plane
// under it with the same layout.

#include <QFont>
#include <QStringList>

namespace moe::ui {

// A map's title as drawn: its bold font and one to three lines.
struct MapTitle
{
    QFont font;
    QStringList lines;
};

// Lays `text` out in `width` pixels, in the order that keeps most of it readable: one line; one
// line without its closing aside ("Dense h=68, matched total compute (router included)" keeps the
// name of its baseline); one line up to 15% smaller; two lines split at the space that balances
// them, up to 15% smaller; three lines filled word by word; each line elided only when that
// still does not fit (a single word too wide).
MapTitle layOutTitle(const QString &text, const QFont &base, int width);

} // namespace moe::ui
