#pragma once

// Expert load of the recent training steps (first MoE block): per expert, the slots it kept and
// the ones it had to drop (stacked, a distinct colour), the capacity C as a line, and the headline
// numbers: load CV, dropped %, router entropy against its maximum log E, dead experts.

#include "arenasnapshot.h"

#include <QLabel>
#include <QWidget>

class QBarCategoryAxis;
class QBarSet;
class QChart;
class QChartView;
class QLineSeries;
class QStackedBarSeries;
class QValueAxis;

namespace moe::ui {

class ExpertLoadPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ExpertLoadPanel(QWidget *parent = nullptr);
    void showSnapshot(const ArenaSnapshot &snapshot);
    QString headline() const { return m_headline->text(); }
    QChart *chart() const { return m_chart; }

private:
    void showNoLoad(int experts);

    QLabel *m_headline;
    QChart *m_chart;
    QChartView *m_view;
    QStackedBarSeries *m_bars;
    QBarSet *m_kept, *m_dropped;
    QLineSeries *m_capacity;
    QBarCategoryAxis *m_experts;
    QValueAxis *m_tokens;
    QChart *m_history; // each expert's share of the slots over training
    QValueAxis *m_historyX, *m_historyY;
    std::vector<QLineSeries *> m_shares;
};

} // namespace moe::ui
