#pragma once

// Trains the MoE and its dense baseline side by side on a worker thread. The UI talks to it only
// through queued slots (commands in) and the snapshotReady signal (values out); the worker alone
// touches the models. Training runs in slices of at most ~25 ms between which queued commands are
// handled, so pause, reset and quit answer at once; snapshots go out at most ~30 times a second.
// At a chosen speed the steps are spread evenly over time (a timer wakes the worker when the next
// one is due), and the run pauses by itself at every multiple of the step budget.

#include "core/moe/routingwindow.h"
#include "core/train/divergence.h"
#include "ui/maps/planemaps.h"
#include "ui/worker/arenaconfig.h"
#include "ui/worker/arenasnapshot.h"
#include "ui/worker/pace.h"
#include "ui/worker/tracesnapshot.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QObject>
#include <QTimer>
#include <atomic>
#include <memory>
#include <optional>

namespace moe::ui {

struct ArenaData;

class TrainingWorker : public QObject
{
    Q_OBJECT

public:
    explicit TrainingWorker(QObject *parent = nullptr);
    ~TrainingWorker() override;

    // Thread-safe, for the UI thread: hands in settings that configure() applies on the worker's
    // thread, newest first. Settings replaced by newer ones before the worker got to them are
    // skipped: a slider dragged across large models sends dozens of changes, and applying each
    // (a rebuild and a full evaluation) would keep the app busy long after the drag.
    void submit(const moe::ui::ArenaConfig &config);
    // Thread-safe, for the UI thread (its Cancel button): stops the CSV file being loaded, if
    // any; the run goes on as it was and loadCancelled says so.
    void cancelLoading() { m_cancelLoad.store(true); }

    // Whether the curves get an evaluation after `step`: every `evalEvery` steps, and before the
    // first of those at 1, 2, 5, 10, 20, 50, ... steps, so that the curves start at once.
    static bool evaluatesAt(qint64 step, qint64 evalEvery);
    // Where a run at `step` pauses next with a budget of `budget` steps: the next multiple of it
    // after `step` (0: no budget, never).
    static qint64 nextStop(qint64 step, qint64 budget);

public slots:
    // New data and/or new models when needed; otherwise the live settings only. On an error the
    // previous run stays as it was and errorOccurred says what is wrong.
    void configure(const moe::ui::ArenaConfig &config);
    // Also "Train on": a run paused at its step budget gets one budget more.
    void play();
    void pause();
    void stepOnce(); // one batch for each model
    // `steps` batches for each model at once, then one snapshot (headless exports). Stops early
    // if a loss becomes NaN or infinite.
    void trainFor(qint64 steps);
    void reset(); // fresh models, same config
    void setThreads(int threads);
    // Model files: the saved model replaces the arena's model of its kind (MoE or dense) and
    // trains on from its weights, on the data it was trained on; the other model is rebuilt
    // fresh beside it. configAdopted then carries the settings the arena now runs.
    void openModel(const QString &path);
    void saveModel(const QString &path, bool moe);
    // Follow one input: traces it at once and again with every snapshot until a request with
    // active = false (trainingworker_trace.cpp).
    void follow(const moe::ui::TraceRequest &request);

signals:
    void snapshotReady(const moe::ui::ArenaSnapshot &snapshot);
    // A configuration was refused; `running` is the one still in use (what the controls should
    // show).
    void errorOccurred(const QString &message, const moe::ui::ArenaConfig &running);
    void playingChanged(bool playing);
    void configAdopted(const moe::ui::ArenaConfig &config);
    void fileDone(const QString &message);
    void fileFailed(const QString &message); // nothing changed
    void traceReady(const moe::ui::TraceSnapshot &trace);
    // A CSV file is being read (on this thread): its path, then the fraction parsed now and then
    // (every megabyte), then loadingFinished whatever the outcome.
    void loadingStarted(const QString &path);
    void loadingProgress(double fraction);
    void loadingFinished();
    // The load was cancelled; `running` is the configuration still in use.
    void loadCancelled(const moe::ui::ArenaConfig &running);
    void submitted(QPrivateSignal); // submit() to applySubmitted(), queued to the worker's thread

private:
    void applySubmitted(); // the newest submitted settings, if any
    void tick();
    bool budgetReached() const { return m_stopAt > 0 && m_state.step >= m_stopAt; }
    void stopAtBudget();
    void leaveBudget(); // the run is no longer paused at its budget (and the message says so)
    void restartPace(); // the next step is due now
    void trainOneStep();
    // Steps between evaluations: the experiment's evalEvery, or fewer while playing at a chosen
    // speed (about five evaluations a second).
    qint64 evaluationInterval() const;
    struct Models
    {
        std::unique_ptr<Trainer> moe, dense;
    };
    // Throws if the settings do not make a model for the data (or `weights` do not fit it);
    // changes nothing then.
    void applyConfig(const ArenaConfig &config, Model *weights);
    void adoptWeights(Models &models, Model *weights) const;
    // Throws if the settings do not make a model for the data; changes nothing.
    Models buildModels(const ArenaConfig &config, const datasets::TrainTestSplit &data) const;
    // The data of `config`; a CSV file with progress signals and the UI's Cancel.
    ArenaData loadData(const ArenaConfig &config);
    void start(Models models); // the new models become the current run
    void evaluateIfStale();    // evaluates unless the last evaluation was at this step
    void evaluate();
    void publish(bool withMaps);
    void describePoints(); // per-point predictions and routing, class-by-expert affinity
    void publishTrace();   // the standing TraceRequest's trace
    // False (and the run paused, rolled back, the reason said) if the step's loss diverged.
    bool checkDiverged(const StepStats &stats, const DivergenceGuard &guard, const QString &model);
    // Pixels per side for the next maps, given what the last ones took (0 = not measured yet).
    int mapResolutionFor(double msAtCurrent) const;

    ArenaConfig m_config;
    datasets::TrainTestSplit m_data;
    datasets::Standardizer m_scaler;
    PlaneGrid m_grid;
    std::unique_ptr<Trainer> m_dense, m_moe;
    ArenaSnapshot m_state; // curves and points accumulate here; maps and stats are refreshed
    // MoE block 1 over the last 100 training steps: what the load view and lesson checks read.
    RoutingWindow m_window {100};
    QTimer m_timer;
    QElapsedTimer m_sinceSnapshot, m_sinceMaps, m_rateClock;
    qint64 m_stepsAtRateClock = 0; // for the measured speed the status bar shows
    Pace m_pace;                   // at a chosen speed: when the next step is due
    qint64 m_stopAt = 0;           // where the run pauses by itself (0: no step budget)
    qint64 m_publishedStep = -1;   // the step of the last snapshot
    int m_lossStride = 1;
    qint64 m_mapsIntervalMs = 200; // grows when maps are slow, so that training keeps going
    int m_threads = 1;
    bool m_playing = false;
    bool m_diverged = false;
    // Both models' parameters at the last evaluation whose losses were healthy (finite and not
    // exploded, core/train/divergence.h): where a diverged run goes back to.
    struct Checkpoint
    {
        std::vector<Matrix> moe, dense;
        qint64 step = -1;
    } m_good;
    DivergenceGuard m_moeGuard, m_denseGuard; // set by the first evaluation of a run
    QMutex m_submittedMutex;                  // guards m_submitted (written by the UI thread)
    std::optional<ArenaConfig> m_submitted;   // settings handed in and not applied yet
    std::atomic<bool> m_cancelLoad {false};   // set by the UI thread's Cancel, read while loading
    TraceRequest m_trace;                     // the input the UI follows, if active
};

} // namespace moe::ui
