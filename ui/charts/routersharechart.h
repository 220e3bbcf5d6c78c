#pragma once

// The router's share of one MoE block's forward FLOPs against the number of experts E, the other
// settings kept (core/moe/moeflops.h):
//   share(E) = 2 d E m / (2 d E m + (active + shared) 4 d h_e)
//            = E m / (E m + 2 h_e (active + shared))     (d cancels; m = 2 for noisy-topk, else 1)
// for E = 1..256 on a log2 axis, with the live MoE marked, the crossover E = 2 h_e (active +
// shared) / m (the router costs as much as the experts) marked and labelled, and the same curve
// for a real model (Mixtral 8x7B: d 4096, h_e 14336, top-2), whose router is ~0.01% of the block:
// why real models do not pay this, and why the toy's "matched total compute" baseline counts it.
// Hovering a curve or a marker gives E and the router's and the experts' FLOPs there.

#include "core/moe/moeconfig.h"

#include <QWidget>
#include <memory>

class QChart;
class QLineSeries;
class QLogValueAxis;
class QScatterSeries;
class QXYSeries;

namespace moe::ui {

class HoverTip;

class RouterShareChart : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kMostExperts = 256; // the curves' right end, the experts' setting's max

    explicit RouterShareChart(QWidget *parent = nullptr);
    ~RouterShareChart() override;
    // The live MoE: its d, h_e, k, shared experts and router (cheap: redraws only on a change).
    void setModel(const MoeConfig &config, int width);
    QChart *chart() const { return m_chart; }
    // One row per E: the share of the live settings and of the reference model.
    QString csv() const;
    // The chart's one-line lesson: its caption, under the title (so every export carries it).
    static QString lesson();
    // What hovering `series` at `value` (chart coordinates) shows: E there (the marker's E for a
    // marker) and the router's and the experts' FLOPs per input.
    QString pointText(const QXYSeries *series, const QPointF &value) const;
    QString hoverText() const; // the view's tooltip now: a point's text while one is hovered

private:
    std::unique_ptr<HoverTip> m_tip;
    QChart *m_chart;
    QLineSeries *m_share, *m_reference, *m_crossoverLine;
    QScatterSeries *m_current, *m_crossover, *m_realPoint; // each labelled on the plot
    QLogValueAxis *m_experts, *m_percent;
    MoeConfig m_config;
    int m_width = 0;
    bool m_drawn = false;
};

} // namespace moe::ui
