#pragma once

// The window's one way to say that something failed: a non-blocking warning box that names what
// did not happen and why.

#include <QString>

class QWidget;

namespace moe::ui {

void showWarning(QWidget *parent, const QString &what, const QString &message);

} // namespace moe::ui
