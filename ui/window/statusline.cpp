#include "ui/window/statusline.h"

#include "ui/style/livelabel.h"

#include <QLabel>
#include <QStatusBar>
#include <QVBoxLayout>

namespace moe::ui {

StatusLine::StatusLine(QStatusBar *bar)
    : QWidget(bar)
    , m_message(new QLabel)
    , m_figures(new LiveLabel)
{
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_message->font();
    bold.setBold(true);
    m_message->setFont(bold);
    // An orange bar at its left (readable on light and dark), like the lesson outline.
    m_message->setStyleSheet(
        QStringLiteral("QLabel { border-left: 4px solid #E69F00; padding-left: 6px; }"));
    m_message->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_message);
    layout->addWidget(m_figures);
    bar->addPermanentWidget(this, 1);
    connect(bar, &QStatusBar::messageChanged, this, &StatusLine::showMessage);
}

void StatusLine::setFigures(const QString &text)
{
    m_figures->setText(text);
}

QString StatusLine::figures() const
{
    return m_figures->text();
}

QString StatusLine::message() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

void StatusLine::showMessage(const QString &message)
{
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

} // namespace moe::ui
