// The MoE, dense-baseline and training groups of the control panel, and the config they make.

#include "ui/controls/controlpanel.h"
#include "ui/style/numberformat.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <cmath>

namespace moe::ui {

namespace {
constexpr double kCapacityStep = 0.25;

QWidget *sliderRow(QSlider *slider, QLabel *value)
{
    auto *row = new QWidget;
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(slider, 1);
    value->setMinimumWidth(QFontMetrics(value->font()).horizontalAdvance(QStringLiteral("none ")));
    layout->addWidget(value);
    return row;
}
} // namespace

QWidget *ControlPanel::moeGroup()
{
    auto *group = new QGroupBox(tr("Mixture of Experts"));
    auto *form = new QFormLayout(group);
    m_experts = new QSlider(Qt::Horizontal);
    m_experts->setRange(1, 64);
    m_experts->setValue(8);
    m_experts->setToolTip(
        tr("How many experts the MoE holds: more experts, more parameters, same compute."));
    m_expertsValue = new QLabel(QStringLiteral("8"));
    m_topK = new QSpinBox;
    m_topK->setRange(1, 8);
    m_topK->setValue(2);
    m_topK->setToolTip(
        tr("How many experts each sample uses: this, not the expert count, sets the compute."));
    m_topKNote = new QLabel;
    m_topKNote->setWordWrap(true);
    m_router = new QComboBox;
    for (RouterKind kind : {RouterKind::TopK, RouterKind::Switch, RouterKind::NoisyTopK,
                            RouterKind::ExpertChoice, RouterKind::AuxFree})
        m_router->addItem(
            QString::fromLatin1(routerName(kind).data(), qsizetype(routerName(kind).size())),
            int(kind));
    m_router->setToolTip(
        tr("How tokens are matched to experts (see docs/moe.md): softmax top-k, Switch top-1, "
           "noisy top-k, expert choice, or DeepSeek's loss-free bias balancing."));
    m_capacity = new QSlider(Qt::Horizontal);
    m_capacity->setRange(1, 16); // x 0.25
    m_capacity->setValue(5);
    m_capacity->setToolTip(tr(
        "Slots per expert relative to an even split: below 1 experts overflow and drop tokens."));
    m_capacityValue = new QLabel(QStringLiteral("1.25"));
    m_noLimit = new QCheckBox(tr("no limit"));
    m_noLimit->setToolTip(tr("Dropless: every expert takes every token sent to it."));
    m_dropPolicy = new QComboBox;
    for (DropPolicy p : {DropPolicy::Position, DropPolicy::Score, DropPolicy::Random})
        m_dropPolicy->addItem(
            QString::fromLatin1(dropPolicyName(p).data(), qsizetype(dropPolicyName(p).size())),
            int(p));
    m_dropPolicy->setToolTip(
        tr("Which tokens a full expert keeps: earliest, most confident, or random."));
    m_balance = new QDoubleSpinBox;
    m_balance->setRange(0, 1);
    m_balance->setDecimals(3);
    m_balance->setSingleStep(0.005);
    m_balance->setValue(0.01);
    m_balance->setToolTip(tr("Weight alpha of the load-balancing loss alpha * E * sum f_e P_e; 0 "
                             "lets routing collapse."));
    m_zLoss = new QDoubleSpinBox;
    m_zLoss->setRange(0, 0.1);
    m_zLoss->setDecimals(4);
    m_zLoss->setSingleStep(0.0005);
    m_zLoss->setToolTip(
        tr("Weight of the router z-loss, which keeps router logits small (1e-3 is typical)."));
    m_shared = new QSpinBox;
    m_shared->setRange(0, 4);
    m_shared->setToolTip(tr("Experts every token always uses, added to the routed ones."));
    m_expertHidden = new QSpinBox;
    m_expertHidden->setRange(1, 512);
    m_expertHidden->setValue(32);
    m_expertHidden->setToolTip(tr("Hidden width h of each expert's feed-forward network."));
    form->addRow(tr("Experts E"), sliderRow(m_experts, m_expertsValue));
    form->addRow(tr("Top-k"), m_topK);
    form->addRow(QString(), m_topKNote);
    form->addRow(tr("Router"), m_router);
    auto *capacity = sliderRow(m_capacity, m_capacityValue);
    capacity->layout()->addWidget(m_noLimit);
    form->addRow(tr("Capacity factor"), capacity);
    form->addRow(tr("Drop policy"), m_dropPolicy);
    form->addRow(tr("Balance loss"), m_balance);
    form->addRow(tr("Z-loss"), m_zLoss);
    form->addRow(tr("Shared experts"), m_shared);
    form->addRow(tr("Expert hidden"), m_expertHidden);
    connect(m_experts, &QSlider::valueChanged, this, &ControlPanel::expertsChanged);
    connect(m_capacity, &QSlider::valueChanged, this, [this](int v) {
        m_capacityValue->setText(QString::number(v * kCapacityStep, 'f', 2));
        emitConfig();
    });
    connect(m_noLimit, &QCheckBox::toggled, this, [this](bool on) {
        m_capacity->setEnabled(!on);
        m_capacityValue->setText(on ? tr("none")
                                    : QString::number(m_capacity->value() * kCapacityStep, 'f', 2));
        emitConfig();
    });
    for (QComboBox *box : {m_router, m_dropPolicy})
        connect(box, &QComboBox::currentIndexChanged, this, &ControlPanel::emitConfig);
    for (QDoubleSpinBox *box : {m_balance, m_zLoss})
        connect(box, &QDoubleSpinBox::valueChanged, this, &ControlPanel::emitConfig);
    for (QSpinBox *box : {m_topK, m_shared, m_expertHidden})
        connect(box, &QSpinBox::valueChanged, this, &ControlPanel::emitConfig);
    return group;
}

void ControlPanel::expertsChanged(int experts)
{
    m_expertsValue->setText(QString::number(experts));
    const int before = m_topK->value();
    {
        QSignalBlocker block(m_topK);
        m_topK->setMaximum(experts);
        m_topK->setValue(clampTopK(before, experts));
    }
    m_topKNote->setText(
        before > experts
            ? tr("Top-k lowered to %1: a sample cannot use more experts than exist.").arg(experts)
            : QString());
    emitConfig();
}

QWidget *ControlPanel::denseGroup()
{
    auto *group = new QGroupBox(tr("Dense baseline"));
    auto *form = new QFormLayout(group);
    m_baseline = new QComboBox;
    m_baseline->addItem(tr("match active compute"), int(DenseBaseline::MatchCompute));
    m_baseline->addItem(tr("match total parameters"), int(DenseBaseline::MatchParameters));
    m_baseline->addItem(tr("custom width"), int(DenseBaseline::Custom));
    m_baseline->setToolTip(tr("What the dense network is matched to: the MoE's FLOPs per sample, "
                              "or its parameter count."));
    m_customHidden = new QSpinBox;
    m_customHidden->setRange(1, 4096);
    m_customHidden->setValue(64);
    m_customHidden->setEnabled(false);
    m_customHidden->setToolTip(tr("Hidden width of the dense FFN when 'custom width' is chosen."));
    m_costs = new QLabel;
    m_costs->setTextFormat(Qt::RichText);
    form->addRow(tr("Baseline"), m_baseline);
    form->addRow(tr("Custom width"), m_customHidden);
    form->addRow(m_costs);
    connect(m_baseline, &QComboBox::currentIndexChanged, this, [this] {
        m_customHidden->setEnabled(DenseBaseline(m_baseline->currentData().toInt())
                                   == DenseBaseline::Custom);
        emitConfig();
    });
    connect(m_customHidden, &QSpinBox::valueChanged, this, &ControlPanel::emitConfig);
    return group;
}

QWidget *ControlPanel::trainingGroup()
{
    auto *group = new QGroupBox(tr("Training"));
    auto *form = new QFormLayout(group);
    m_learningRate = new QDoubleSpinBox;
    m_learningRate->setRange(0.0001, 10);
    m_learningRate->setDecimals(4);
    m_learningRate->setSingleStep(0.001);
    m_learningRate->setValue(0.005);
    m_learningRate->setToolTip(tr("Step size of the optimiser; applies at once, without a reset."));
    m_optimizer = new QComboBox;
    m_optimizer->addItems(
        {QStringLiteral("adam"), QStringLiteral("momentum"), QStringLiteral("sgd")});
    m_optimizer->setToolTip(
        tr("The update rule: Adam adapts per weight, SGD follows the gradient."));
    m_batch = new QSpinBox;
    m_batch->setRange(1, 4096);
    m_batch->setValue(64);
    m_batch->setToolTip(tr("Samples per step; also the group the router balances over."));
    m_activation = new QComboBox;
    m_activation->addItems({QStringLiteral("relu"), QStringLiteral("gelu"), QStringLiteral("tanh"),
                            QStringLiteral("silu")});
    m_activation->setToolTip(tr("The nonlinearity inside every feed-forward network."));
    m_speed = new QComboBox;
    m_speed->addItem(tr("as fast as possible"), 0);
    for (int rate : {10, 30, 100, 300, 1000})
        m_speed->addItem(tr("%1 steps/s").arg(rate), rate);
    m_speed->setToolTip(tr("Slow training down to watch it step by step."));
    form->addRow(tr("Learning rate"), m_learningRate);
    form->addRow(tr("Optimiser"), m_optimizer);
    form->addRow(tr("Batch"), m_batch);
    form->addRow(tr("Activation"), m_activation);
    form->addRow(tr("Speed"), m_speed);
    connect(m_learningRate, &QDoubleSpinBox::valueChanged, this, &ControlPanel::emitConfig);
    connect(m_batch, &QSpinBox::valueChanged, this, &ControlPanel::emitConfig);
    for (QComboBox *box : {m_optimizer, m_activation, m_speed})
        connect(box, &QComboBox::currentIndexChanged, this, &ControlPanel::emitConfig);
    return group;
}

ArenaConfig ControlPanel::config() const
{
    ArenaConfig c;
    const QString name = m_dataset->currentData().toString();
    c.dataset.name = (name.isEmpty() ? m_csvPath : name).toStdString();
    const auto *info = datasets::findBuiltinDataset(c.dataset.name);
    if (info && info->file.empty()) {
        c.dataset.noise = m_noise->value();
        c.dataset.samples = m_samples->value();
    }
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
        m.capacityFactor = m_capacity->value() * kCapacityStep;
    m.dropPolicy = DropPolicy(m_dropPolicy->currentData().toInt());
    m.balanceLoss = m_balance->value();
    m.zLoss = m_zLoss->value();
    m.sharedExperts = m_shared->value();
    m.expertHidden = m_expertHidden->value();
    c.baseline = DenseBaseline(m_baseline->currentData().toInt());
    c.customHidden = m_customHidden->value();
    c.training.optimizer.learningRate = float(m_learningRate->value());
    c.training.optimizer.kind = *parseOptimizer(m_optimizer->currentText().toStdString());
    c.training.batchSize = m_batch->value();
    c.model.activation = *parseActivation(m_activation->currentText().toStdString());
    c.stepsPerSecond = m_speed->currentData().toInt();
    return c;
}

void ControlPanel::apply(const ArenaConfig &c)
{
    m_building = true;
    const QString name = QString::fromStdString(c.dataset.name);
    const int index = m_dataset->findData(name);
    if (index >= 0) {
        m_dataset->setCurrentIndex(index);
    } else {
        m_csvPath = name;
        m_dataset->setCurrentIndex(m_dataset->count() - 1);
    }
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
        m_capacity->setValue(int(std::lround(*m.capacityFactor / kCapacityStep)));
    m_dropPolicy->setCurrentIndex(m_dropPolicy->findData(int(m.dropPolicy)));
    m_balance->setValue(m.balanceLoss);
    m_zLoss->setValue(m.zLoss);
    m_shared->setValue(m.sharedExperts);
    m_expertHidden->setValue(m.expertHidden);
    m_baseline->setCurrentIndex(m_baseline->findData(int(c.baseline)));
    m_customHidden->setValue(c.customHidden);
    m_learningRate->setValue(double(c.training.optimizer.learningRate));
    m_optimizer->setCurrentText(
        QString::fromLatin1(optimizerName(c.training.optimizer.kind).data()));
    m_batch->setValue(int(c.training.batchSize));
    m_activation->setCurrentText(QString::fromLatin1(activationName(c.model.activation).data()));
    m_speed->setCurrentIndex(std::max(0, m_speed->findData(c.stepsPerSecond)));
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

void ControlPanel::setCosts(const ModelCost &moe, const ModelCost &dense)
{
    m_costs->setText(
        tr("<table><tr><td></td><td align=right><b>MoE</b></td><td "
           "align=right><b>dense</b></td></tr>"
           "<tr><td>parameters</td><td align=right>%1</td><td align=right>%2</td></tr>"
           "<tr><td>active / sample</td><td align=right>%3</td><td align=right>%4</td></tr>"
           "<tr><td>FLOPs / sample</td><td align=right>%5</td><td align=right>%6</td></tr></table>")
            .arg(grouped(double(moe.totalParams)), grouped(double(dense.totalParams)),
                 grouped(double(moe.activeParamsPerSample)),
                 grouped(double(dense.activeParamsPerSample)), grouped(moe.forwardFlopsPerSample),
                 grouped(dense.forwardFlopsPerSample)));
}

} // namespace moe::ui
