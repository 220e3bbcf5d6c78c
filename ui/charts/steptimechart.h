#pragma once

// Measured time per training step of the trained runs, one horizontal bar per run, stacked by
// where the time went (StepTime, core/train/trainingstats.h):
//   routing   - the router: logits, selection, gates, capacity, losses, their backward;
//   experts   - dispatch, the experts' forward and backward, combine;
//   rest      - projection, dense blocks, head, task loss, their backward;
//   optimiser - the update of every parameter, which grows with total parameters (E), not with
//               the FLOPs per sample;
//   other     - the rest of the step (the batch, routing statistics), or the whole step of a run
//               that was not broken down (the user's live runs).
// Runs are listed cheapest compute (active FLOPs per sample) first, from the top. The title says
// what the chart teaches, so that every export carries it. Hovering a bar names the run.

#include "ui/worker/sweep.h"

#include <QWidget>
#include <memory>

class QBarCategoryAxis;
class QBarSet;
class QChart;
class QHorizontalStackedBarSeries;
class QLabel;
class QStackedWidget;
class QValueAxis;

namespace moe::ui {

class HoverTip;

class StepTimeChart : public QWidget
{
    Q_OBJECT

public:
    explicit StepTimeChart(QWidget *parent = nullptr);
    ~StepTimeChart() override;
    void setRuns(const QVector<SweepRun> &runs);
    QChart *chart() const { return m_chart; }
    // The runs drawn, top to bottom (runs without a measured time are left out).
    const QVector<SweepRun> &rows() const { return m_rows; }
    // One line per run, top to bottom: what it is, its cost, and its ms per step by part (empty
    // parts for a run measured as a whole).
    QString csv() const;
    // The chart's one-line lesson, also its subtitle.
    static QString lesson();
    QString hoverText() const; // the view's tooltip now: a bar's numbers while one is hovered
    void showTip(bool state, int index); // hovering bar `index` (counted from the bottom)

private:
    void setTitleLines(); // the title, the lesson wrapped to the chart's width
    QChart *m_chart;
    QStackedWidget *m_pages; // the hint while there are no runs, then the chart
    QLabel *m_hint;
    QHorizontalStackedBarSeries *m_bars;
    QBarSet *m_routing, *m_experts, *m_rest, *m_optimizer, *m_other;
    QBarCategoryAxis *m_runs;
    QValueAxis *m_ms;
    QVector<SweepRun> m_rows;
    std::unique_ptr<HoverTip> m_tip;
};

} // namespace moe::ui
