#pragma once

// The capacity panel's first view: total parameters (capacity) against active FLOPs per sample
// (compute), log-log. Dense networks of growing width climb the diagonal: more capacity costs
// proportionally more compute. MoE models with more experts (same k and expert width) rise straight
// up: capacity grows with E while compute stays with k. The two current models are the large
// markers.

#include "ui/worker/arenasnapshot.h"

#include <QWidget>

class QChart;
class QLogValueAxis;
class QScatterSeries;
class QLineSeries;

namespace moe::ui {

class CapacityChart : public QWidget
{
    Q_OBJECT

public:
    explicit CapacityChart(QWidget *parent = nullptr);
    void showSnapshot(const ArenaSnapshot &snapshot);
    QChart *chart() const { return m_chart; }
    // (active FLOPs per sample, total parameters) of a model, without building its weights.
    static QPointF costPoint(const ModelConfig &config);

private:
    QChart *m_chart;
    QLineSeries *m_denseFamily, *m_moeFamily;
    QScatterSeries *m_dense, *m_moe;
    QLogValueAxis *m_flops, *m_params;
    ModelConfig m_shown, m_denseShown; // the models drawn (families recomputed only on change)
    bool m_hasShown = false;
};

} // namespace moe::ui
