#pragma once

// The Text arena's capacity-versus-compute charts (the 2-D arena's CapacityChart, RunsChart and
// StepTimeChart for text models), all against forward FLOPs per token on a log axis:
//   parameters - total parameters (log) of the sweep grid's models, from their shapes alone: the
//                dense family as a line (params and FLOPs grow together, 4 d hD each), the MoE
//                families at k = 1 and k = 2 as near-vertical lines (E multiplies the experts'
//                parameters, 2 (E + 1) d h + E d per layer, at FLOPs that grow only by the
//                router's 2 d E);
//   loss       - validation bits per character of the trained runs, with the Pareto frontier
//                (the lowest loss at or below each compute, a staircase) and the bigram level;
//   time       - measured ms per training step of the same runs.
// Dense runs are blue circles, MoE vermillion squares (k = 1) and triangles (k = 2), the arena's
// two live models stars. Hovering a point names it (pointText).

#include "ui/text/textsweep.h"

#include <QObject>
#include <QPointF>
#include <QRectF>
#include <QVector>
#include <array>
#include <optional>

class QAbstractAxis;
class QChart;
class QLineSeries;
class QLogValueAxis;
class QScatterSeries;
class QValueAxis;

namespace moe::ui {

class TextCapacityCharts : public QObject
{
    Q_OBJECT

public:
    explicit TextCapacityCharts(QObject *parent = nullptr);
    ~TextCapacityCharts() override;

    QChart *parameters() const { return m_parameters.chart; }
    QChart *loss() const { return m_loss.chart; }
    QChart *time() const { return m_time.chart; }
    // The parameters chart: the grid's models (their costs from their shapes) and the live runs.
    void showGrid(const std::vector<TextModelConfig> &grid, const QVector<TextSweepRun> &live);
    // The loss and time charts: every run (sweep and live); `bigramBits` <= 0: no level line.
    void showRuns(const QVector<TextSweepRun> &runs, double bigramBits);
    const QVector<QPointF> &frontier() const { return m_frontier; }
    // What hovering `point` of `series` names: the run, its costs and results (empty: none).
    QString pointText(const QScatterSeries *series, const QPointF &point) const;
    // Every scatter series of the three charts (for hover connections).
    QVector<QScatterSeries *> markerSeries() const;

private:
    enum Kind { kDense, kMoe1, kMoe2, kLiveDense, kLiveMoe, kKinds };
    struct Chart
    {
        QChart *chart = nullptr;
        QLogValueAxis *x = nullptr;
        std::array<QScatterSeries *, kKinds> markers {};
        std::array<QVector<TextSweepRun>, kKinds> runs; // in the order of the markers' points
    };
    void build(Chart &c, const QString &title, QAbstractAxis *y, const QString &yTitle);
    // Fills c's markers with (flops, value(run)) and returns the points' extent.
    // (nullopt: no point has a value).
    std::optional<QRectF> place(Chart &c, const QVector<TextSweepRun> &runs,
                                double (*value)(const TextSweepRun &));
    static Kind kindOf(const TextSweepRun &run);

    Chart m_parameters, m_loss, m_time;
    QLogValueAxis *m_paramsY = nullptr;
    QValueAxis *m_lossY = nullptr, *m_timeY = nullptr;
    std::array<QLineSeries *, 3> m_families {}; // dense, MoE k = 1, MoE k = 2
    QLineSeries *m_frontierLine = nullptr, *m_bigram = nullptr;
    QVector<QPointF> m_frontier;
};

} // namespace moe::ui
