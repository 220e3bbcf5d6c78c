#pragma once

// "What am I seeing?": for every chart and map, a short explanation for a student, with the
// formula it plots. Shown from each view's right-click menu and the Help menu.

#include <QString>

namespace moe::ui {

// Rich text for the view with this export name ("routing-map", ...); empty for an unknown name.
QString explanation(const QString &exportName);

} // namespace moe::ui
