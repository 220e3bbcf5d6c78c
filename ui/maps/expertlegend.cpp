#include "ui/maps/expertlegend.h"

#include "ui/style/palette.h"

#include <QMouseEvent>
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
    setMouseTracking(true); // hovering a box highlights its experts
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
    if (m_highlight.active())
        return m_highlight.first == m_highlight.last
            ? tr("expert %1 highlighted").arg(m_highlight.first + 1)
            : tr("experts %1–%2 highlighted").arg(m_highlight.first + 1).arg(m_highlight.last + 1);
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

QRect ExpertLegend::cellRect(int cell) const
{
    const QSize size = cellSize();
    const int perRow = std::max(1, width() / (size.width() + kGap));
    // Each box kGap from the one before, and from the top and left edges: room for the frame
    // of a highlighted box all round (the rows end where they did, the gap after the last moved
    // before the first).
    return {kGap + (cell % perRow) * (size.width() + kGap),
            kGap + (cell / perRow) * (size.height() + kGap), size.width(), size.height()};
}

ExpertRange ExpertLegend::cellExperts(int cell) const
{
    if (cell < 0 || cell >= int(cellLabels().size()))
        return {};
    if (!grouped())
        return {cell, cell};
    const auto [first, last] = groupRange(cell, experts());
    return {first, last};
}

void ExpertLegend::setHighlighted(ExpertRange highlight)
{
    if (highlight == m_highlight)
        return;
    m_highlight = highlight;
    update();
}

void ExpertLegend::mouseMoveEvent(QMouseEvent *event)
{
    int cell = -1;
    for (int i = 0; i < int(cellLabels().size()) && cell < 0; ++i)
        if (cellRect(i).contains(event->position().toPoint()))
            cell = i;
    if (cell != m_hoveredCell) {
        m_hoveredCell = cell;
        const ExpertRange range = cellExperts(cell);
        emit hovered(range.first, range.last);
    }
    QWidget::mouseMoveEvent(event);
}

void ExpertLegend::leaveEvent(QEvent *event)
{
    if (m_hoveredCell >= 0) {
        m_hoveredCell = -1;
        emit hovered(-1, -1);
    }
    QWidget::leaveEvent(event);
}

void ExpertLegend::paintEvent(QPaintEvent *)
{
    if (m_dead.empty())
        return;
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QSize cell = cellSize();
    const QStringList labels = cellLabels();
    painter.setFont(cellFont());
    for (int i = 0; i < int(labels.size()); ++i) {
        const QRectF box = QRectF(cellRect(i)).adjusted(0.5, 0.5, -0.5, -0.5);
        // The box's expert: itself, or the first of its group (whose shade fills the box; the
        // group's second shade is the strip along its bottom). Outside a highlight: greyed.
        const ExpertRange mine = cellExperts(i);
        const bool lit = m_highlight.active() && mine.first <= m_highlight.last
            && mine.last >= m_highlight.first;
        const bool dim = m_highlight.active() && !lit;
        const int expert = mine.first;
        const auto shade = [&](int e) {
            return dim ? dimmedColor(expertColor(e, experts())) : expertColor(e, experts());
        };
        const QColor colour = shade(expert);
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
                                 shade(expert + 1));
            painter.setPen(dim ? QColor(0x999999) : textColorOn(colour));
        }
        painter.drawText(box, Qt::AlignCenter, labels[i]);
        if (dead)
            painter.drawLine(box.bottomLeft(), box.topRight());
        if (lit) { // framed in black in the gap around the box, clear of its label
            painter.setBrush(Qt::NoBrush);
            painter.setPen(QPen(palette().color(QPalette::WindowText), kGap));
            painter.drawRect(box.adjusted(-0.5 * kGap, -0.5 * kGap, 0.5 * kGap, 0.5 * kGap));
        }
    }
    painter.setFont(font());
    painter.setPen(palette().color(QPalette::WindowText));
    const int noteTop = rowsFor(width()) * (cell.height() + kGap);
    painter.drawText(QRect(0, noteTop, width(), fontMetrics().lineSpacing()), Qt::AlignVCenter,
                     note());
}

} // namespace moe::ui
