#include "ui/maps/blockpathview.h"

#include "ui/style/palette.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>

namespace moe::ui {

namespace {
constexpr int kBarsHeight = 46;  // the router's probability bars
constexpr int kVectorWidth = 96; // room for one vector's bars

QString number(double value)
{
    return QString::number(value, 'f', 2);
}
} // namespace

BlockPathView::BlockPathView(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

int BlockPathView::lineHeight() const
{
    return fontMetrics().height() + 4;
}

void BlockPathView::setBlock(int index, const BlockTrace &block,
                             const std::vector<DroppedChoice> &dropped)
{
    m_index = index;
    m_block = block;
    m_dropped.clear();
    for (const DroppedChoice &d : dropped)
        m_dropped.push_back({d.rank, d.expert});
    rebuild();
    updateGeometry();
    update();
}

void BlockPathView::rebuild()
{
    const BlockTrace &b = m_block;
    m_rows.clear();
    m_texts.clear();
    if (b.moe) {
        m_title = b.expertChoice ? tr("Block %1: MoE, expert choice").arg(m_index + 1)
                                 : tr("Block %1: MoE, top-%2").arg(m_index + 1).arg(b.topK);
        m_barsCaption = tr("router probability per expert (tallest %1)")
                            .arg(number(b.probs.size() > 0 ? b.probs.maxCoeff() : 0.0f));
        for (const ExpertPath &p : b.chosen)
            m_rows.push_back({tr("expert %1: p %2, gate %3")
                                  .arg(p.expert + 1)
                                  .arg(number(b.probs[p.expert]), number(p.gate)),
                              p.output, p.expert});
        for (std::size_t s = 0; s < b.shared.size(); ++s)
            m_rows.push_back({tr("shared expert %1 (gate 1)").arg(s + 1), b.shared[s], -1});
        m_rows.push_back({tr("weighted sum of the chosen"), b.weightedSum, -1});
    } else {
        // Only the dense network has dense blocks (a model's blocks are all MoE or all dense).
        m_title = tr("Block %1: dense network, FFN").arg(m_index + 1);
        m_barsCaption.clear();
        if (b.hidden.size() > 0)
            m_rows.push_back({tr("hidden layer (%1 units)").arg(b.hidden.size()), b.hidden, -1});
        m_rows.push_back({tr("FFN output"), b.update, -1});
    }
    m_rows.push_back({tr("block output (input + the above)"), b.output, -1});
    m_texts << m_title;
    if (b.moe)
        m_texts << m_barsCaption;
    for (const auto &[rank, expert] : m_dropped)
        m_texts << droppedText(rank, expert);
    m_scale = 1e-6f;
    for (const VectorRow &row : m_rows) {
        m_texts << row.label + QStringLiteral("  |v| ") + number(double(row.values.norm()));
        if (row.values.size() > 0)
            m_scale = std::max(m_scale, row.values.cwiseAbs().maxCoeff());
    }
}

QString BlockPathView::droppedText(int rank, int expert)
{
    return tr("choice %1 (expert %2) was dropped: full").arg(rank + 1).arg(expert + 1);
}

bool BlockPathView::wasDropped(int expert) const
{
    return std::any_of(m_dropped.begin(), m_dropped.end(),
                       [expert](const auto &d) { return d.second == expert; });
}

QSize BlockPathView::sizeHint() const
{
    // Title, the rows (a label and a vector each); for MoE the bars, their numbers, the caption
    // and the dropped choices.
    const int lines = 1 + 2 * int(m_rows.size()) + (m_block.moe ? 2 + int(m_dropped.size()) : 0);
    return {300, lines * lineHeight() + (m_block.moe ? kBarsHeight : 0) + 8};
}

void BlockPathView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const int line = lineHeight(), w = width();
    int y = 0;
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(QRect(0, y, w, line), Qt::AlignLeft | Qt::AlignVCenter, m_title);
    painter.setFont(font());
    y += line;
    if (m_block.moe) {
        // Probability bars on the block's own scale (the tallest bar is the largest p): chosen in
        // their expert colour and numbered, the rest grey; a choice dropped in the last training
        // batch struck out and numbered too.
        const int experts = int(m_block.probs.size());
        const double slot = double(w) / std::max(1, experts);
        const double barWidth = std::max(1.0, slot * 0.8);
        const double top = std::max(1e-6f, experts > 0 ? m_block.probs.maxCoeff() : 1.0f);
        QFont small = font();
        small.setBold(true);
        double labelsEnd = -1e9; // right edge of the last expert number drawn
        for (int e = 0; e < experts; ++e) {
            const bool chosen = std::any_of(m_block.chosen.begin(), m_block.chosen.end(),
                                            [e](const ExpertPath &p) { return p.expert == e; });
            const double h
                = std::clamp(double(m_block.probs[e]) / top, 0.0, 1.0) * (kBarsHeight - 4);
            const QRectF bar(e * slot + (slot - barWidth) / 2, y + kBarsHeight - h, barWidth,
                             std::max(1.0, h));
            if (chosen) {
                painter.fillRect(bar, expertColor(e));
            } else { // hollow: no expert colour (grey is one of them) for an expert not chosen
                painter.setPen(QPen(palette().color(QPalette::Mid), 1));
                painter.setBrush(Qt::NoBrush);
                painter.drawRect(bar.adjusted(0.5, 0.5, -0.5, -0.5));
            }
            const bool dropped = wasDropped(e);
            if (dropped) {
                painter.setPen(QPen(palette().color(QPalette::WindowText), 2));
                const QRectF box(bar.left(), y + 2, bar.width(), kBarsHeight - 2);
                painter.drawLine(box.topLeft(), box.bottomRight());
                painter.drawLine(box.topRight(), box.bottomLeft());
            }
            // Numbered when the number fits beside the last one drawn (many chosen experts, as in
            // expert choice, are numbered every other one or sparser).
            const QString label = QString::number(e + 1);
            const double half = QFontMetricsF(small).horizontalAdvance(label) / 2;
            const double centre = e * slot + slot / 2;
            if ((chosen || dropped) && centre - half >= labelsEnd + 4) {
                painter.setFont(small);
                painter.setPen(palette().color(QPalette::WindowText));
                painter.drawText(QRectF(centre - half - 2, y + kBarsHeight, 2 * half + 4, line),
                                 Qt::AlignCenter, label);
                painter.setFont(font());
                labelsEnd = centre + half;
            }
        }
        painter.setPen(palette().color(QPalette::Mid));
        painter.drawLine(0, y + kBarsHeight, w, y + kBarsHeight);
        y += kBarsHeight + line;
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRect(0, y, w, line), Qt::AlignLeft | Qt::AlignVCenter, m_barsCaption);
        y += line;
        for (const auto &[rank, expert] : m_dropped) {
            painter.drawText(QRect(0, y, w, line), Qt::AlignLeft | Qt::AlignVCenter,
                             droppedText(rank, expert));
            y += line;
        }
    }
    m_rowTops.clear();
    for (const VectorRow &row : m_rows) {
        m_rowTops.push_back(y);
        painter.setPen(palette().color(QPalette::WindowText));
        int x = 0;
        if (row.expert >= 0) {
            painter.fillRect(QRect(0, y + 3, line - 6, line - 6), expertColor(row.expert));
            x = line;
        }
        painter.drawText(QRect(x, y, w - x, line), Qt::AlignLeft | Qt::AlignVCenter, row.label);
        y += line;
        // The vector: one bar per component, up for positive, down for negative.
        const int n = int(row.values.size());
        const double step = std::min(8.0, double(std::min(w, kVectorWidth * 2)) / std::max(1, n));
        const double mid = y + (line - 2) / 2.0, half = (line - 4) / 2.0;
        painter.setPen(palette().color(QPalette::Mid));
        painter.drawLine(QPointF(line, mid), QPointF(line + n * step, mid));
        // Vectors of no expert in the text colour, softened: dark grey on light, light on dark.
        QColor fill = palette().color(QPalette::WindowText);
        fill.setAlpha(170);
        if (row.expert >= 0)
            fill = expertColor(row.expert);
        for (int c = 0; c < n; ++c) {
            const double v = double(row.values[c] / m_scale) * half;
            painter.fillRect(QRectF(line + c * step + 0.5, v > 0 ? mid - v : mid,
                                    std::max(1.0, step - 1.0), std::max(0.5, std::abs(v))),
                             fill);
        }
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRectF(line + n * step + 6, y, w, line), Qt::AlignLeft | Qt::AlignVCenter,
                         QStringLiteral("|v| ") + number(double(row.values.norm())));
        y += line;
    }
}

bool BlockPathView::event(QEvent *event)
{
    if (event->type() != QEvent::ToolTip)
        return QWidget::event(event);
    // Over a vector's two lines: its components, every one (the bars show their shape only).
    const int y = static_cast<QHelpEvent *>(event)->pos().y(), line = lineHeight();
    for (std::size_t r = 0; r < m_rowTops.size() && r < m_rows.size(); ++r)
        if (y >= m_rowTops[r] && y < m_rowTops[r] + 2 * line) {
            QStringList values;
            for (Index c = 0; c < m_rows[r].values.size(); ++c)
                values << QString::number(double(m_rows[r].values[c]), 'f', 3);
            QToolTip::showText(static_cast<QHelpEvent *>(event)->globalPos(),
                               m_rows[r].label + QStringLiteral(":\n(")
                                   + values.join(QStringLiteral(", ")) + QLatin1Char(')'),
                               this);
            return true;
        }
    QToolTip::hideText();
    event->ignore();
    return true;
}

} // namespace moe::ui
