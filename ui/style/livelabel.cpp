#include "ui/style/livelabel.h"

#include <QAbstractTextDocumentLayout>
#include <QEvent>
#include <QPainter>
#include <QTextDocument>
#include <QTextDocumentFragment>

namespace moe::ui {

LiveLabel::LiveLabel(int lines, QWidget *parent)
    : QWidget(parent)
    , m_lines(std::max(1, lines))
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void LiveLabel::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    setAccessibleName(QTextDocumentFragment::fromHtml(text).toPlainText());
    update(); // the size hint does not depend on the text: no new layout
}

QSize LiveLabel::sizeHint() const
{
    return {fontMetrics().averageCharWidth() * 60, fontMetrics().lineSpacing() * m_lines + 4};
}

QSize LiveLabel::minimumSizeHint() const
{
    return {fontMetrics().averageCharWidth() * 10, sizeHint().height()};
}

void LiveLabel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        updateGeometry(); // a new font is the one thing that changes the size hint
    QWidget::changeEvent(event);
}

void LiveLabel::paintEvent(QPaintEvent *)
{
    QTextDocument document;
    document.setDefaultFont(font());
    document.setDocumentMargin(2);
    document.setHtml(m_text);
    document.setTextWidth(width());
    QPainter painter(this);
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette = palette();
    context.palette.setColor(QPalette::Text, palette().color(QPalette::WindowText));
    document.documentLayout()->draw(&painter, context);
}

} // namespace moe::ui
