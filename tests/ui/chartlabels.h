#pragma once

// The texts a QChart draws (title, axis titles, tick labels, legend), read back from its scene,
// for tests that assert none was elided to "..." by Qt Charts for want of room.

#include <QChart>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsTextItem>
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
