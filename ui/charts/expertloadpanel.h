#pragma once

// Expert load of the recent training steps (first MoE block). The chart shows one full batch
// (BatchLoad: the window's full-size steps only, so C is the C every full batch has): per
// expert, the mean slots it kept and dropped (stacked, a distinct colour), the most it was sent in
// one batch (a triangle: above C, that batch dropped some), dead experts as a short dark bar, and
// C as a line (none without a capacity factor). The headline gives the numbers the lesson checks
// read, over all of the last 100 steps: load CV, dropped %, router entropy against its maximum
// log E, dead experts. A second tab draws each expert's share over training. While experts are
// highlighted (hovered on the routing map or its legend) their bars and triangles keep their
// colours and the others are greyed.

#include "ui/maps/mapoverlay.h"
#include "ui/style/livelabel.h"
#include "ui/worker/arenasnapshot.h"

#include <QWidget>

class QBarSet;
class QCategoryAxis;
class QChart;
class QChartView;
class QLineSeries;
class QScatterSeries;
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
    // The load chart's numbers: "expert,kept_mean,dropped_mean,most_in_one_batch,capacity,dead".
    QString csv() const;
    QChartView *historyView() const { return m_historyView; }
    QBarSet *keptBars() const { return m_kept; }
    // Experts first..last (0-based) highlighted; first < 0: none (MapsPanel::expertsHovered).
    void setHighlightedExperts(int first, int last);
    ExpertRange highlightedExperts() const { return m_highlight; }

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void showNoLoad(int experts);
    void showBatchLoad(const BatchLoad &load, const RoutingStats &r, bool limited);
    void setExperts(int experts); // the bars 1..E
    void labelExperts();          // numbers under as many bars as they fit under
    void showTitle();             // the title, or none while the chart is low
    void fitToHeight();           // titles and legend for the chart's height and fonts
    void drawHistory();           // the load-over-time lines, when that tab is shown
    void highlightBusiest();      // many experts: the busiest in colour, the rest grey
    void applyHighlight();        // m_highlight's bars in colour, the rest greyed

    LiveLabel *m_headline;
    QChart *m_chart;
    QChartView *m_view;
    QStackedBarSeries *m_bars;
    QBarSet *m_kept, *m_dropped, *m_dead;
    QLineSeries *m_capacity;
    QScatterSeries *m_most;
    QCategoryAxis *m_experts;
    int m_expertCount = -1;
    QString m_title;    // the chart's title while it has room for one
    bool m_low = false; // too low for titles (presentation mode at 1280x720)
    QValueAxis *m_tokens;
    QChart *m_history; // each expert's share of the slots over training
    QValueAxis *m_historyX, *m_historyY;
    QChartView *m_historyView;
    static constexpr std::size_t kBusiest = 6;
    std::vector<QLineSeries *> m_shares;
    QLineSeries *m_even = nullptr;
    std::vector<bool> m_coloured; // per expert: its line in colour (else grey, no legend entry)
    std::vector<QVector<QPointF>> m_shareData; // the newest snapshot's, drawn when shown
    qint64 m_step = 0;
    bool m_historyDirty = false;
    ExpertRange m_highlight;
};

} // namespace moe::ui
