#pragma once

// The capacity panel's first view: total parameters (capacity) against active FLOPs per sample
// (compute), log-log. Dense networks of growing width climb the diagonal: more capacity costs
// proportionally more compute. MoE models with more experts (same k and expert width) rise straight
// up: capacity grows with E while compute stays with k. The two current models are the large
// markers. Hovering a point names its model: its configuration, parameters and FLOPs per sample.

#include "ui/worker/arenasnapshot.h"

#include <QWidget>
#include <memory>
#include <utility>
#include <vector>

class QChart;
class QLogValueAxis;
class QScatterSeries;
class QLineSeries;
class QXYSeries;

namespace moe::ui {

class HoverTip;

class CapacityChart : public QWidget
{
    Q_OBJECT

public:
    explicit CapacityChart(QWidget *parent = nullptr);
    ~CapacityChart() override;
    void showSnapshot(const ArenaSnapshot &snapshot);
    QChart *chart() const { return m_chart; }
    // (active FLOPs per sample, total parameters) of a model, without building its weights.
    static QPointF costPoint(const ModelConfig &config);
    // What hovering `series` at `value` (chart coordinates) shows: the nearest point's model
    // (empty when no point of the series is within a marker's reach).
    QString pointText(const QXYSeries *series, const QPointF &value) const;
    QString hoverText() const; // the view's tooltip now: a point's text while one is hovered

private:
    QChart *m_chart;
    std::unique_ptr<HoverTip> m_tip;
    // The model of each point, in the order of the points: dense family, MoE family, the two live.
    std::vector<std::pair<const QXYSeries *, QList<ModelConfig>>> m_models;
    QLineSeries *m_denseFamily, *m_moeFamily;
    QScatterSeries *m_dense, *m_moe;
    QLogValueAxis *m_flops, *m_params;
    ModelConfig m_shown, m_denseShown; // the models drawn (families recomputed only on change)
    bool m_hasShown = false;
};

} // namespace moe::ui
