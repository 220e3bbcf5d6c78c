#pragma once

// Colours of MoE Lab's views, chosen for colour-blind viewers and projectors.
//   experts: Okabe-Ito (8), then Paul Tol's "muted" (9) and "light" (9) qualitative sets, then the
//            same 26 hues again, darker (27-52) and lighter (53-78); beyond 78 (E goes up to
//            256) the cycle repeats, so colours name experts uniquely only up to 78;
//   classes: the first 10 of the same sequence, starting with vermillion / blue for two classes.

#include <QColor>

namespace moe::ui {

QColor expertColor(int expert);
QColor classColor(int classId);
// Diverging blue-white-red for regression values in [-1, 1] (clamped).
QColor divergingColor(double value);
// The map background a zero-confidence pixel fades to.
QColor mapBackground();

} // namespace moe::ui
