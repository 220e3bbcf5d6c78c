#pragma once

// The quality of the trained runs against their compute (active FLOPs per sample, log axis): test
// accuracy (test loss for regression), with the frontier: the best value reached at or below each
// compute, as a staircase. (Their time per step, broken down, is StepTimeChart's.)
// Dense runs are blue circles, MoE runs vermillion (k = 1) or purple (k >= 2) squares whose size
// grows with the number of experts, the user's live runs stars. Hovering a point names it.
// Each marker size is a series of its own (one legend entry per kind): Qt Charts 6.4 leaves
// points with a per-point configuration where they were when the plot is resized.

#include "ui/worker/sweep.h"

#include <QWidget>
#include <memory>
#include <vector>

class QChart;
class QLabel;
class QLineSeries;
class QLogValueAxis;
class QScatterSeries;
class QStackedWidget;
class QValueAxis;

namespace moe::ui {

class HoverTip;

class RunsChart : public QWidget
{
    Q_OBJECT

public:
    explicit RunsChart(QWidget *parent = nullptr);
    ~RunsChart() override;
    void setRuns(const QVector<SweepRun> &runs);
    QChart *chart() const { return m_chart; }
    const QVector<QPointF> &frontier() const { return m_frontierPoints; }
    // The value drawn for a run (accuracy, or loss for regression); NaN if it has none.
    double valueOf(const SweepRun &run) const;
    // What hovering `point` of `series` shows: the run's configuration and numbers (empty when
    // no run is there).
    QString pointText(const QScatterSeries *series, const QPointF &point) const;
    QString hoverText() const; // the view's tooltip now: a point's text while one is hovered

private:
    struct Group
    {
        QScatterSeries *series;
        QVector<SweepRun> runs; // in the order of the series' points (for hover text)
    };
    Group &groupOf(const SweepRun &run);
    void addGroup(const QString &name, const QColor &color, int shape, double size, bool legend);
    void setRanges(double x0, double x1, double y0, double y1);
    void showTip(const QScatterSeries *series, const QPointF &point, bool state);

    bool m_classification = true;
    QChart *m_chart;
    QStackedWidget *m_pages; // the hint while there are no runs, then the chart
    QLabel *m_hint;
    std::vector<Group>
        m_groups; // dense, MoE k = 1 by log2 E, MoE k >= 2 by log2 E, user dense, user MoE
    QLineSeries *m_frontier;
    QVector<QPointF> m_frontierPoints;
    QLogValueAxis *m_x;
    QValueAxis *m_y;
    std::unique_ptr<HoverTip> m_tip;
};

} // namespace moe::ui
