#include "ui/charts/sweepbar.h"

#include <QHBoxLayout>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <algorithm>

namespace moe::ui {

SweepBar::SweepBar(const Steps &steps, const QString &sweepTip, QWidget *parent)
    : QWidget(parent)
    , m_sweep(new QPushButton(tr("Run sweep")))
    , m_steps(new QSpinBox)
    , m_progress(new QProgressBar)
{
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    m_steps->setRange(steps.min, 50000);
    m_steps->setSingleStep(steps.step);
    m_steps->setValue(steps.value);
    m_steps->setSuffix(tr(" steps"));
    m_steps->setToolTip(steps.tip);
    m_steps->setAccessibleName(tr("Steps per run"));
    row->addWidget(m_steps);
    m_progress->setVisible(false);
    m_progress->setFormat(tr("%v / %m runs"));
    m_progress->setMinimumWidth(m_steps->sizeHint().width());
    row->addWidget(m_progress);
    m_sweep->setToolTip(sweepTip);
    connect(m_sweep, &QPushButton::clicked, this, [this] {
        if (m_running)
            emit cancelRequested();
        else
            emit sweepRequested(m_steps->value());
    });
    row->addWidget(m_sweep);
}

int SweepBar::stepsPerRun() const
{
    return m_steps->value();
}

void SweepBar::setStepsPerRun(int steps)
{
    m_steps->setValue(steps);
}

void SweepBar::setRunning(bool running)
{
    m_running = running;
    m_sweep->setText(running ? tr("Cancel sweep") : tr("Run sweep"));
    m_steps->setVisible(!running); // the progress bar takes its place
    m_progress->setVisible(running);
    if (running) {
        m_progress->setRange(0, 1);
        m_progress->setValue(0);
    }
}

void SweepBar::setProgress(int done, int total)
{
    m_progress->setRange(0, std::max(1, total));
    m_progress->setValue(done);
}

} // namespace moe::ui
