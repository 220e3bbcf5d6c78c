#include "ui/maps/expertlegend.h"

#include "ui/style/palette.h"

#include <QPainter>

namespace moe::ui {

namespace {
constexpr int kOwnColours = 2 * kExpertHues; // up to this E every expert has its own colour

// The experts of hue group `group` of `experts`: [first, last], 0-based.
std::pair<int, int> groupRange(int group, int experts)
{
    int first = -1, last = -1;
    for (int e = 0; e < experts; ++e)
        if (expertGroup(e, experts) == group) {
            first = first < 0 ? e : first;
            last = e;
        }
    return {first, last};
}
} // namespace

ExpertLegend::ExpertLegend(QWidget *parent)
    : QWidget(parent)
{
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void ExpertLegend::setExperts(const std::vector<bool> &dead)
{
    if (dead == m_dead)
        return;
    const bool resized = dead.size() != m_dead.size();
    m_dead = dead;
    if (resized)
        updateGeometry(); // more or fewer cells: maybe more or fewer lines
    update();
}

bool ExpertLegend::grouped() const
{
    return experts() > kOwnColours;
}

QStringList ExpertLegend::cellLabels() const
{
    QStringList labels;
    if (!grouped()) {
        for (int e = 0; e < experts(); ++e)
            labels.append(QString::number(e + 1));
        return labels;
    }
    for (int g = 0; g < kExpertHues; ++g) {
        const auto [first, last] = groupRange(g, experts());
        if (first >= 0)
            labels.append(first == last ? QString::number(first + 1)
                                        : QStringLiteral("%1–%2").arg(first + 1).arg(last + 1));
    }
    return labels;
}

QString ExpertLegend::note() const
{
    if (!grouped())
        return tr("struck out: dead");
    QStringList dead;
    for (int e = 0; e < experts(); ++e)
        if (m_dead[std::size_t(e)])
            dead.append(QString::number(e + 1));
    if (dead.isEmpty())
        return tr("dead: none");
    const QString list = tr("dead: %1").arg(dead.join(QStringLiteral(", ")));
    // The list while it fits on the line, else how many.
    return fontMetrics().horizontalAdvance(list) <= width()
        ? list
        : tr("dead: %1 of %2 experts").arg(dead.size()).arg(experts());
}

QFont ExpertLegend::cellFont() const
{
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.85);
    f.setBold(true);
    return f;
}

QSize ExpertLegend::cellSize() const
{
    const QFontMetrics metrics(cellFont());
    // As wide as the widest label: "16" up to 16 experts (the same cells for every E up to
    // there), the widest group ("249–256") beyond.
    int widest = metrics.horizontalAdvance(QStringLiteral("16"));
    for (const QString &label : cellLabels())
        widest = std::max(widest, metrics.horizontalAdvance(label));
    return {widest + 8, metrics.height() + 2};
}

int ExpertLegend::rowsFor(int width) const
{
    const int perRow = std::max(1, width / (cellSize().width() + kGap));
    return (int(cellLabels().size()) + perRow - 1) / perRow;
}

int ExpertLegend::heightForWidth(int width) const
{
    if (m_dead.empty())
        return 0;
    // The cells, then one line for the note on dead experts.
    return rowsFor(width) * (cellSize().height() + kGap) + fontMetrics().lineSpacing() + 2;
}

QSize ExpertLegend::sizeHint() const
{
    const int cells = std::max(1, int(cellLabels().size()));
    const int width = (cellSize().width() + kGap) * std::min(10, cells);
    return {width, heightForWidth(width)};
}

void ExpertLegend::paintEvent(QPaintEvent *)
{
    if (m_dead.empty())
        return;
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QSize cell = cellSize();
    const int perRow = std::max(1, width() / (cell.width() + kGap));
    const QStringList labels = cellLabels();
    painter.setFont(cellFont());
    for (int i = 0; i < int(labels.size()); ++i) {
        const QRectF box((i % perRow) * (cell.width() + kGap) + 0.5,
                         (i / perRow) * (cell.height() + kGap) + 0.5, cell.width() - 1,
                         cell.height() - 1);
        // The box's expert: itself, or the first of its group (whose shade fills the box; the
        // group's second shade is the strip along its bottom).
        const int expert = grouped() ? groupRange(i, experts()).first : i;
        const QColor colour = expertColor(expert, experts());
        const bool dead = !grouped() && m_dead[std::size_t(i)];
        if (dead) { // hollow: the expert's colour as a frame around a pale, struck-out number
            painter.setPen(QPen(colour, 2));
            painter.setBrush(QColor(0xEEEEEE));
            painter.drawRect(box.adjusted(1, 1, -1, -1));
            painter.setPen(QColor(0x777777));
        } else {
            painter.fillRect(box, colour);
            if (grouped() && expert + 1 < experts()
                && expertGroup(expert + 1, experts()) == expertGroup(expert, experts()))
                painter.fillRect(QRectF(box.left(), box.bottom() - 3, box.width(), 3),
                                 expertColor(expert + 1, experts()));
            painter.setPen(textColorOn(colour));
        }
        painter.drawText(box, Qt::AlignCenter, labels[i]);
        if (dead)
            painter.drawLine(box.bottomLeft(), box.topRight());
    }
    painter.setFont(font());
    painter.setPen(palette().color(QPalette::WindowText));
    const int noteTop = rowsFor(width()) * (cell.height() + kGap);
    painter.drawText(QRect(0, noteTop, width(), fontMetrics().lineSpacing()), Qt::AlignVCenter,
                     note());
}

} // namespace moe::ui
