#include "ui/text/textcapacitypanel.h"

#include "ui/charts/hovertip.h"
#include "ui/charts/sweepbar.h"
#include "ui/export/chartexport.h"
#include "ui/text/textcapacitycharts.h"

#include <QButtonGroup>
#include <QChartView>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScatterSeries>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <iterator>
#include <memory>

namespace moe::ui {

TextCapacityPanel::TextCapacityPanel(QWidget *parent)
    : QWidget(parent)
    , m_charts(new TextCapacityCharts(this))
    , m_stack(new QStackedWidget)
    , m_views(new QButtonGroup(this))
    , m_sweep(new SweepBar(
          {10, 100, 300,
           tr("Steps per run: how long each model of the sweep trains, in batches (the "
              "learning-rate schedule's length).")},
          tr("Trains MoE text models with 1 to 32 experts (top-1 and top-2) at your expert width "
             "and dense models of 1, 2, 4 and 8 times that width, on this text with these "
             "settings, one after another in the background, and plots each as it finishes. Live "
             "training pauses meanwhile so that the times are fair.")))
    , m_status(new QLabel)
{
    setObjectName(QStringLiteral("textCapacity"));
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 2);
    const struct
    {
        QString text, tip, general;
        QChart *chart;
    } views[] = {
        {tr("Parameters"), tr("Total parameters against FLOPs per token for the sweep's models."),
         tr("Each point is a model of the sweep, placed by its shape alone: what it holds "
            "against what a token costs. MoE adds parameters at nearly the same compute."),
         m_charts->parameters()},
        {tr("Loss"), tr("Validation bits per character of trained runs against their compute."),
         tr("Each point is a trained model: its validation loss against what a token costs. The "
            "dashed frontier is the lowest loss at or below each compute."),
         m_charts->loss()},
        {tr("Time"), tr("Measured time per training step of the same runs."),
         tr("Each point is a trained model: its measured time per training step against what a "
            "token costs. MoE saves FLOPs, not the routing and the optimiser's update."),
         m_charts->time()},
    };
    for (int i = 0; i < int(std::size(views)); ++i) {
        auto *button = new QToolButton;
        button->setText(views[i].text);
        button->setToolTip(views[i].tip);
        button->setCheckable(true);
        m_views->addButton(button, i);
        auto *view = new QChartView(views[i].chart);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(240, 180);
        m_tips.push_back(std::make_unique<HoverTip>(view, views[i].general));
        HoverTip *tip = m_tips.back().get();
        for (QScatterSeries *series : m_charts->markerSeries())
            if (series->chart() == views[i].chart)
                connect(series, &QScatterSeries::hovered, view,
                        [this, tip, series](const QPointF &p, bool state) {
                            tip->show(state ? m_charts->pointText(series, p) : QString());
                        });
        m_stack->addWidget(view);
        bar->addWidget(button);
    }
    m_views->button(0)->setChecked(true);
    connect(m_views, &QButtonGroup::idClicked, this, [this](int id) { setView(View(id)); });
    bar->addSpacing(8);
    m_status->setWordWrap(true);
    m_status->setMinimumWidth(120);
    bar->addWidget(m_status, 1);
    connect(m_sweep, &SweepBar::sweepRequested, this, &TextCapacityPanel::sweepRequested);
    connect(m_sweep, &SweepBar::cancelRequested, this, &TextCapacityPanel::cancelRequested);
    bar->addWidget(m_sweep);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_stack, 1);
    showStatus();
}

TextCapacityPanel::~TextCapacityPanel() = default;

void TextCapacityPanel::setView(View view)
{
    m_views->button(int(view))->setChecked(true);
    m_stack->setCurrentIndex(int(view));
}

TextCapacityPanel::View TextCapacityPanel::view() const
{
    return View(m_stack->currentIndex());
}

bool TextCapacityPanel::sweepRunning() const
{
    return m_sweep->running();
}

int TextCapacityPanel::stepsPerRun() const
{
    return m_sweep->stepsPerRun();
}

void TextCapacityPanel::setStepsPerRun(int steps)
{
    m_sweep->setStepsPerRun(steps);
}

void TextCapacityPanel::setSweepRunning(bool running)
{
    m_sweep->setRunning(running);
    showStatus();
}

void TextCapacityPanel::setSweepProgress(int done, int total)
{
    m_sweep->setProgress(done, total);
}

void TextCapacityPanel::setLivePlaying(bool playing)
{
    m_livePlaying = playing;
    showStatus();
}

QString TextCapacityPanel::statusText() const
{
    return m_status->text();
}

void TextCapacityPanel::showStatus()
{
    if (!m_sweep->running())
        m_status->setText(tr("Your two models are the stars; Run sweep trains the grid."));
    else if (m_livePlaying)
        m_status->setText(tr("Sweep running beside live training: both share the processor, "
                             "so the times per step are not the runs' alone."));
    else
        m_status->setText(tr("Sweep running: live training is paused until it ends, so that "
                             "each run's time per step is its own."));
}

void TextCapacityPanel::showSnapshot(const TextSnapshot &s)
{
    if (s.vocab <= 0)
        return; // no text yet
    const QString key = textDataKey(s.corpus, s.tokenizer, s.vocab);
    bool changed = false;
    if (key != m_data) { // other tokens: the runs on them do not compare with these
        m_data = key;
        m_runs.clear();
        m_lastRecordedStep = -1;
        changed = true;
    }
    if (s.run != m_lastRun) { // new models: their grid, and their points from the start
        m_lastRun = s.run;
        m_grid = textSweepGrid(s.moe.config, s.dense.config);
        m_lastRecordedStep = -1;
        changed = true;
    }
    const qint64 evaluated
        = s.moe.validationBits.isEmpty() ? -1 : qint64(s.moe.validationBits.back().x());
    if (evaluated >= 0 && evaluated != m_lastRecordedStep) {
        m_lastRecordedStep = evaluated;
        recordLiveRun(s.dense, s);
        recordLiveRun(s.moe, s);
        changed = true;
    }
    if (s.bigramBits != m_bigramBits) {
        m_bigramBits = s.bigramBits;
        changed = true;
    }
    if (changed)
        refresh();
}

void TextCapacityPanel::recordLiveRun(const TextModelSnapshot &model, const TextSnapshot &s)
{
    if (model.config.blocks == 0 || model.validationBits.isEmpty())
        return;
    TextSweepRun run;
    run.config = model.config;
    run.label = textRunLabel(model.config);
    run.data = m_data;
    run.fromSweep = false;
    run.steps = qint64(model.validationBits.back().x());
    run.totalParams = model.cost.totalParams;
    run.activeParams = model.cost.activeParams;
    run.flops = model.cost.forwardFlopsPerToken;
    run.bitsPerChar = model.validationBits.back().y();
    run.msPerStep = s.step > 0 ? model.msPerStep : 0.0;
    upsert(run);
}

void TextCapacityPanel::addRun(const TextSweepRun &run)
{
    if (m_data.isEmpty())
        m_data = run.data; // the sweep came before the arena's first snapshot
    if (run.data != m_data)
        return; // the text changed while it trained
    upsert(run);
    refresh();
}

void TextCapacityPanel::upsert(const TextSweepRun &run)
{
    for (TextSweepRun &r : m_runs)
        if (r.fromSweep == run.fromSweep && r.label == run.label) {
            r = run; // the newest result of a configuration wins
            return;
        }
    m_runs.append(run);
}

void TextCapacityPanel::refresh()
{
    QVector<TextSweepRun> live;
    for (const TextSweepRun &r : m_runs)
        if (!r.fromSweep)
            live.append(r);
    m_charts->showGrid(m_grid, live);
    m_charts->showRuns(m_runs, m_bigramBits);
}

QString TextCapacityPanel::runsCsv() const
{
    QString csv = QStringLiteral("label,source,experts,top_k,hidden,total_params,active_params,"
                                 "flops_per_token,steps,bits_per_char,ms_per_step\n");
    for (const TextSweepRun &r : m_runs) {
        const TextModelConfig &c = r.config;
        const int hidden = c.isMoe() ? c.moe.expertHidden : c.effectiveDenseHidden();
        const QStringList cells {csvCell(r.label),
                                 r.fromSweep ? QStringLiteral("sweep") : QStringLiteral("live"),
                                 QString::number(c.isMoe() ? c.moe.experts : 0),
                                 QString::number(r.topK()),
                                 QString::number(hidden),
                                 QString::number(r.totalParams),
                                 QString::number(r.activeParams),
                                 csvNumber(r.flops),
                                 QString::number(r.steps),
                                 std::isfinite(r.bitsPerChar) ? csvNumber(r.bitsPerChar)
                                                              : QString(),
                                 csvNumber(r.msPerStep)};
        csv += cells.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return csv;
}

} // namespace moe::ui
