#include "ui/controls/settingwidgets.h"

#include <QDoubleSpinBox>
#include <QSlider>
#include <QSpinBox>
#include <cmath>

namespace moe::ui {

QString settingText(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QSpinBox *intBox(const Setting &setting)
{
    auto *box = new QSpinBox;
    box->setRange(int(setting.min), int(setting.max));
    box->setSingleStep(int(setting.step));
    box->setValue(setting.defaultInt());
    box->setToolTip(settingText(setting.help));
    return box;
}

QDoubleSpinBox *realBox(const Setting &setting)
{
    auto *box = new QDoubleSpinBox;
    box->setDecimals(setting.decimals);
    box->setRange(setting.min, setting.max);
    box->setSingleStep(setting.step);
    box->setValue(setting.defaultValue);
    box->setToolTip(settingText(setting.help));
    return box;
}

int sliderPosition(double value, const Setting &setting)
{
    return int(std::lround(value / setting.step));
}

double sliderValue(const QSlider *slider, const Setting &setting)
{
    return slider->value() * setting.step;
}

QSlider *settingSlider(const Setting &setting)
{
    auto *slider = new QSlider(Qt::Horizontal);
    slider->setRange(sliderPosition(setting.min, setting), sliderPosition(setting.max, setting));
    slider->setValue(sliderPosition(setting.defaultValue, setting));
    slider->setToolTip(settingText(setting.help));
    return slider;
}

} // namespace moe::ui
