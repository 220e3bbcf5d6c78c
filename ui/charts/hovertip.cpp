#include "ui/charts/hovertip.h"

#include <QCursor>
#include <QToolTip>
#include <QWidget>

namespace moe::ui {

HoverTip::HoverTip(QWidget *view, const QString &general)
    : m_view(view)
    , m_general(general)
{
    m_view->setToolTip(m_general);
}

void HoverTip::show(const QString &text)
{
    m_view->setToolTip(text.isEmpty() ? m_general : text);
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(QCursor::pos(), text, m_view);
}

QString HoverTip::text() const
{
    return m_view->toolTip();
}

} // namespace moe::ui
