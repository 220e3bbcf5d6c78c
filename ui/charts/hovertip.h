#pragma once

// A chart view's tooltip that names the hovered point. Qt shows a widget's own tooltip after a
// pause, over any text shown at once with QToolTip::showText, so the point's text must be the
// view's tooltip while the point is hovered, and the chart's general explanation otherwise.

#include <QString>

class QWidget;

namespace moe::ui {

class HoverTip
{
public:
    HoverTip(QWidget *view, const QString &general);
    // `text` while something is hovered (shown at once and as the view's tooltip); an empty text
    // gives the general tooltip back.
    void show(const QString &text);
    QString text() const; // the view's tooltip now

private:
    QWidget *m_view;
    QString m_general;
};

} // namespace moe::ui
