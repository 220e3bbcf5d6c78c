#pragma once

// The routing map's legend. Up to 16 experts: each expert's number in a box of its colour, dead
// experts drawn hollow and struck out. Beyond 16 (where experts share a hue by groups of
// neighbours, ui/style/palette.h): one box per group, "1-8", "9-16", ..., in its two shades, and
// the dead experts named in the note below. The boxes flow over as many lines as the width needs.
// Painted, not a rich-text QLabel: the dead marks change many times a second, and only a change
// of E (or of width) changes the height it asks for, so the window is not laid out again on every
// snapshot. Hovering a box highlights its expert (or group) on the routing map (hovered); while
// experts are highlighted the other boxes are greyed and the note names them.

#include "ui/maps/mapoverlay.h"

#include <QStringList>
#include <QWidget>
#include <vector>

namespace moe::ui {

class ExpertLegend : public QWidget
{
    Q_OBJECT

public:
    explicit ExpertLegend(QWidget *parent = nullptr);
    // dead[e]: expert e had no tokens for the dead-after window. An empty vector hides the legend.
    void setExperts(const std::vector<bool> &dead);
    int experts() const { return int(m_dead.size()); }
    // What the boxes say, in order: "1", "2", ... or "1-8", "9-16", ...
    QStringList cellLabels() const;
    QString note() const; // the line under the boxes
    // Box `cell` (in cellLabels' order): where it is drawn, and its experts.
    QRect cellRect(int cell) const;
    ExpertRange cellExperts(int cell) const;
    // The experts highlighted (from the legend or the routing map): their boxes framed.
    void setHighlighted(ExpertRange highlight);
    ExpertRange highlighted() const { return m_highlight; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;

signals:
    // The mouse over a box: its experts, first..last (0-based); (-1, -1) when it leaves them.
    void hovered(int first, int last);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    static constexpr int kGap = 2; // pixels between cells
    QFont cellFont() const;
    QSize cellSize() const; // one box, wide enough for the longest label
    bool grouped() const;   // one box per hue group
    int rowsFor(int width) const;

    std::vector<bool> m_dead;
    ExpertRange m_highlight;
    int m_hoveredCell = -1;
};

} // namespace moe::ui
