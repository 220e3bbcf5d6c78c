#pragma once

// The teacher's controls: at the top the transport buttons with the pace beside them (speed, step
// budget, and Train on when the run paused at its budget); then dataset, MoE, dense baseline and
// training. Every change produces a complete ArenaConfig (configChanged); the worker decides
// whether it applies live or needs new models. Every control has a one-sentence tooltip.

#include "ui/worker/arenaconfig.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace moe::ui {

// The speeds offered, slow to fast (steps per second; 0: as fast as possible), and their names.
inline constexpr int kSpeedChoices[] = {5, 10, 20, 30, 50, 100, 200, 500, 1000, 0};
QString speedText(int stepsPerSecond);
// Adds a speed to a list of them, in its place from slow to "as fast as possible".
void addSpeed(QComboBox *box, int stepsPerSecond);

class ControlPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ControlPanel(QWidget *parent = nullptr);

    // The controls' settings over the last config applied whole (the settings without a control
    // keep the values it had).
    ArenaConfig config() const;
    // Sets every control from `config` and emits configChanged. The controls' ranges are the
    // settings tables' (what files and the command line accept), so nothing is clamped.
    void apply(const ArenaConfig &config);
    // The controls show `config` (the run that is going on, after a setting was refused) without
    // announcing it as a change.
    void showRunning(const ArenaConfig &config);
    void setPlaying(bool playing);
    // The run paused by itself at step `stopAt`, its budget (a note and Train on show), or not.
    void setAtBudget(bool atBudget, qint64 stopAt);
    // The cost figures of both models, shown under the dense baseline choice.
    void setCosts(const ModelCost &moe, const ModelCost &dense);

    // k can never exceed E: the largest top-k allowed for `experts`, and k clamped to it.
    static int clampTopK(int topK, int experts)
    {
        return std::clamp(topK, 1, std::max(1, experts));
    }

signals:
    void configChanged(const moe::ui::ArenaConfig &config);
    void playToggled();
    void trainOnRequested(); // one step budget more (what Play does at the budget)
    void stepRequested();
    void resetRequested();

private:
    QWidget *datasetGroup();
    QWidget *moeGroup();
    QWidget *denseGroup();
    QWidget *trainingGroup();
    QWidget *transport();
    QWidget *pace(); // speed and step budget, under the transport buttons
    void expertsChanged(int experts);
    // Top-k as the router uses it: 1 for Switch, unused by expert choice (both disabled, with a
    // note), else the user's k clamped to E.
    void showTopK();
    void showCapacity(); // the capacity factor's label: its value, or "none"
    // The dataset's own controls (the grid's cells and classes) on for it, off for the others.
    void enableShapeControls();
    // The samples box at the chosen generated set's default count for its shape.
    void showDefaultSamples();
    void emitConfig();
    // The dataset list's item for a CSV file (added before "Open CSV..." the first time).
    int csvItem(const QString &path);
    void setNoise(double noise); // without announcing it

    QComboBox *m_dataset, *m_router, *m_dropPolicy, *m_baseline, *m_optimizer, *m_activation,
        *m_speed;
    QDoubleSpinBox *m_testFraction, *m_balance, *m_zLoss, *m_learningRate;
    QSpinBox *m_samples, *m_seed, *m_gridCells, *m_gridClasses, *m_topK, *m_shared, *m_expertHidden,
        *m_customHidden, *m_batch, *m_budget;
    QSlider *m_experts, *m_capacity, *m_noise;
    double m_noiseExact = 0.0; // the noise as set (the slider rounds it to its step)
    QLabel *m_noiseValue, *m_expertsValue, *m_capacityValue, *m_topKNote, *m_costs, *m_budgetNote;
    QWidget *m_budgetBanner;
    QCheckBox *m_noLimit;
    QPushButton *m_play, *m_trainOn;
    QString m_csvPath;
    ArenaConfig m_applied; // the last config applied whole: the base of config()
    int m_previousDataset = 0;
    int m_wantedTopK = 1;   // the k the user (or a file) chose, before clamping to E
    bool m_building = true; // no signals while the widgets are being set up
};

} // namespace moe::ui
