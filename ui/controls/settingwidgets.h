#pragma once

// The app's controls for settings of the tables (core/base/setting.h): range, default, step,
// decimals and tooltip all come from the setting, so a control accepts exactly what the engine,
// the files and the command line accept.

#include "core/base/setting.h"

#include <QComboBox>
#include <QString>

class QDoubleSpinBox;
class QSlider;
class QSpinBox;
class QWidget;

namespace moe::ui {

QString settingText(std::string_view text); // UTF-8 from a table
QSpinBox *intBox(const Setting &setting);
QDoubleSpinBox *realBox(const Setting &setting);
// A slider over the setting's range, in its steps (capacity factor: 0.25 ... 4 as 1 ... 16).
QSlider *settingSlider(const Setting &setting);
double sliderValue(const QSlider *slider, const Setting &setting);
int sliderPosition(double value, const Setting &setting);

template<typename W> W *tip(W *widget, const QString &text)
{
    widget->setToolTip(text);
    return widget;
}

// A list of a choice table's names, each item's data the enum value.
// One item per choice, showing its label; its tooltip gives the name files and the command line
// use.
template<typename E, std::size_t N> void addChoices(QComboBox *box, const Choice<E> (&table)[N])
{
    for (const Choice<E> &c : table) {
        box->addItem(settingText(c.label.empty() ? c.name : c.label), int(c.value));
        box->setItemData(
            box->count() - 1,
            QStringLiteral("In files and on the command line: %1").arg(settingText(c.name)),
            Qt::ToolTipRole);
    }
}

} // namespace moe::ui
