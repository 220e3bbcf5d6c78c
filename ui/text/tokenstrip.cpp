#include "ui/text/tokenstrip.h"

#include "ui/export/chartexport.h"
#include "ui/style/palette.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <charconv>

namespace moe::ui {

namespace {
constexpr double kPad = 1.5; // inside a token's box, each side
constexpr double kGap = 1.0; // between boxes: colours tell tokens apart, words stay words
const QColor kDropped(0xB0, 0x00, 0x20); // dropped slots: a dark red outline and hatch
const QChar kNewline(0x23CE);

// The shortest text that reads back as the same float (gates are floats: "0.7", not
// "0.699999988079071").
QString floatText(float value)
{
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return QString::fromLatin1(buffer, result.ptr - buffer);
}
} // namespace

TokenStrip::TokenStrip(QString exportName, QString title, QWidget *parent)
    : QWidget(parent)
    , m_exportName(std::move(exportName))
    , m_title(std::move(title))
{
    setMouseTracking(true);
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void TokenStrip::setTokens(std::vector<StripToken> tokens, std::vector<int> blocks, int experts)
{
    m_tokens = std::move(tokens);
    m_blocks = std::move(blocks);
    m_experts = experts;
    m_layer = std::clamp(m_layer, 0, std::max(0, int(m_blocks.size()) - 1));
    if (m_hovered >= int(m_tokens.size()))
        m_hovered = -1;
    updateGeometry();
    update();
}

void TokenStrip::setLayer(int layer)
{
    m_layer = std::clamp(layer, 0, std::max(0, int(m_blocks.size()) - 1));
    update();
}

void TokenStrip::setChoice(int choice)
{
    m_choice = choice;
    update();
}

std::vector<QRectF> TokenStrip::layout(int width, const QFontMetricsF &metrics) const
{
    std::vector<QRectF> boxes;
    boxes.reserve(m_tokens.size());
    // A dense model's text is plain text: no boxes, no gaps.
    const double pad = m_blocks.empty() ? 0.0 : kPad, gap = m_blocks.empty() ? 0.0 : kGap;
    const double line = metrics.height() + 2 * kPad;
    double x = 0.0, y = 0.0;
    for (const StripToken &token : m_tokens) {
        const double w = std::max(metrics.horizontalAdvance(token.text),
                                  m_blocks.empty() ? 1.0 : metrics.averageCharWidth())
            + 2 * pad;
        if (x > 0.0 && x + w > width) {
            x = 0.0;
            y += line + kGap;
        }
        boxes.emplace_back(x, y, w, line);
        x += w + gap;
        if (token.text.endsWith(kNewline)) {
            x = 0.0;
            y += line + kGap;
        }
    }
    return boxes;
}

int TokenStrip::heightForWidth(int width) const
{
    const std::vector<QRectF> boxes = layout(width, QFontMetricsF(font()));
    return boxes.empty() ? QFontMetrics(font()).height() + 8 : int(boxes.back().bottom()) + 4;
}

QSize TokenStrip::sizeHint() const
{
    return {600, heightForWidth(600)};
}

QSize TokenStrip::minimumSizeHint() const
{
    return {200, QFontMetrics(font()).height() + 8};
}

int TokenStrip::tokenAt(const QPoint &point) const
{
    const std::vector<QRectF> boxes = layout(width(), QFontMetricsF(font()));
    for (std::size_t i = 0; i < boxes.size(); ++i)
        if (boxes[i].contains(point))
            return int(i);
    return -1;
}

void TokenStrip::paintTokens(QPainter &painter, int width, const QFont &font) const
{
    painter.setFont(font);
    const QFontMetricsF metrics(font);
    const std::vector<QRectF> boxes = layout(width, metrics);
    const QColor page = palette().color(QPalette::Base);
    const QColor ink = palette().color(QPalette::Text);
    for (std::size_t i = 0; i < m_tokens.size(); ++i) {
        const StripToken &token = m_tokens[i];
        const QRectF box = boxes[i];
        const StripToken::Layer *layer = std::size_t(m_layer) < token.layers.size()
            ? &token.layers[std::size_t(m_layer)]
            : nullptr;
        QColor text = ink;
        if (m_blocks.empty()) {                        // a dense model: plain text
        } else if (!layer || layer->experts.empty()) { // no expert took it
            painter.fillRect(
                box, page.lightness() < 128 ? QColor(0x30, 0x30, 0x30) : QColor(0xEE, 0xEE, 0xEE));
        } else if (m_choice == kAllChoices) { // one stripe per expert, widths by gate
            double left = box.left();
            float sum = 0.0f;
            for (float g : layer->gates)
                sum += g;
            for (std::size_t r = 0; r < layer->experts.size(); ++r) {
                const double w = box.width() * double(layer->gates[r] / std::max(sum, 1e-6f));
                painter.fillRect(QRectF(left, box.top(), w, box.height()),
                                 expertColor(layer->experts[r], m_experts));
                left += w;
            }
            const QColor first = expertColor(layer->experts.front(), m_experts);
            text = textColorOn(first);
        } else if (std::size_t(m_choice) < layer->experts.size()) {
            const QColor colour = expertColor(layer->experts[std::size_t(m_choice)], m_experts);
            painter.fillRect(box, colour);
            text = textColorOn(colour);
        } else { // it has no such choice (expert choice gives tokens 0..E experts)
            painter.fillRect(box, page);
        }
        if (token.prompt) // fed, not sampled: underlined
            painter.fillRect(QRectF(box.left(), box.bottom() - 2, box.width(), 2), ink);
        if (layer && (!layer->dropped.empty() || layer->lostAll)) {
            painter.save();
            painter.setBrush(QBrush(kDropped, Qt::BDiagPattern));
            painter.setPen(QPen(kDropped, layer->lostAll ? 3.0 : 2.0));
            painter.drawRect(box.adjusted(1, 1, -1, -1));
            painter.restore();
        }
        painter.setPen(text);
        painter.drawText(box, Qt::AlignCenter, token.text);
        if (int(i) == m_hovered) {
            painter.setPen(QPen(ink, 2.0));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(box.adjusted(-1, -1, 1, 1));
        }
    }
}

void TokenStrip::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    paintTokens(painter, width(), font());
}

QString TokenStrip::describe(int i) const
{
    if (i < 0 || i >= int(m_tokens.size()))
        return {};
    const StripToken &token = m_tokens[std::size_t(i)];
    QString html = tr("<b>Token %1</b> &nbsp;\"%2\"").arg(i + 1).arg(token.text.toHtmlEscaped());
    if (token.lossBits >= 0.0)
        html += tr("<br>loss when predicted: %1 bits").arg(token.lossBits, 0, 'f', 2);
    if (token.prompt)
        html += tr("<br>(prompt: fed, not sampled)");
    for (std::size_t l = 0; l < token.layers.size() && l < m_blocks.size(); ++l) {
        const StripToken::Layer &layer = token.layers[l];
        html += tr("<br><b>Block %1</b>: ").arg(m_blocks[l]);
        if (layer.experts.empty())
            html += tr("no expert took it");
        for (std::size_t r = 0; r < layer.experts.size(); ++r)
            html += (r ? QStringLiteral(", ") : QString())
                + tr("expert %1 (gate %2)")
                      .arg(layer.experts[r] + 1)
                      .arg(layer.gates[r], 0, 'f', 2);
        // The router's probabilities, largest first (up to 4).
        std::vector<int> order(layer.probs.size());
        for (std::size_t e = 0; e < order.size(); ++e)
            order[e] = int(e);
        std::sort(order.begin(), order.end(), [&layer](int a, int b) {
            return layer.probs[std::size_t(a)] > layer.probs[std::size_t(b)];
        });
        QStringList probs;
        for (std::size_t r = 0; r < std::min<std::size_t>(4, order.size()); ++r)
            probs.append(
                tr("%1: %2").arg(order[r] + 1).arg(layer.probs[std::size_t(order[r])], 0, 'f', 2));
        if (!probs.isEmpty())
            html += tr("<br>&nbsp;&nbsp;router p, largest: %1")
                        .arg(probs.join(QStringLiteral(", ")));
        if (layer.lostAll)
            html += tr("<br>&nbsp;&nbsp;<b>dropped</b>: every expert it chose was full");
        else if (!layer.dropped.empty()) {
            QStringList dropped;
            for (int e : layer.dropped)
                dropped.append(QString::number(e + 1));
            html += tr("<br>&nbsp;&nbsp;<b>dropped</b> by full expert %1")
                        .arg(dropped.join(QStringLiteral(", ")));
        }
    }
    return html;
}

void TokenStrip::mouseMoveEvent(QMouseEvent *event)
{
    const int i = tokenAt(event->position().toPoint());
    if (i != m_hovered) {
        m_hovered = i;
        update();
        emit tokenHovered(i);
    }
    if (i >= 0)
        QToolTip::showText(event->globalPosition().toPoint(), describe(i), this);
    else
        QToolTip::hideText();
}

void TokenStrip::leaveEvent(QEvent *)
{
    if (m_hovered >= 0) {
        m_hovered = -1;
        update();
        emit tokenHovered(-1);
    }
}

QSize TokenStrip::exportSize() const
{
    return {900, std::max(60, heightForWidth(900) + 40)};
}

void TokenStrip::renderExport(QPainter &painter, const QRectF &target)
{
    const QSize natural = exportSize();
    painter.save();
    painter.translate(target.topLeft());
    painter.scale(target.width() / natural.width(), target.height() / natural.height());
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QRectF(0, 0, natural.width(), 30), Qt::AlignLeft | Qt::AlignVCenter, m_title);
    painter.translate(0, 36);
    paintTokens(painter, natural.width(), font());
    painter.restore();
}

QString TokenStrip::exportCsv() const
{
    QString out = QStringLiteral("position,token,loss_bits");
    for (int block : m_blocks)
        out += QStringLiteral(",block%1_experts,block%1_gates,block%1_dropped").arg(block);
    out += QLatin1Char('\n');
    for (std::size_t i = 0; i < m_tokens.size(); ++i) {
        const StripToken &token = m_tokens[i];
        out += QString::number(i + 1) + QLatin1Char(',') + csvCell(token.text) + QLatin1Char(',')
            + (token.lossBits >= 0.0 ? csvNumber(token.lossBits) : QString());
        for (std::size_t l = 0; l < m_blocks.size(); ++l) {
            QStringList experts, gates, dropped;
            if (l < token.layers.size()) {
                const StripToken::Layer &layer = token.layers[l];
                for (std::size_t r = 0; r < layer.experts.size(); ++r) {
                    experts.append(QString::number(layer.experts[r] + 1));
                    gates.append(floatText(layer.gates[r]));
                }
                for (int e : layer.dropped)
                    dropped.append(QString::number(e + 1));
            }
            out += QLatin1Char(',') + experts.join(QLatin1Char(' ')) + QLatin1Char(',')
                + gates.join(QLatin1Char(' ')) + QLatin1Char(',') + dropped.join(QLatin1Char(' '));
        }
        out += QLatin1Char('\n');
    }
    return out;
}

} // namespace moe::ui
