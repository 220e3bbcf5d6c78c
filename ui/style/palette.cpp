#include "ui/style/palette.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace moe::ui {

namespace {
// Two shades per hue: indigo, maroon, sage, tan, cyan, salmon, charcoal, periwinkle. Picked so
// that every entry is at least CIELAB distance 22 from every class colour below (and 34 from white
// for the light ones), checked by tests/ui/tst_palette.cpp.
constexpr std::array<QRgb, kExpertHues> kExpertBase
    = {0x3F3FBF, 0xA50000, 0x96D296, 0xD2B469, 0x00E5E5, 0xFFB4B4, 0x333333, 0x7896FF};
constexpr std::array<QRgb, kExpertHues> kExpertShade
    = {0xC8C8FF, 0x5A0000, 0x2D503C, 0x6E6428, 0x006969, 0xFF5A9B, 0x5F5F5F, 0x1E2878};
constexpr std::array<QRgb, 10> kClasses = {0xD55E00, 0x0072B2, 0x009E73, 0xE69F00, 0xCC79A7,
                                           0x56B4E9, 0xF0E442, 0x882255, 0x117733, 0x999999};
constexpr int kOwnColours = 2 * kExpertHues; // up to this E every expert has its own colour
} // namespace

int expertGroup(int expert, int experts)
{
    expert = std::max(0, expert);
    if (experts <= kOwnColours)
        return expert % kExpertHues;
    return int(std::min<long long>(kExpertHues - 1, (long long)expert * kExpertHues / experts));
}

QColor expertColor(int expert, int experts)
{
    expert = std::max(0, expert);
    const int group = expertGroup(expert, experts);
    int shade = 0;
    if (experts <= kOwnColours)
        shade = (expert / kExpertHues) % 2;
    else { // alternate shades from the group's first expert, so neighbours differ
        int first = expert;
        while (first > 0 && expertGroup(first - 1, experts) == group)
            --first;
        shade = (expert - first) % 2;
    }
    return QColor(shade == 0 ? kExpertBase[std::size_t(group)] : kExpertShade[std::size_t(group)]);
}

QColor expertColor(int expert)
{
    return expertColor(expert, kOwnColours);
}

QColor classColor(int classId)
{
    return QColor(kClasses[std::size_t(std::max(0, classId)) % kClasses.size()]);
}

QColor divergingColor(double value)
{
    const double v = std::clamp(value, -1.0, 1.0);
    const QColor negative(0x2166AC), positive(0xB2182B), middle(0xF7F7F7);
    const QColor &end = v < 0 ? negative : positive;
    const double t = std::abs(v);
    return QColor::fromRgbF(float(middle.redF() + t * (end.redF() - middle.redF())),
                            float(middle.greenF() + t * (end.greenF() - middle.greenF())),
                            float(middle.blueF() + t * (end.blueF() - middle.blueF())));
}

QColor mapBackground()
{
    return QColor(0xFFFFFF);
}

QColor dimmedColor(const QColor &colour)
{
    // Luminance y in [0, 1] to grey 0.80 .. 0.94: dark colours stay a shade darker than light
    // ones, so that territories can still be told apart, yet none competes with full colour.
    const double y = 0.2126 * colour.redF() + 0.7152 * colour.greenF() + 0.0722 * colour.blueF();
    const int grey = int(std::lround(255.0 * (0.80 + 0.14 * y)));
    return QColor(grey, grey, grey);
}

QColor textColorOn(const QColor &background)
{
    // Relative luminance (sRGB weights): above about 0.4 black text reads better than white.
    const double y
        = 0.2126 * background.redF() + 0.7152 * background.greenF() + 0.0722 * background.blueF();
    return y > 0.4 ? QColor(Qt::black) : QColor(Qt::white);
}

} // namespace moe::ui
