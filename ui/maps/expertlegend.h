#pragma once

// The routing map's legend: each expert's number in a box of its colour, flowing over as many
// lines as the width needs (64 experts fit in a few lines), dead experts drawn hollow and struck
// out, with a note below. Painted, not a rich-text QLabel: the dead marks change many times a
// second, and only a change of E (or of width) changes the height it asks for, so the window is
// not laid out again on every snapshot.

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
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    static constexpr int kGap = 2; // pixels between cells
    QFont cellFont() const;
    QSize cellSize() const; // one numbered box, wide enough for "64" (or E beyond 64)
    int rowsFor(int width) const;

    std::vector<bool> m_dead;
};

} // namespace moe::ui
