#include "ui/controls/controlpanel.h"

#include "ui/controls/settingwidgets.h"
#include "ui/style/numberformat.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QFrame>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

namespace moe::ui {

ControlPanel::ControlPanel(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(transport());
    layout->addWidget(pace());
    layout->addWidget(datasetGroup());
    layout->addWidget(moeGroup());
    layout->addWidget(denseGroup());
    layout->addWidget(trainingGroup());
    layout->addStretch(1);
    m_building = false;
}

QWidget *ControlPanel::transport()
{
    auto *box = new QWidget;
    auto *row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    m_play = tip(new QPushButton(tr("Play")), tr("Start or pause training (Space)."));
    auto *step = tip(new QPushButton(tr("Step")), tr("Train one batch on both models (S)."));
    auto *reset = tip(new QPushButton(tr("Reset")), tr("Start again with fresh weights (R)."));
    QFont bold = m_play->font();
    bold.setBold(true);
    m_play->setFont(bold);
    for (QPushButton *b : {m_play, step, reset}) {
        b->setMinimumHeight(36);
        row->addWidget(b);
    }
    connect(m_play, &QPushButton::clicked, this, &ControlPanel::playToggled);
    connect(step, &QPushButton::clicked, this, &ControlPanel::stepRequested);
    connect(reset, &QPushButton::clicked, this, &ControlPanel::resetRequested);
    return box;
}

QWidget *ControlPanel::pace()
{
    auto *box = new QWidget;
    auto *column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    auto *form = new QFormLayout;
    m_speed = tip(new QComboBox,
                  tr("Training speed: slow enough to watch the models learn step by "
                     "step, or as fast as the machine goes."));
    m_speed->setObjectName(QStringLiteral("speed"));
    for (int rate : kSpeedChoices)
        addSpeed(m_speed, rate);
    m_speed->setCurrentIndex(m_speed->findData(settings::kStepsPerSecond.defaultInt()));
    m_budget = intBox(settings::kStepBudget);
    m_budget->setObjectName(QStringLiteral("stepBudget"));
    m_budget->setSpecialValueText(tr("no limit"));
    m_budget->setSuffix(tr(" steps"));
    form->addRow(tr("Speed"), m_speed);
    form->addRow(tr("Step budget"), m_budget);
    column->addLayout(form);
    // Shown only while the run is paused at its budget.
    m_budgetBanner = new QFrame;
    m_budgetBanner->setObjectName(QStringLiteral("budgetBanner"));
    m_budgetBanner->setStyleSheet(
        QStringLiteral("#budgetBanner { border: 2px solid #E69F00; border-radius: 4px; }"));
    auto *banner = new QVBoxLayout(m_budgetBanner);
    m_budgetNote = new QLabel;
    m_budgetNote->setWordWrap(true);
    m_budgetNote->setTextFormat(Qt::RichText);
    m_trainOn = tip(new QPushButton(tr("Train on")),
                    tr("Train one step budget more (Play does the same)."));
    m_trainOn->setObjectName(QStringLiteral("trainOn"));
    banner->addWidget(m_budgetNote);
    banner->addWidget(m_trainOn);
    m_budgetBanner->hide();
    column->addWidget(m_budgetBanner);
    connect(m_trainOn, &QPushButton::clicked, this, &ControlPanel::trainOnRequested);
    connect(m_speed, &QComboBox::currentIndexChanged, this, &ControlPanel::emitConfig);
    connect(m_budget, &QSpinBox::valueChanged, this, &ControlPanel::emitConfig);
    return box;
}

ArenaConfig ControlPanel::config() const
{
    // What no control shows (width, blocks, weight decay, evaluation interval, a CSV's label
    // column, ...) stays as it was applied, so that an experiment opened in the app trains as the
    // file says.
    ArenaConfig c = m_applied;
    const QString name = m_dataset->currentData().toString();
    c.dataset.name = (name.isEmpty() ? m_csvPath : name).toStdString();
    if (c.dataset.name != m_applied.dataset.name) { // another dataset: its own defaults
        const datasets::DatasetSpec fresh;
        c.dataset.arms = fresh.arms;
        c.dataset.clusters = fresh.clusters;
        c.dataset.cells = fresh.cells;
        c.dataset.labelColumn = fresh.labelColumn;
        c.dataset.csvTask = fresh.csvTask;
    }
    const auto *info = datasets::findBuiltinDataset(c.dataset.name);
    if (info && info->file.empty()) {
        c.dataset.noise = m_noise->value();
        c.dataset.samples = m_samples->value();
    } else { // real data: neither applies
        c.dataset.noise.reset();
        c.dataset.samples = 0;
    }
    c.dataset.gridCells = m_gridCells->value();
    c.dataset.gridClasses = m_gridClasses->value();
    c.dataset.seed = std::uint64_t(m_seed->value());
    c.testFraction = m_testFraction->value();
    c.training.seed = c.dataset.seed;
    MoeConfig &m = c.model.moe;
    m.experts = m_experts->value();
    m.topK = clampTopK(m_topK->value(), m.experts);
    m.router = RouterKind(m_router->currentData().toInt());
    if (m_noLimit->isChecked())
        m.capacityFactor.reset();
    else
        m.capacityFactor = sliderValue(m_capacity, settings::kCapacityFactor);
    m.dropPolicy = DropPolicy(m_dropPolicy->currentData().toInt());
    m.balanceLoss = m_balance->value();
    m.zLoss = m_zLoss->value();
    m.sharedExperts = m_shared->value();
    m.expertHidden = m_expertHidden->value();
    c.baseline = DenseBaseline(m_baseline->currentData().toInt());
    c.customHidden = m_customHidden->value();
    c.training.optimizer.learningRate = float(m_learningRate->value());
    c.training.optimizer.kind = OptimizerKind(m_optimizer->currentData().toInt());
    c.training.batchSize = m_batch->value();
    c.model.activation = Activation(m_activation->currentData().toInt());
    c.stepsPerSecond = m_speed->currentData().toInt();
    c.stepBudget = m_budget->value();
    return c;
}

void ControlPanel::apply(const ArenaConfig &c)
{
    m_building = true;
    m_applied = c;
    const QString name = QString::fromStdString(c.dataset.name);
    const int index = m_dataset->findData(name);
    if (index >= 0) {
        m_dataset->setCurrentIndex(index);
    } else {
        m_csvPath = name;
        m_dataset->setCurrentIndex(m_dataset->count() - 1);
    }
    m_gridCells->setValue(c.dataset.gridCells); // before the samples: it shows their default
    m_gridClasses->setValue(c.dataset.gridClasses);
    if (c.dataset.noise)
        m_noise->setValue(*c.dataset.noise);
    if (c.dataset.samples > 0)
        m_samples->setValue(int(c.dataset.samples));
    m_seed->setValue(int(c.dataset.seed));
    m_testFraction->setValue(c.testFraction);
    const MoeConfig &m = c.model.moe;
    m_experts->setValue(m.experts);
    m_topK->setMaximum(m.experts);
    m_topK->setValue(clampTopK(m.topK, m.experts));
    m_topKNote->clear(); // the note explains a drag of E; these settings come whole
    m_router->setCurrentIndex(m_router->findData(int(m.router)));
    m_noLimit->setChecked(!m.capacityFactor);
    if (m.capacityFactor)
        m_capacity->setValue(sliderPosition(*m.capacityFactor, settings::kCapacityFactor));
    m_dropPolicy->setCurrentIndex(m_dropPolicy->findData(int(m.dropPolicy)));
    m_balance->setValue(m.balanceLoss);
    m_zLoss->setValue(m.zLoss);
    m_shared->setValue(m.sharedExperts);
    m_expertHidden->setValue(m.expertHidden);
    m_baseline->setCurrentIndex(m_baseline->findData(int(c.baseline)));
    m_customHidden->setValue(c.customHidden);
    m_learningRate->setValue(double(c.training.optimizer.learningRate));
    m_optimizer->setCurrentIndex(m_optimizer->findData(int(c.training.optimizer.kind)));
    m_batch->setValue(int(c.training.batchSize));
    m_activation->setCurrentIndex(m_activation->findData(int(c.model.activation)));
    if (m_speed->findData(c.stepsPerSecond) < 0) // a file's own speed joins the list
        addSpeed(m_speed, c.stepsPerSecond);
    m_speed->setCurrentIndex(m_speed->findData(c.stepsPerSecond));
    m_budget->setValue(int(c.stepBudget));
    m_building = false;
    emitConfig();
}

void ControlPanel::showRunning(const ArenaConfig &config)
{
    const QSignalBlocker block(this);
    apply(config);
}

void ControlPanel::emitConfig()
{
    if (!m_building)
        emit configChanged(config());
}

void ControlPanel::setPlaying(bool playing)
{
    m_play->setText(playing ? tr("Pause") : tr("Play"));
}

void ControlPanel::setAtBudget(bool atBudget, qint64 stopAt)
{
    if (atBudget)
        m_budgetNote->setText(
            tr("<b>Paused at the step budget</b> (step %1). Train on, or Play, "
               "trains %2 steps more.")
                .arg(grouped(double(stopAt)), grouped(double(m_budget->value()))));
    if (m_budgetBanner->isVisibleTo(this) != atBudget) // laid out again only when it changes
        m_budgetBanner->setVisible(atBudget);
}

void ControlPanel::setCosts(const ModelCost &moe, const ModelCost &dense)
{
    m_costs->setText(
        // Each number column a gap of its own, so that two numbers never read as one.
        tr("<table cellspacing=0 cellpadding=1><tr><td></td>"
           "<th align=right style='padding-left:16px'>MoE</th>"
           "<th align=right style='padding-left:16px'>dense</th></tr>"
           "<tr><td>parameters</td><td align=right style='padding-left:16px'>%1</td>"
           "<td align=right style='padding-left:16px'>%2</td></tr>"
           "<tr><td>active / sample</td><td align=right style='padding-left:16px'>%3</td>"
           "<td align=right style='padding-left:16px'>%4</td></tr>"
           "<tr><td>FLOPs / sample</td><td align=right style='padding-left:16px'>%5</td>"
           "<td align=right style='padding-left:16px'>%6</td></tr></table>")
            .arg(grouped(double(moe.totalParams)), grouped(double(dense.totalParams)),
                 grouped(double(moe.activeParamsPerSample)),
                 grouped(double(dense.activeParamsPerSample)), grouped(moe.forwardFlopsPerSample),
                 grouped(dense.forwardFlopsPerSample)));
}

} // namespace moe::ui
