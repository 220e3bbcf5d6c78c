#pragma once

// Expert load of the recent training steps (first MoE block): per expert, the slots it kept and
// the ones it had to drop (stacked, a distinct colour), dead experts as a short dark bar, the
// capacity C as a line, and the headline numbers: load CV, dropped %, router entropy against its
// maximum log E, dead experts. A second tab draws each expert's share over training.

#include "ui/style/livelabel.h"
#include "ui/worker/arenasnapshot.h"

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
    QChart *historyChart() const { return m_history; }
    // Draws the load-over-time chart now, shown or not (for exports).
    void drawHistoryNow();
    // true: the load-over-time chart gets a legend (up to 16 experts) for a file.
    void setHistoryExportLook(bool exporting);
    QChartView *view() const { return m_view; }
    QChartView *historyView() const { return m_historyView; }

private:
    void showNoLoad(int experts);
    void setExperts(int experts); // the category labels 1..E
    void drawHistory();           // the load-over-time lines, when that tab is shown

    LiveLabel *m_headline;
    QChart *m_chart;
    QChartView *m_view;
    QStackedBarSeries *m_bars;
    QBarSet *m_kept, *m_dropped, *m_dead;
    QLineSeries *m_capacity;
    QBarCategoryAxis *m_experts;
    QValueAxis *m_tokens;
    QChart *m_history; // each expert's share of the slots over training
    QValueAxis *m_historyX, *m_historyY;
    QChartView *m_historyView;
    std::vector<QLineSeries *> m_shares;
    std::vector<QVector<QPointF>> m_shareData; // the newest snapshot's, drawn when shown
    qint64 m_step = 0;
    bool m_historyDirty = false;
};

} // namespace moe::ui
