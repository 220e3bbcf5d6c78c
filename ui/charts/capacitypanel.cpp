#include "ui/charts/capacitypanel.h"

#include "ui/charts/capacitychart.h"
#include "ui/charts/routersharechart.h"
#include "ui/charts/runschart.h"
#include "ui/charts/steptimechart.h"
#include "ui/charts/sweepbar.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <iterator>

namespace moe::ui {

namespace {
constexpr int kRefreshMs = 400; // the run charts redraw at most this often

// The Time view's runs. A bar needs a line of text and the panel has room for about a dozen, so
// once a sweep has run: its dense runs and its MoE runs at the live MoE's k (every MoE run when
// none is at that k), so that E is what changes from bar to bar. The user's own runs, measured
// as a whole only (the snapshots carry the total), show until then.
QVector<SweepRun> timeRuns(const QVector<SweepRun> &runs, int topK)
{
    const auto swept = [](const SweepRun &r) { return r.fromSweep; };
    if (std::none_of(runs.begin(), runs.end(), swept))
        return runs;
    const auto atK = [topK](const SweepRun &r) {
        return r.fromSweep && r.isMoe() && r.config.moe.effectiveTopK() == topK;
    };
    const bool anyAtK = std::any_of(runs.begin(), runs.end(), atK);
    QVector<SweepRun> shown;
    for (const SweepRun &r : runs)
        if (r.fromSweep && (!r.isMoe() || !anyAtK || atK(r)))
            shown.append(r);
    return shown;
}
} // namespace

CapacityPanel::CapacityPanel(QWidget *parent)
    : QWidget(parent)
    , m_parameters(new CapacityChart)
    , m_accuracy(new RunsChart)
    , m_time(new StepTimeChart)
    , m_routerShare(new RouterShareChart)
    , m_stack(new QStackedWidget)
    , m_views(new QButtonGroup(this))
    , m_sweep(new SweepBar(
          {100, 500, 2000,
           tr("Steps per run: how long each model of the sweep trains, in batches.")},
          tr("Trains MoE models with 1 to 64 experts (top-1 and top-2) and dense models of five "
             "widths on this data with these settings, one after another in the background, and "
             "plots each as it finishes. Live training pauses meanwhile so that the times are "
             "fair.")))
    , m_clear(new QPushButton(tr("Clear runs")))
    , m_refresh(new QTimer(this))
{
    m_refresh->setSingleShot(true);
    m_refresh->setInterval(kRefreshMs);
    connect(m_refresh, &QTimer::timeout, this, &CapacityPanel::refreshIfShown);
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 2);
    const struct
    {
        QString text, tip;
        QWidget *page;
    } views[] = {
        {tr("Parameters"), tr("Total parameters against compute for families of models."),
         m_parameters},
        {tr("Accuracy"), tr("Test accuracy of trained runs against their compute."), m_accuracy},
        {tr("Time"),
         tr("Measured training time per step of the same runs, by part: routing, experts, the "
            "rest of the model, the optimiser."),
         m_time},
        {tr("Router"),
         tr("The router's share of the MoE block's FLOPs against the number of experts, at your "
            "settings and in a real model: where the router costs as much as the experts."),
         m_routerShare},
    };
    for (int i = 0; i < int(std::size(views)); ++i) {
        auto *button = new QToolButton;
        button->setText(views[i].text);
        button->setToolTip(views[i].tip);
        button->setCheckable(true);
        button->setAutoRaise(false);
        m_views->addButton(button, i);
        m_stack->addWidget(views[i].page);
        bar->addWidget(button);
    }
    m_views->button(0)->setChecked(true);
    connect(m_views, &QButtonGroup::idClicked, this, [this](int id) { setView(View(id)); });
    bar->addStretch(1);
    connect(m_sweep, &SweepBar::sweepRequested, this, &CapacityPanel::sweepRequested);
    connect(m_sweep, &SweepBar::cancelRequested, this, &CapacityPanel::cancelRequested);
    bar->addWidget(m_sweep);
    m_clear->setToolTip(tr("Forget the runs shown on the Accuracy and Time charts."));
    connect(m_clear, &QPushButton::clicked, this, [this] {
        m_runs.clear();
        refreshRuns();
    });
    bar->addWidget(m_clear);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_stack, 1);
}

void CapacityPanel::setView(View view)
{
    m_views->button(int(view))->setChecked(true);
    m_stack->setCurrentIndex(int(view));
    refreshIfShown();
}

CapacityPanel::View CapacityPanel::view() const
{
    return View(m_stack->currentIndex());
}

int CapacityPanel::stepsPerRun() const
{
    return m_sweep->stepsPerRun();
}

void CapacityPanel::setSweepRunning(bool running)
{
    m_sweep->setRunning(running);
    m_clear->setEnabled(!running);
}

void CapacityPanel::setSweepProgress(int done, int total)
{
    m_sweep->setProgress(done, total);
    emit sweepProgressed(done, total);
}

void CapacityPanel::showSnapshot(const ArenaSnapshot &s)
{
    m_parameters->showSnapshot(s);
    if (s.moe.config.blocks > 0)
        m_routerShare->setModel(s.moe.config.moe, s.moe.config.width);
    if (s.datasetKey != m_dataset) {
        // Other data: the runs on them compare with each other only. Each data's runs are kept
        // under its key and come back with those data (a lesson's set-up on the same data keeps
        // them: the key is the same).
        m_runsByData[m_dataset] = m_runs;
        m_dataset = s.datasetKey;
        m_runs = m_runsByData.take(m_dataset);
        m_lastRecordedStep = -1;
        m_runsDirty = true;
    }
    const int topK = s.moe.config.blocks > 0 ? s.moe.config.moe.effectiveTopK() : 0;
    if (topK != m_liveTopK) {
        m_liveTopK = topK;
        m_runsDirty = true;
    }
    if (s.step < m_lastRecordedStep)
        m_lastRecordedStep = -1; // new models
    const qint64 evaluated = s.moe.testLoss.isEmpty() && s.moe.trainLoss.isEmpty()
        ? 0
        : qint64((s.moe.testLoss.isEmpty() ? s.moe.trainLoss : s.moe.testLoss).back().x());
    if (evaluated > 0 && evaluated != m_lastRecordedStep) {
        m_lastRecordedStep = evaluated;
        recordLiveRun(s.dense, s);
        recordLiveRun(s.moe, s);
    }
    if (m_runsDirty && !m_refresh->isActive())
        m_refresh->start();
}

void CapacityPanel::refreshIfShown()
{
    // Hidden charts wait: setView and showEvent draw what they missed.
    if (m_runsDirty && isVisible() && (view() == View::Accuracy || view() == View::Time))
        refreshRuns();
}

void CapacityPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refreshIfShown();
}

void CapacityPanel::recordLiveRun(const ModelSnapshot &model, const ArenaSnapshot &s)
{
    if (model.config.blocks == 0)
        return;
    const bool hasTest = !model.testLoss.isEmpty();
    const QVector<QPointF> &loss = hasTest ? model.testLoss : model.trainLoss;
    const QVector<QPointF> &accuracy = hasTest ? model.testAccuracy : model.trainAccuracy;
    SweepRun run;
    run.config = model.config;
    run.label = runLabel(model.config);
    run.dataset = s.datasetKey;
    run.fromSweep = false;
    run.steps = qint64(loss.back().x());
    run.totalParams = model.cost.totalParams;
    run.flops = model.cost.forwardFlopsPerSample;
    run.loss = loss.back().y();
    run.accuracy = accuracy.isEmpty() ? NAN : accuracy.back().y();
    run.stepMs.total = model.msPerStep; // the snapshot has the total only
    upsert(run);
}

void CapacityPanel::addRun(const SweepRun &run)
{
    if (run.dataset != m_dataset)
        return; // the data changed while it trained
    upsert(run);
    refreshIfShown(); // a finished sweep run shows at once
}

void CapacityPanel::upsert(const SweepRun &run)
{
    m_runsDirty = true;
    for (SweepRun &r : m_runs)
        if (r.fromSweep == run.fromSweep && r.label == run.label) {
            r = run; // the newest result of a configuration wins
            return;
        }
    m_runs.append(run);
}

void CapacityPanel::refreshRuns()
{
    m_runsDirty = false;
    m_accuracy->setRuns(m_runs);
    m_time->setRuns(timeRuns(m_runs, m_liveTopK));
}

} // namespace moe::ui
