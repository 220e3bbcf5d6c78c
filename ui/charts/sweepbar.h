#pragma once

// The sweep's controls in a capacity-versus-compute tab (both arenas): the steps per run, Run
// sweep (Cancel sweep while one runs) and, in the steps box's place while it runs, the progress
// in runs.

#include <QWidget>

class QProgressBar;
class QPushButton;
class QSpinBox;

namespace moe::ui {

class SweepBar : public QWidget
{
    Q_OBJECT

public:
    struct Steps
    {
        int min, step, value; // the steps-per-run box: range start (to 50,000), step, default
        QString tip;
    };
    SweepBar(const Steps &steps, const QString &sweepTip, QWidget *parent = nullptr);

    int stepsPerRun() const;
    void setStepsPerRun(int steps);
    bool running() const { return m_running; }
    void setRunning(bool running);
    void setProgress(int done, int total);

signals:
    void sweepRequested(int stepsPerRun);
    void cancelRequested();

private:
    QPushButton *m_sweep;
    QSpinBox *m_steps;
    QProgressBar *m_progress;
    bool m_running = false;
};

} // namespace moe::ui
