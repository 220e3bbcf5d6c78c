#include "ui/text/experttokensview.h"

#include "ui/export/chartexport.h"
#include "ui/style/palette.h"

#include <QAbstractTextDocumentLayout>
#include <QTextDocument>
#include <cmath>

namespace moe::ui {

namespace {
QString readable(const QString &token)
{
    if (token == QLatin1String(" "))
        return QObject::tr("space");
    if (token == QString(QChar(0x23CE)))
        return QObject::tr("newline");
    return token;
}
} // namespace

ExpertTokensView::ExpertTokensView(QWidget *parent)
    : QLabel(parent)
{
    setTextFormat(Qt::RichText);
    setAlignment(Qt::AlignTop | Qt::AlignLeft);
    setWordWrap(true);
    setMargin(6);
    setText(tr("Tokens by expert appear at the first evaluation."));
}

void ExpertTokensView::show(const TextSnapshot &s, int layer)
{
    if (layer < 0 || std::size_t(layer) >= s.expertTokens.size()) {
        setText(tr("Tokens by expert appear at the first evaluation."));
        m_csv = QStringLiteral("block,expert,expert_share,rank,token,share_of_expert\n");
        return;
    }
    const LayerRoutingAnalysis &a = s.analysis.layers[std::size_t(layer)];
    QString html = tr("<p><b>Tokens by expert, block %1</b>: for each expert, the tokens it takes "
                      "most as first choice on %2 validation tokens (step %3). Token "
                      "specialisation %4 (a router blind to the token: %5).</p>"
                      "<table cellspacing=4>")
                       .arg(a.block)
                       .arg(s.analysis.tokens)
                       .arg(s.analysedStep)
                       .arg(a.tokenSpecialisation, 0, 'f', 2)
                       .arg(a.specialisationIfTokenBlind, 0, 'f', 2);
    m_csv = QStringLiteral("block,expert,expert_share,rank,token,share_of_expert\n");
    const std::vector<ExpertTokens> &lists = s.expertTokens[std::size_t(layer)];
    const int experts = int(lists.size());
    for (int e = 0; e < experts; ++e) {
        const ExpertTokens &list = lists[std::size_t(e)];
        const QColor colour = expertColor(e, experts);
        QStringList items;
        for (qsizetype i = 0; i < list.tokens.size(); ++i) {
            items.append(QStringLiteral("%1&nbsp;%2%")
                             .arg(readable(list.tokens[i]).toHtmlEscaped())
                             .arg(std::lround(100.0 * list.shares[i])));
            m_csv += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                         .arg(a.block)
                         .arg(e + 1)
                         .arg(csvNumber(list.load))
                         .arg(i + 1)
                         .arg(csvCell(readable(list.tokens[i])), csvNumber(list.shares[i]));
        }
        html += QStringLiteral("<tr><td style='background:%1;color:%2'>&nbsp;<b>expert %3</b>"
                               "&nbsp;</td><td align=right>%4%</td><td>%5</td></tr>")
                    .arg(colour.name(), textColorOn(colour).name())
                    .arg(e + 1)
                    .arg(std::lround(100.0 * list.load))
                    .arg(items.isEmpty() ? tr("(no first choices)")
                                         : items.join(QStringLiteral(", &nbsp;")));
    }
    setText(html + QStringLiteral("</table>"));
}

QSize ExpertTokensView::exportSize() const
{
    QTextDocument doc;
    doc.setDefaultFont(font());
    doc.setHtml(text());
    doc.setTextWidth(800);
    return {800, int(std::ceil(doc.size().height())) + 8};
}

void ExpertTokensView::renderExport(QPainter &painter, const QRectF &target)
{
    const QSize natural = exportSize();
    QTextDocument doc;
    doc.setDefaultFont(font());
    doc.setHtml(text());
    doc.setTextWidth(natural.width());
    painter.save();
    painter.translate(target.topLeft());
    painter.scale(target.width() / natural.width(), target.height() / natural.height());
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette.setColor(QPalette::Text, palette().color(QPalette::Text));
    doc.documentLayout()->draw(&painter, context);
    painter.restore();
}

} // namespace moe::ui
