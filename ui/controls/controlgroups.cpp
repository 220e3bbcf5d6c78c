// The control panel's groups: data, MoE, dense baseline and training, each control made from its
// setting in the tables (ui/controls/settingwidgets.h).

#include "ui/controls/controlpanel.h"
#include "ui/controls/settingwidgets.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
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

QWidget *ControlPanel::datasetGroup()
{
    auto *group = new QGroupBox(tr("Data"));
    auto *form = new QFormLayout(group);
    m_dataset = tip(new QComboBox,
                    tr("The dataset both models learn; CSV files are checked line by line."));
    m_dataset->setObjectName(QStringLiteral("dataset"));
    for (const datasets::DatasetInfo &info : datasets::builtinDatasets())
        m_dataset->addItem(QString::fromStdString(info.name), QString::fromStdString(info.name));
    m_dataset->addItem(tr("Open CSV..."), QString());
    // Noise is a slider (as in TensorFlow Playground): drag it and watch the data change.
    m_noise = settingSlider(settings::kNoise);
    m_noiseValue = new QLabel;
    m_samples = intBox(settings::kSamples);
    m_testFraction = realBox(settings::kTestFraction);
    m_seed = intBox(settings::kSeed);
    m_gridCells = intBox(settings::kGridCells);
    m_gridClasses = intBox(settings::kGridClasses);
    auto *grid = new QWidget;
    auto *gridRow = new QHBoxLayout(grid);
    gridRow->setContentsMargins(0, 0, 0, 0);
    gridRow->addWidget(m_gridCells);
    gridRow->addWidget(new QLabel(tr("per side")));
    gridRow->addWidget(m_gridClasses);
    gridRow->addWidget(new QLabel(tr("classes")));
    gridRow->addStretch(1);
    auto *regenerate
        = tip(new QPushButton(tr("Regenerate")), tr("New random data and weights (next seed)."));
    form->addRow(tr("Dataset"), m_dataset);
    form->addRow(tr("Noise"), sliderRow(m_noise, m_noiseValue));
    form->addRow(tr("Samples"), m_samples);
    form->addRow(tr("Grid"), grid);
    form->addRow(tr("Test fraction"), m_testFraction);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(QString(), regenerate);
    connect(m_dataset, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (m_dataset->currentData().toString().isEmpty() && !m_building) {
            const QString path = QFileDialog::getOpenFileName(this, tr("Open a CSV dataset"),
                                                              m_csvPath, tr("CSV files (*.csv)"));
            if (path.isEmpty()) { // cancelled: back to the dataset that was chosen before
                m_dataset->setCurrentIndex(m_previousDataset);
                return;
            }
            m_csvPath = path;
            // The file gets an item of its own (its name shown), so "Open CSV..." stays an action
            // that works every time it is chosen; selecting the item comes back here once more.
            m_dataset->setCurrentIndex(csvItem(path));
            return;
        }
        m_previousDataset = index;
        const auto *info
            = datasets::findBuiltinDataset(m_dataset->currentData().toString().toStdString());
        if (info && info->file.empty()) {
            QSignalBlocker b(m_samples);
            setNoise(info->defaultNoise);
            showDefaultSamples();
        }
        m_noise->setEnabled(info && info->file.empty());
        m_samples->setEnabled(info && info->file.empty());
        enableShapeControls();
        emitConfig();
    });
    // The grid's own default sample count grows with its cells (80 per cell).
    connect(m_gridCells, &QSpinBox::valueChanged, this, [this] {
        if (m_dataset->currentData().toString() == QLatin1String("grid")) {
            const QSignalBlocker block(m_samples);
            showDefaultSamples();
        }
        emitConfig();
    });
    connect(m_gridClasses, &QSpinBox::valueChanged, this, &ControlPanel::emitConfig);
    enableShapeControls();
    connect(regenerate, &QPushButton::clicked, this,
            [this] { m_seed->setValue(m_seed->value() + 1); });
    connect(m_testFraction, &QDoubleSpinBox::valueChanged, this, &ControlPanel::emitConfig);
    connect(m_noise, &QSlider::valueChanged, this, [this] {
        m_noiseExact = sliderValue(m_noise, settings::kNoise);
        m_noiseValue->setText(QString::number(m_noiseExact, 'f', settings::kNoise.decimals));
        emitConfig();
    });
    setNoise(settings::kNoise.defaultValue);
    for (auto *box : {m_samples, m_seed})
        connect(box, &QSpinBox::valueChanged, this, &ControlPanel::emitConfig);
    return group;
}

QWidget *ControlPanel::moeGroup()
{
    using namespace settings;
    auto *group = new QGroupBox(tr("Mixture of Experts"));
    auto *form = new QFormLayout(group);
    m_experts = settingSlider(kExperts);
    m_experts->setObjectName(QStringLiteral("experts"));
    m_expertsValue = new QLabel(QString::number(m_experts->value()));
    m_topK = intBox(kTopK);
    m_topK->setMaximum(m_experts->value());
    m_wantedTopK = m_topK->value();
    m_topKNote = new QLabel;
    m_topKNote->setWordWrap(true);
    m_router = tip(new QComboBox,
                   tr("How tokens are matched to experts (see docs/moe.md): softmax top-k, Switch "
                      "top-1, noisy top-k, expert choice, or DeepSeek's loss-free bias "
                      "balancing."));
    addChoices(m_router, kRouterChoices);
    m_capacity = settingSlider(kCapacityFactor);
    m_capacityValue = new QLabel(QString::number(kCapacityFactor.defaultValue, 'f', 2));
    m_noLimit = tip(new QCheckBox(tr("no limit")),
                    tr("Dropless: every expert takes every token sent to it."));
    m_dropPolicy
        = tip(new QComboBox,
              tr("Which tokens a full expert keeps: earliest, most confident, or random."));
    addChoices(m_dropPolicy, kDropPolicyChoices);
    m_balance = realBox(kBalanceLoss);
    m_zLoss = realBox(kZLoss);
    m_shared = intBox(kSharedExperts);
    m_expertHidden = intBox(kExpertHidden);
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
    connect(m_capacity, &QSlider::valueChanged, this, [this] {
        showCapacity();
        emitConfig();
    });
    connect(m_noLimit, &QCheckBox::toggled, this, [this](bool on) {
        m_capacity->setEnabled(!on);
        showCapacity();
        emitConfig();
    });
    connect(m_router, &QComboBox::currentIndexChanged, this, [this] {
        showTopK();
        emitConfig();
    });
    connect(m_dropPolicy, &QComboBox::currentIndexChanged, this, &ControlPanel::emitConfig);
    connect(m_topK, &QSpinBox::valueChanged, this, [this](int k) { m_wantedTopK = k; });
    for (QDoubleSpinBox *box : {m_balance, m_zLoss})
        connect(box, &QDoubleSpinBox::valueChanged, this, &ControlPanel::emitConfig);
    for (QSpinBox *box : {m_topK, m_shared, m_expertHidden})
        connect(box, &QSpinBox::valueChanged, this, &ControlPanel::emitConfig);
    return group;
}

void ControlPanel::setNoise(double noise)
{
    // The exact value is kept (a file's 0.035 trains as 0.035); the slider shows the nearest step.
    m_noiseExact = noise;
    const QSignalBlocker block(m_noise);
    m_noise->setValue(sliderPosition(noise, settings::kNoise));
    const double shown = std::round(noise / settings::kNoise.step) * settings::kNoise.step;
    m_noiseValue->setText(QString::number(
        noise, 'f', std::abs(shown - noise) < 1e-9 ? settings::kNoise.decimals : 3));
}

int ControlPanel::csvItem(const QString &path)
{
    if (const int known = m_dataset->findData(path); known >= 0)
        return known;
    const int at = m_dataset->count() - 1; // before "Open CSV..."
    // Inserting before the current item moves the current index: not a choice of the user's.
    const QSignalBlocker block(m_dataset);
    m_dataset->insertItem(at, QFileInfo(path).fileName(), path);
    m_dataset->setItemData(at, path, Qt::ToolTipRole);
    return at;
}

void ControlPanel::enableShapeControls()
{
    const bool grid = m_dataset->currentData().toString() == QLatin1String("grid");
    m_gridCells->setEnabled(grid);
    m_gridClasses->setEnabled(grid);
}

void ControlPanel::showDefaultSamples()
{
    datasets::DatasetSpec spec;
    spec.name = m_dataset->currentData().toString().toStdString();
    spec.gridCells = m_gridCells->value();
    if (const Index samples = datasets::defaultSampleCount(spec); samples > 0)
        m_samples->setValue(int(samples));
}

void ControlPanel::showCapacity()
{
    m_capacityValue->setText(
        m_noLimit->isChecked()
            ? tr("none")
            : QString::number(sliderValue(m_capacity, settings::kCapacityFactor), 'f', 2));
}

void ControlPanel::expertsChanged(int experts)
{
    m_expertsValue->setText(QString::number(experts));
    showTopK();
    emitConfig();
}

void ControlPanel::showTopK()
{
    // The box shows the k the run uses; the k the user chose is remembered (m_wantedTopK) and
    // comes back when E grows again or the router uses k again.
    const int experts = m_experts->value();
    const auto router = RouterKind(m_router->currentData().toInt());
    const int shown = router == RouterKind::Switch ? 1 : clampTopK(m_wantedTopK, experts);
    {
        const QSignalBlocker block(m_topK);
        m_topK->setMaximum(experts);
        m_topK->setValue(shown);
    }
    m_topK->setEnabled(router != RouterKind::Switch && router != RouterKind::ExpertChoice);
    QString note;
    if (router == RouterKind::Switch)
        note = tr("Switch routes every sample to 1 expert.");
    else if (router == RouterKind::ExpertChoice)
        note = tr("Expert choice does not use k: each expert picks its C = cf x T / E samples, "
                  "so a sample gets cf experts on average (the capacity factor).");
    else if (m_wantedTopK > experts)
        note = tr("Top-k lowered to %1 while E = %1 (a sample cannot use more experts than "
                  "exist); it goes back to %2 when E allows.")
                   .arg(experts)
                   .arg(m_wantedTopK);
    m_topKNote->setText(note);
    m_topKNote->setVisible(!note.isEmpty());
}

QWidget *ControlPanel::denseGroup()
{
    auto *group = new QGroupBox(tr("Dense baseline"));
    auto *form = new QFormLayout(group);
    m_baseline = new QComboBox;
    // One item per baseline (files/experiment.h), each with a one-sentence tooltip.
    const struct
    {
        QString text, tip;
        DenseBaseline baseline;
    } baselines[] = {
        {tr("matched total compute"),
         tr("Hidden width with at least the MoE block's forward FLOPs per input, router included: "
            "the router costs 2 d E FLOPs per input (twice for noisy top-k), the k and shared "
            "experts 4 d h each."),
         DenseBaseline::MatchTotalCompute},
        {tr("matched expert compute"),
         tr("Hidden width (k + shared) x h, Megatron's convention: the experts' FLOPs only, the "
            "router's 2 d E FLOPs per input left out, so at toy sizes the MoE computes more."),
         DenseBaseline::MatchExpertCompute},
        {tr("matched parameters"),
         tr("Hidden width (E + shared) x h: as many parameters as all the experts, so many times "
            "the MoE's FLOPs per input."),
         DenseBaseline::MatchParameters},
        {tr("custom width"), tr("The hidden width set below."), DenseBaseline::Custom},
    };
    for (const auto &b : baselines) {
        m_baseline->addItem(b.text, int(b.baseline));
        m_baseline->setItemData(m_baseline->count() - 1, b.tip, Qt::ToolTipRole);
    }
    m_baseline->setToolTip(
        tr("What the dense network is matched to: the MoE's FLOPs per input with or without the "
           "router, or its parameter count. The router costs 2 d E FLOPs per input."));
    m_customHidden = intBox(settings::kCustomHidden);
    m_customHidden->setEnabled(false);
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
    m_learningRate = realBox(settings::kLearningRate);
    m_optimizer = tip(new QComboBox,
                      tr("The update rule: Adam adapts per weight, SGD follows the gradient."));
    addChoices(m_optimizer, kOptimizerChoices);
    m_batch = intBox(settings::kBatchSize);
    m_activation = tip(new QComboBox, tr("The nonlinearity inside every feed-forward network."));
    addChoices(m_activation, kActivationChoices);
    form->addRow(tr("Learning rate"), m_learningRate);
    form->addRow(tr("Optimiser"), m_optimizer);
    form->addRow(tr("Batch"), m_batch);
    form->addRow(tr("Activation"), m_activation);
    connect(m_learningRate, &QDoubleSpinBox::valueChanged, this, &ControlPanel::emitConfig);
    connect(m_batch, &QSpinBox::valueChanged, this, &ControlPanel::emitConfig);
    for (QComboBox *box : {m_optimizer, m_activation})
        connect(box, &QComboBox::currentIndexChanged, this, &ControlPanel::emitConfig);
    return group;
}

QString speedText(int stepsPerSecond)
{
    return stepsPerSecond == 0 ? ControlPanel::tr("as fast as possible")
                               : ControlPanel::tr("%1 steps/s").arg(stepsPerSecond);
}

void addSpeed(QComboBox *box, int stepsPerSecond)
{
    // In order of speed, from slow to "as fast as possible" (0) last.
    const auto slower = [](int a, int b) { return b == 0 ? a != 0 : a != 0 && a < b; };
    int at = 0;
    while (at < box->count() && slower(box->itemData(at).toInt(), stepsPerSecond))
        ++at;
    box->insertItem(at, speedText(stepsPerSecond), stepsPerSecond);
}

} // namespace moe::ui
