#include "ui/controls/textcontrolpanel.h"

#include "ui/controls/controlpanel.h"
#include "ui/controls/settingwidgets.h"
#include "ui/style/numberformat.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

namespace moe::ui {

namespace {
QWidget *sliderRow(QSlider *slider, QLabel *value, QWidget *extra = nullptr)
{
    auto *row = new QWidget;
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(slider, 1);
    value->setMinimumWidth(QFontMetrics(value->font()).horizontalAdvance(QStringLiteral("none ")));
    layout->addWidget(value);
    if (extra)
        layout->addWidget(extra);
    return row;
}

QDoubleSpinBox *realSpin(double min, double max, int decimals, double step, const QString &help)
{
    auto *box = tip(new QDoubleSpinBox, help);
    box->setRange(min, max);
    box->setDecimals(decimals);
    box->setSingleStep(step);
    return box;
}
} // namespace

TextControlPanel::TextControlPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("textControls"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(transport());
    layout->addWidget(textGroup());
    layout->addWidget(modelGroup());
    layout->addWidget(moeGroup());
    layout->addWidget(trainingGroup());
    layout->addStretch(1);
    set(textClassroomDemo());
    m_applied = textClassroomDemo();
    m_building = false;
}

QWidget *TextControlPanel::transport()
{
    auto *box = new QWidget;
    auto *column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    auto *row = new QHBoxLayout;
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
    column->addLayout(row);
    connect(m_play, &QPushButton::clicked, this, &TextControlPanel::playToggled);
    connect(step, &QPushButton::clicked, this, &TextControlPanel::stepRequested);
    connect(reset, &QPushButton::clicked, this, &TextControlPanel::resetRequested);
    auto *form = new QFormLayout;
    m_speed = tip(new QComboBox,
                  tr("Training speed in steps per second (each step trains both "
                     "models on one batch), or as fast as the machine goes."));
    for (int rate : kSpeedChoices)
        addSpeed(m_speed, rate);
    m_budget = intBox(settings::kStepBudget);
    m_budget->setSpecialValueText(tr("no limit"));
    m_budget->setSuffix(tr(" steps"));
    m_budget->setToolTip(tr("Training pauses by itself after this many steps; the learning rate "
                            "falls along a cosine over them (Play trains as many again)."));
    form->addRow(tr("Speed"), m_speed);
    form->addRow(tr("Step budget"), m_budget);
    column->addLayout(form);
    connect(m_speed, &QComboBox::currentIndexChanged, this, &TextControlPanel::emitConfig);
    connect(m_budget, &QSpinBox::valueChanged, this, &TextControlPanel::emitConfig);
    return box;
}

QWidget *TextControlPanel::textGroup()
{
    auto *group = new QGroupBox(tr("Text"));
    auto *form = new QFormLayout(group);
    m_corpus = tip(new QComboBox,
                   tr("The text both models learn to continue: Shakespeare, "
                      "Python source, generated arithmetic, all three mixed, or "
                      "a UTF-8 text file of your own."));
    for (std::string_view name : datasets::kBuiltinCorpora)
        m_corpus->addItem(QString::fromLatin1(name.data(), qsizetype(name.size())),
                          QString::fromLatin1(name.data(), qsizetype(name.size())));
    m_corpus->addItem(tr("Open text file..."), QString());
    m_tokenizer = tip(new QComboBox,
                      tr("How text becomes tokens: one per character, or "
                         "SentencePiece sub-words learned from the text."));
    addChoices(m_tokenizer, datasets::kTokenizerChoices);
    m_vocab = intBox(settings::kVocab);
    m_seed = intBox(settings::kSeed);
    form->addRow(tr("Corpus"), m_corpus);
    form->addRow(tr("Tokenizer"), m_tokenizer);
    form->addRow(tr("Vocabulary"), m_vocab);
    form->addRow(tr("Seed"), m_seed);
    connect(m_corpus, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (m_building)
            return;
        if (m_corpus->currentData().toString().isEmpty()) {
            const QString path = QFileDialog::getOpenFileName(
                this, tr("Open a text file"), m_filePath, tr("Text files (*.txt);;All files (*)"));
            if (path.isEmpty()) {
                const QSignalBlocker block(m_corpus);
                m_corpus->setCurrentIndex(m_previousCorpus);
                return;
            }
            m_filePath = path;
            const QSignalBlocker block(m_corpus);
            m_corpus->insertItem(index, QFileInfo(path).fileName(), path);
            m_corpus->setItemData(index, path, Qt::ToolTipRole);
            m_corpus->setCurrentIndex(index);
        }
        m_previousCorpus = m_corpus->currentIndex();
        emitConfig();
    });
    for (QComboBox *box : {m_tokenizer})
        connect(box, &QComboBox::currentIndexChanged, this, &TextControlPanel::emitConfig);
    for (QSpinBox *box : {m_vocab, m_seed})
        connect(box, &QSpinBox::valueChanged, this, &TextControlPanel::emitConfig);
    return group;
}

QWidget *TextControlPanel::modelGroup()
{
    auto *group = new QGroupBox(tr("Transformer"));
    auto *form = new QFormLayout(group);
    m_context = intBox(settings::kContext);
    m_width = intBox(settings::kTextWidth);
    m_heads = intBox(settings::kHeads);
    m_blocks = intBox(settings::kTextBlocks);
    m_moeEvery = tip(new QComboBox, settingText(settings::kMoeEvery.help));
    m_moeEvery->addItem(tr("every block"), 1);
    m_moeEvery->addItem(tr("every other block"), 2);
    form->addRow(tr("Context"), m_context);
    form->addRow(tr("Width d"), m_width);
    form->addRow(tr("Heads"), m_heads);
    form->addRow(tr("Blocks"), m_blocks);
    form->addRow(tr("MoE layers"), m_moeEvery);
    for (QSpinBox *box : {m_context, m_width, m_heads, m_blocks})
        connect(box, &QSpinBox::valueChanged, this, &TextControlPanel::emitConfig);
    connect(m_moeEvery, &QComboBox::currentIndexChanged, this, &TextControlPanel::emitConfig);
    return group;
}

QWidget *TextControlPanel::moeGroup()
{
    using namespace settings;
    auto *group = new QGroupBox(tr("Mixture of Experts"));
    auto *form = new QFormLayout(group);
    m_experts = settingSlider(kExperts);
    m_expertsValue = new QLabel;
    m_topK = intBox(kTopK);
    m_router = tip(new QComboBox, tr("How each token picks its experts."));
    addChoices(m_router, kRouterChoices);
    m_capacity = settingSlider(kCapacityFactor);
    m_capacityValue = new QLabel;
    m_noLimit = tip(new QCheckBox(tr("no limit")), tr("No capacity limit: no token is dropped."));
    m_dropPolicy = tip(new QComboBox, settingText(kCapacityFactor.help));
    addChoices(m_dropPolicy, kDropPolicyChoices);
    m_balance = realBox(kBalanceLoss);
    m_zLoss = realBox(kZLoss);
    m_shared = intBox(kSharedExperts);
    m_matched = tip(new QCheckBox(tr("same FLOPs as dense")),
                    tr("The experts' hidden width is chosen so that the MoE costs the dense "
                       "model's FLOPs per token, router counted; untick to set it."));
    m_expertHidden = intBox(kExpertHidden);
    m_costs = new QLabel;
    form->addRow(tr("Experts E"), sliderRow(m_experts, m_expertsValue));
    form->addRow(tr("Top-k"), m_topK);
    form->addRow(tr("Router"), m_router);
    form->addRow(tr("Capacity"), sliderRow(m_capacity, m_capacityValue, m_noLimit));
    form->addRow(tr("Drop policy"), m_dropPolicy);
    form->addRow(tr("Balance loss"), m_balance);
    form->addRow(tr("Z-loss"), m_zLoss);
    form->addRow(tr("Shared experts"), m_shared);
    form->addRow(tr("Expert hidden"), m_expertHidden);
    form->addRow(QString(), m_matched);
    form->addRow(m_costs);
    connect(m_experts, &QSlider::valueChanged, this, &TextControlPanel::emitConfig);
    connect(m_capacity, &QSlider::valueChanged, this, &TextControlPanel::emitConfig);
    connect(m_noLimit, &QCheckBox::toggled, this, &TextControlPanel::emitConfig);
    connect(m_matched, &QCheckBox::toggled, this, &TextControlPanel::emitConfig);
    for (QComboBox *box : {m_router, m_dropPolicy})
        connect(box, &QComboBox::currentIndexChanged, this, &TextControlPanel::emitConfig);
    for (QSpinBox *box : {m_topK, m_shared, m_expertHidden})
        connect(box, &QSpinBox::valueChanged, this, &TextControlPanel::emitConfig);
    for (QDoubleSpinBox *box : {m_balance, m_zLoss})
        connect(box, &QDoubleSpinBox::valueChanged, this, &TextControlPanel::emitConfig);
    return group;
}

QWidget *TextControlPanel::trainingGroup()
{
    auto *group = new QGroupBox(tr("Training and sampling"));
    auto *form = new QFormLayout(group);
    m_batch = intBox(settings::kSequences);
    m_lr = realSpin(1e-5, 1.0, 4, 5e-4, tr("Peak learning rate of AdamW (applies at once)."));
    m_warmup = intBox(settings::kWarmup);
    m_evalEvery = intBox(settings::kTextEvalEvery);
    m_temperature = realSpin(settings::kTemperature.min, settings::kTemperature.max, 2, 0.1,
                             settingText(settings::kTemperature.help));
    form->addRow(tr("Batch"), m_batch);
    form->addRow(tr("Learning rate"), m_lr);
    form->addRow(tr("Warm-up"), m_warmup);
    form->addRow(tr("Evaluate every"), m_evalEvery);
    form->addRow(tr("Temperature"), m_temperature);
    for (QSpinBox *box : {m_batch, m_warmup, m_evalEvery})
        connect(box, &QSpinBox::valueChanged, this, &TextControlPanel::emitConfig);
    for (QDoubleSpinBox *box : {m_lr, m_temperature})
        connect(box, &QDoubleSpinBox::valueChanged, this, &TextControlPanel::emitConfig);
    return group;
}

void TextControlPanel::set(const TextExperiment &e)
{
    const bool building = m_building;
    m_building = true;
    const auto setCombo = [](QComboBox *box, const QVariant &value) {
        const int i = box->findData(value);
        if (i >= 0)
            box->setCurrentIndex(i);
    };
    const QString corpus = QString::fromStdString(e.corpus);
    if (m_corpus->findData(corpus) < 0) { // a file: listed before "Open text file..."
        m_corpus->insertItem(m_corpus->count() - 1, QFileInfo(corpus).fileName(), corpus);
        m_filePath = corpus;
    }
    setCombo(m_corpus, corpus);
    m_previousCorpus = m_corpus->currentIndex();
    setCombo(m_tokenizer, int(e.tokenizer));
    m_vocab->setValue(e.vocab);
    m_seed->setValue(int(e.seed));
    m_context->setValue(e.model.context);
    m_width->setValue(e.model.width);
    m_heads->setValue(e.model.heads);
    m_blocks->setValue(e.model.blocks);
    setCombo(m_moeEvery, std::max(1, e.model.moeEvery));
    const MoeConfig &m = e.model.moe;
    m_experts->setValue(m.experts);
    m_topK->setValue(m.topK);
    setCombo(m_router, int(m.router));
    m_noLimit->setChecked(!m.capacityFactor.has_value());
    m_capacity->setValue(
        sliderPosition(m.capacityFactor.value_or(settings::kCapacityFactor.defaultValue),
                       settings::kCapacityFactor));
    setCombo(m_dropPolicy, int(m.dropPolicy));
    m_balance->setValue(m.balanceLoss);
    m_zLoss->setValue(m.zLoss);
    m_shared->setValue(m.sharedExperts);
    m_matched->setChecked(e.matchCompute);
    m_expertHidden->setValue(e.moeModel(65).moe.expertHidden);
    m_speed->setCurrentIndex(
        m_speed->findData(e.stepsPerSecond) >= 0
            ? m_speed->findData(e.stepsPerSecond)
            : (addSpeed(m_speed, e.stepsPerSecond), m_speed->findData(e.stepsPerSecond)));
    m_budget->setValue(e.stepBudget);
    m_batch->setValue(e.training.sequences);
    m_lr->setValue(double(e.training.learningRate));
    m_warmup->setValue(e.training.warmup);
    m_evalEvery->setValue(e.evalEvery);
    m_temperature->setValue(double(e.temperature));
    m_building = building;
    enableDependent();
}

void TextControlPanel::enableDependent()
{
    const auto router = RouterKind(m_router->currentData().toInt());
    m_vocab->setEnabled(datasets::TokenizerKind(m_tokenizer->currentData().toInt())
                        != datasets::TokenizerKind::Char);
    m_topK->setMaximum(m_experts->value());
    m_topK->setEnabled(router != RouterKind::Switch && router != RouterKind::ExpertChoice);
    m_capacity->setEnabled(!m_noLimit->isChecked());
    m_expertHidden->setEnabled(!m_matched->isChecked());
    m_expertsValue->setText(QString::number(m_experts->value()));
    m_capacityValue->setText(
        m_noLimit->isChecked()
            ? tr("none")
            : QString::number(sliderValue(m_capacity, settings::kCapacityFactor), 'f', 2));
}

TextExperiment TextControlPanel::config() const
{
    TextExperiment e = m_applied;
    e.corpus = m_corpus->currentData().toString().toStdString();
    e.tokenizer = datasets::TokenizerKind(m_tokenizer->currentData().toInt());
    e.vocab = m_vocab->value();
    e.seed = std::uint64_t(m_seed->value());
    e.model.context = m_context->value();
    e.model.width = m_width->value();
    e.model.heads = m_heads->value();
    e.model.blocks = m_blocks->value();
    e.model.moeEvery = m_moeEvery->currentData().toInt();
    MoeConfig &m = e.model.moe;
    m.experts = m_experts->value();
    m.topK = ControlPanel::clampTopK(m_topK->value(), m.experts);
    m.router = RouterKind(m_router->currentData().toInt());
    if (m_noLimit->isChecked())
        m.capacityFactor.reset();
    else
        m.capacityFactor = sliderValue(m_capacity, settings::kCapacityFactor);
    m.dropPolicy = DropPolicy(m_dropPolicy->currentData().toInt());
    m.balanceLoss = m_balance->value();
    m.zLoss = m_zLoss->value();
    m.sharedExperts = m_shared->value();
    e.matchCompute = m_matched->isChecked();
    m.expertHidden = m_expertHidden->value();
    e.stepsPerSecond = m_speed->currentData().toInt();
    e.stepBudget = m_budget->value();
    e.training.steps = std::max(1, e.stepBudget);
    e.training.sequences = m_batch->value();
    e.training.learningRate = float(m_lr->value());
    e.training.minLearningRate = std::min(e.training.minLearningRate, e.training.learningRate);
    e.training.warmup = m_warmup->value();
    e.evalEvery = m_evalEvery->value();
    e.temperature = float(m_temperature->value());
    return e;
}

void TextControlPanel::apply(const TextExperiment &experiment)
{
    m_applied = experiment;
    set(experiment);
    emit configChanged(config());
}

void TextControlPanel::showRunning(const TextExperiment &experiment)
{
    m_applied = experiment;
    set(experiment);
}

void TextControlPanel::emitConfig()
{
    if (m_building)
        return;
    enableDependent();
    const TextExperiment e = config();
    if (e.matchCompute) { // the width the experts get, shown in the disabled box
        const bool building = m_building;
        m_building = true;
        m_expertHidden->setValue(e.moeModel(65).moe.expertHidden);
        m_building = building;
    }
    emit configChanged(e);
}

void TextControlPanel::setPlaying(bool playing)
{
    m_play->setText(playing ? tr("Pause") : tr("Play"));
}

void TextControlPanel::setCosts(const TextModelCost &moe, const TextModelCost &dense)
{
    // Short lines, no wrapping: a wrapped label in a form row overlaps the row below.
    m_costs->setText(tr("MoE: %1 parameters, %2 active\n%3 FLOPs per token\n"
                        "Dense: %4 parameters\n%5 FLOPs per token")
                         .arg(grouped(double(moe.totalParams)), grouped(double(moe.activeParams)),
                              grouped(moe.forwardFlopsPerToken), grouped(double(dense.totalParams)),
                              grouped(dense.forwardFlopsPerToken)));
}

} // namespace moe::ui
