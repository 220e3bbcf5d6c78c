#pragma once

// The Text arena's capacity-versus-compute tab (the 2-D arena's CapacityPanel for text models):
// three views chosen with buttons above them (TextCapacityCharts: Parameters, Loss, Time) and the
// sweep's controls (Run sweep / Cancel, steps per run, progress, and a line saying that live
// training is paused while the sweep runs). The runs are the arena's two live models (recorded
// from the snapshots at each evaluation) and the finished sweep runs, on the text now trained on:
// bits per character on other tokens do not compare, so a new corpus, tokenizer or vocabulary
// starts an empty list.

#include "ui/text/textsnapshot.h"
#include "ui/text/textsweep.h"

#include <QWidget>
#include <memory>
#include <vector>

class QButtonGroup;
class QLabel;
class QStackedWidget;

namespace moe::ui {

class SweepBar;

class HoverTip;
class TextCapacityCharts;

class TextCapacityPanel : public QWidget
{
    Q_OBJECT

public:
    enum class View { Parameters, Loss, Time };
    explicit TextCapacityPanel(QWidget *parent = nullptr);
    ~TextCapacityPanel() override;

    void showSnapshot(const TextSnapshot &snapshot);
    void addRun(const TextSweepRun &run); // a finished sweep run; ignored if on other text
    void setSweepRunning(bool running);
    void setSweepProgress(int done, int total);
    void setLivePlaying(bool playing); // what the line under the buttons says during a sweep
    void setView(View view);
    View view() const;
    int stepsPerRun() const;
    void setStepsPerRun(int steps);
    bool sweepRunning() const;
    const QVector<TextSweepRun> &runs() const { return m_runs; }
    TextCapacityCharts *charts() const { return m_charts; }
    QString statusText() const;
    // Every run as CSV, one row each: label, source, E, k, h, parameters, FLOPs, steps, bits/char,
    // ms/step (the three charts' exports).
    QString runsCsv() const;

signals:
    void sweepRequested(int stepsPerRun);
    void cancelRequested();

private:
    void recordLiveRun(const TextModelSnapshot &model, const TextSnapshot &snapshot);
    void upsert(const TextSweepRun &run);
    void refresh();
    void showStatus();

    TextCapacityCharts *m_charts;
    QStackedWidget *m_stack;
    QButtonGroup *m_views;
    SweepBar *m_sweep;
    QLabel *m_status;
    std::vector<std::unique_ptr<HoverTip>> m_tips; // one per chart view
    QVector<TextSweepRun> m_runs;                  // on the text now trained on
    std::vector<TextModelConfig> m_grid;
    QString m_data; // textDataKey of that text
    double m_bigramBits = 0.0;
    qint64 m_lastRecordedStep = -1;
    int m_lastRun = -1;
    bool m_livePlaying = false;
};

} // namespace moe::ui
