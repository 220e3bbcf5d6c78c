#include "ui/controls/controlpanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

namespace moe::ui {

namespace {
template<typename W> W *tip(W *widget, const QString &text)
{
    widget->setToolTip(text);
    return widget;
}

QDoubleSpinBox *realBox(double lo, double hi, double step, int decimals, double value)
{
    auto *box = new QDoubleSpinBox;
    box->setRange(lo, hi);
    box->setSingleStep(step);
    box->setDecimals(decimals);
    box->setValue(value);
    return box;
}

QSpinBox *intBox(int lo, int hi, int value)
{
    auto *box = new QSpinBox;
    box->setRange(lo, hi);
    box->setValue(value);
    return box;
}
} // namespace

ControlPanel::ControlPanel(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(transport());
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

QWidget *ControlPanel::datasetGroup()
{
    auto *group = new QGroupBox(tr("Data"));
    auto *form = new QFormLayout(group);
    m_dataset = tip(new QComboBox,
                    tr("The dataset both models learn; CSV files are checked line by line."));
    for (const datasets::DatasetInfo &info : datasets::builtinDatasets())
        m_dataset->addItem(QString::fromStdString(info.name), QString::fromStdString(info.name));
    m_dataset->addItem(tr("Open CSV..."), QString());
    m_noise = tip(realBox(0, 1, 0.01, 2, 0.04), tr("How much the generated points are jittered."));
    m_samples = tip(intBox(10, 100000, 900), tr("How many points are generated."));
    m_testFraction = tip(realBox(0, 0.9, 0.05, 2, 0.2),
                         tr("The share of samples held out to test generalisation."));
    m_seed = tip(intBox(0, 1000000, 1),
                 tr("Seeds the data, the split and the weights: same seed, same run."));
    auto *regenerate
        = tip(new QPushButton(tr("Regenerate")), tr("New random data and weights (next seed)."));
    form->addRow(tr("Dataset"), m_dataset);
    form->addRow(tr("Noise"), m_noise);
    form->addRow(tr("Samples"), m_samples);
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
        }
        m_previousDataset = index;
        const auto *info
            = datasets::findBuiltinDataset(m_dataset->currentData().toString().toStdString());
        if (info && info->file.empty()) {
            QSignalBlocker a(m_noise), b(m_samples);
            m_noise->setValue(info->defaultNoise);
            m_samples->setValue(int(info->defaultSamples));
        }
        m_noise->setEnabled(info && info->file.empty());
        m_samples->setEnabled(info && info->file.empty());
        emitConfig();
    });
    connect(regenerate, &QPushButton::clicked, this,
            [this] { m_seed->setValue(m_seed->value() + 1); });
    for (auto *box : {m_noise, m_testFraction})
        connect(box, &QDoubleSpinBox::valueChanged, this, &ControlPanel::emitConfig);
    for (auto *box : {m_samples, m_seed})
        connect(box, &QSpinBox::valueChanged, this, &ControlPanel::emitConfig);
    return group;
}

} // namespace moe::ui
