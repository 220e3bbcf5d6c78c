#pragma once

// The texts a QChart draws (title, axis titles, tick labels, legend), read back from its scene,
// for tests that assert none was elided to "..." by Qt Charts for want of room.

#include <QChart>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsTextItem>
#include <QLegend>
#include <QStringList>
#include <algorithm>

// The visible text items of the chart's scene.
inline QList<QGraphicsItem *> chartTextItems(const QChart *chart)
{
    QList<QGraphicsItem *> items;
    if (!chart->scene())
        return items;
    for (QGraphicsItem *item : chart->scene()->items())
        if (item->isVisible() && chart->isAncestorOf(item)
            && (dynamic_cast<QGraphicsTextItem *>(item)
                || dynamic_cast<QGraphicsSimpleTextItem *>(item)))
            items << item;
    return items;
}

inline QString itemText(QGraphicsItem *item)
{
    if (auto *text = dynamic_cast<QGraphicsTextItem *>(item))
        return text->toPlainText();
    if (auto *simple = dynamic_cast<QGraphicsSimpleTextItem *>(item))
        return simple->text();
    return {};
}

// Pairs of non-empty texts drawn over each other (more than a third of the smaller one's box).
inline QStringList overlappingTexts(const QChart *chart)
{
    const QList<QGraphicsItem *> items = chartTextItems(chart);
    QStringList clashes;
    for (qsizetype i = 0; i < items.size(); ++i)
        for (qsizetype j = i + 1; j < items.size(); ++j) {
            if (itemText(items[i]).trimmed().isEmpty() || itemText(items[j]).trimmed().isEmpty())
                continue;
            const QRectF a = items[i]->sceneBoundingRect(), b = items[j]->sceneBoundingRect();
            const QRectF both = a.intersected(b);
            const double smaller = std::min(a.width() * a.height(), b.width() * b.height());
            if (!both.isEmpty() && both.width() * both.height() > smaller / 3.0)
                clashes << itemText(items[i]) + QStringLiteral(" / ") + itemText(items[j]);
        }
    return clashes;
}

inline QStringList chartTexts(const QChart *chart)
{
    QStringList texts;
    if (!chart->scene())
        return texts;
    for (QGraphicsItem *item : chart->scene()->items()) {
        if (!item->isVisible() || !chart->isAncestorOf(item))
            continue;
        if (auto *text = dynamic_cast<QGraphicsTextItem *>(item))
            texts << text->toPlainText();
        else if (auto *simple = dynamic_cast<QGraphicsSimpleTextItem *>(item))
            texts << simple->text();
    }
    return texts;
}

// The texts that end in an ellipsis (Qt Charts' "..." or "…").
inline QStringList elidedLabels(const QChart *chart)
{
    QStringList elided;
    for (const QString &text : chartTexts(chart))
        if (text.contains(QStringLiteral("...")) || text.contains(QChar(0x2026)))
            elided << text;
    return elided;
}

// A legend entry as drawn: its label and the box of its marker and label, in scene coordinates.
struct LegendEntry
{
    QString label;
    QRectF box;
};

// The legend's visible entries (each label's parent item is its entry: marker and label).
inline QList<LegendEntry> legendEntries(const QChart *chart)
{
    QList<LegendEntry> entries;
    for (QGraphicsItem *item : chartTextItems(chart))
        if (chart->legend()->isAncestorOf(item) && item->parentItem())
            entries.append({itemText(item), item->parentItem()->sceneBoundingRect()});
    return entries;
}

// What is wrong with the legend as drawn: entries over each other, over the plot area, outside
// the chart, or elided labels. Empty when every entry is readable at a place of its own.
inline QStringList legendProblems(const QChart *chart)
{
    QStringList problems;
    const QList<LegendEntry> entries = legendEntries(chart);
    const QRectF plot = chart->mapRectToScene(chart->plotArea());
    const QRectF whole = chart->mapRectToScene(chart->rect());
    const auto overlap = [](const QRectF &a, const QRectF &b) {
        const QRectF both = a.intersected(b);
        return both.width() > 0.5 && both.height() > 0.5; // more than a shared edge
    };
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const LegendEntry &e = entries[i];
        if (e.label.trimmed().isEmpty() || e.label.contains(QStringLiteral("..."))
            || e.label.contains(QChar(0x2026)))
            problems << QStringLiteral("'%1' elided").arg(e.label);
        if (overlap(e.box, plot))
            problems << QStringLiteral("'%1' over the plot").arg(e.label);
        if (!whole.contains(e.box))
            problems << QStringLiteral("'%1' outside the chart").arg(e.label);
        for (qsizetype j = i + 1; j < entries.size(); ++j)
            if (overlap(e.box, entries[j].box))
                problems << QStringLiteral("'%1' over '%2'").arg(e.label, entries[j].label);
    }
    return problems;
}
