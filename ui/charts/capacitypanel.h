#pragma once

// The capacity-versus-compute tab: three views of what MoE buys, chosen with buttons above them,
//   Parameters - total parameters against active FLOPs for families of dense and MoE models;
//   Accuracy   - test accuracy (or loss) against active FLOPs of trained runs, with the frontier;
//   Time       - measured time per training step of the same runs, broken down by part (routing,
//                experts, rest of the model, optimiser): MoE saves FLOPs, not the update;
//   Router     - the router's share of the MoE block's FLOPs against E, from the live settings:
//                the crossover where it costs as much as the experts, and a real model's share;
// and the sweep controls (Run sweep / Cancel, steps per run, progress). The runs are the user's
// live models (recorded from the snapshots) and the finished sweep runs, of the data now trained
// on: accuracies on different data cannot be compared. Every data's runs are kept under its
// dataset key and shown again when those data come back.

#include "ui/worker/arenasnapshot.h"
#include "ui/worker/sweep.h"

#include <QHash>
#include <QWidget>

class QAbstractButton;
class QButtonGroup;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTimer;

namespace moe::ui {

class CapacityChart;
class RouterShareChart;
class RunsChart;
class SweepBar;
class StepTimeChart;

class CapacityPanel : public QWidget
{
    Q_OBJECT

public:
    enum class View { Parameters, Accuracy, Time, RouterShare };
    explicit CapacityPanel(QWidget *parent = nullptr);

    void showSnapshot(const ArenaSnapshot &snapshot);
    void addRun(const SweepRun &run); // a finished sweep run; ignored if for other data
    void setSweepRunning(bool running);
    void setSweepProgress(int done, int total);
    void setView(View view);
    // Brings the accuracy and time charts up to date, shown or not (for exports).
    void refreshRunsNow()
    {
        if (m_runsDirty)
            refreshRuns();
    }
    View view() const;
    int stepsPerRun() const;
    const QVector<SweepRun> &runs() const { return m_runs; }
    CapacityChart *parametersChart() const { return m_parameters; }
    RunsChart *accuracyChart() const { return m_accuracy; }
    StepTimeChart *timeChart() const { return m_time; }
    RouterShareChart *routerShareChart() const { return m_routerShare; }

protected:
    void showEvent(QShowEvent *event) override;

signals:
    void sweepRequested(int stepsPerRun);
    void cancelRequested();
    void sweepProgressed(int done, int total); // the progress shown: `done` runs drawn

private:
    void recordLiveRun(const ModelSnapshot &model, const ArenaSnapshot &snapshot);
    void upsert(const SweepRun &run);
    void refreshRuns();
    void refreshIfShown();

    CapacityChart *m_parameters;
    RunsChart *m_accuracy;
    StepTimeChart *m_time;
    RouterShareChart *m_routerShare;
    QStackedWidget *m_stack;
    QButtonGroup *m_views;
    SweepBar *m_sweep;
    QPushButton *m_clear;
    QTimer *m_refresh;
    QVector<SweepRun> m_runs;                       // on the data now trained on
    QHash<QString, QVector<SweepRun>> m_runsByData; // on other data, by dataset key
    QString m_dataset;
    qint64 m_lastRecordedStep = -1;
    int m_liveTopK = 0; // the live MoE's k: the Time view's sweep MoE runs are those at this k
    bool m_runsDirty = false;
};

} // namespace moe::ui
