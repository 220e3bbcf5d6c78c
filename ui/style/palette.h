#pragma once

// Colours of MoE Lab's views, chosen for colour-blind viewers and projectors.
//   classes: Okabe-Ito (vermillion, blue, green, orange, pink, sky blue, yellow), then wine, dark
//            green and grey: the decision maps and the data points.
//   experts: a disjoint set, none nearer than CIELAB distance 20 to any class colour, so that a
//            routing map never reads as a class map: 8 hues (indigo, maroon, sage, tan, cyan,
//            salmon, charcoal, periwinkle), each in two shades. Up to 16 experts every expert has
//            its own colour (expert e: hue e mod 8, shade e div 8); beyond 16 the experts form 8
//            groups of neighbours (1-8, 9-16, ... at E = 64), one hue per group, the shades
//            alternating inside it. Maps write each expert's number on its territory, so that
//            neither colour-blind viewers nor large E depend on telling 256 colours apart.

#include <QColor>

namespace moe::ui {

inline constexpr int kExpertHues = 8;
// Expert `expert` (0-based) of `experts`.
QColor expertColor(int expert, int experts);
// The colour expert `expert` has for any E up to 16 (callers that do not know E).
QColor expertColor(int expert);
// The hue group of expert `expert` of `experts` (0 .. kExpertHues - 1); for E <= 16, e mod 8.
int expertGroup(int expert, int experts);
QColor classColor(int classId);
// Diverging blue-white-red for regression values in [-1, 1] (clamped).
QColor divergingColor(double value);
// The map background a zero-confidence pixel fades to.
QColor mapBackground();
// `colour` greyed and faded to a light grey that keeps a trace of its lightness: the parts of a
// view outside a highlight (an expert hovered in the legend or on the routing map).
QColor dimmedColor(const QColor &colour);
// Black or white, whichever reads better on `background`.
QColor textColorOn(const QColor &background);

} // namespace moe::ui
