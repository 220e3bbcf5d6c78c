#include "ui/style/palette.h"

#include <algorithm>
#include <array>

namespace moe::ui {

namespace {
constexpr std::array<QRgb, 26> kQualitative = {
    // Okabe-Ito (without black)
    0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442, 0x0072B2, 0xD55E00, 0xCC79A7, 0x999999,
    // Paul Tol muted
    0xCC6677, 0x332288, 0xDDCC77, 0x117733, 0x88CCEE, 0x882255, 0x44AA99, 0x999933, 0xAA4499,
    // Paul Tol light
    0x77AADD, 0xEE8866, 0xEEDD88, 0xFFAABB, 0x99DDFF, 0x44BB99, 0xBBCC33, 0xAAAA00, 0xDDDDDD};
constexpr std::array<QRgb, 10> kClasses = {0xD55E00, 0x0072B2, 0x009E73, 0xE69F00, 0xCC79A7,
                                           0x56B4E9, 0xF0E442, 0x882255, 0x117733, 0x999999};
} // namespace

QColor expertColor(int expert)
{
    const int n = int(kQualitative.size());
    expert = std::max(0, expert);
    const QColor base(kQualitative[std::size_t(expert % n)]);
    switch ((expert / n) % 3) {
    case 0:
        return base;
    case 1:
        return base.darker(150);
    default:
        return base.lighter(130);
    }
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

} // namespace moe::ui
