#include "ui/window/tour.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMainWindow>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>
#include <algorithm>

namespace moe::ui {

namespace {
constexpr int kGap = 12;    // between the callout and its target
constexpr int kWidth = 380; // callout width: a short paragraph at the default font
} // namespace

Tour::Tour(QMainWindow *window, QVector<TourStop> stops)
    : QFrame(window)
    , m_window(window)
    , m_stops(std::move(stops))
    , m_outline(new QFrame(window))
    , m_title(new QLabel)
    , m_text(new QLabel)
    , m_count(new QLabel)
    , m_next(new QPushButton(tr("Next")))
    , m_skip(new QPushButton(tr("Skip the tour")))
{
    setObjectName(QStringLiteral("tour"));
    // Dark text on pale yellow with a thick orange border: the lesson outline's colour, readable
    // in both themes (the callout sets its own colours).
    setStyleSheet(QStringLiteral(
        "QFrame#tour { background: #FFF6D5; border: 3px solid #E69F00; border-radius: 8px; }"
        "QFrame#tour QLabel { color: #1A1A1A; background: transparent; }"));
    m_outline->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_outline->setStyleSheet(QStringLiteral(
        "QFrame { border: 5px solid #E69F00; border-radius: 6px; background: transparent; }"));
    m_outline->hide();
    QFont bold = m_title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.2);
    m_title->setFont(bold);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_count);
    buttons->addStretch(1);
    buttons->addWidget(m_skip);
    buttons->addWidget(m_next);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_text);
    layout->addLayout(buttons);
    setFixedWidth(kWidth);
    m_next->setDefault(true);
    connect(m_next, &QPushButton::clicked, this, [this] {
        if (m_stop + 1 < m_stops.size())
            showStop(m_stop + 1);
        else
            end();
    });
    connect(m_skip, &QPushButton::clicked, this, &Tour::end);
    window->installEventFilter(this); // follows the window's resizes
    QFrame::hide();
}

QString Tour::seenKey()
{
    return QStringLiteral("tour/seen");
}

void Tour::start()
{
    if (!m_stops.isEmpty())
        showStop(0);
}

QString Tour::text() const
{
    return m_text->text();
}

void Tour::showStop(int stop)
{
    m_stop = stop;
    const TourStop &s = m_stops[stop];
    m_title->setText(s.title);
    m_text->setText(s.text);
    m_count->setText(tr("%1 of %2").arg(stop + 1).arg(m_stops.size()));
    m_next->setText(stop + 1 < m_stops.size() ? tr("Next") : tr("Done"));
    m_skip->setVisible(stop + 1 < m_stops.size());
    adjustSize();
    place();
    QFrame::show();
    raise();
    m_next->setFocus();
}

void Tour::place()
{
    if (m_stop < 0)
        return;
    QWidget *target = m_stops[m_stop].target;
    const QRect window = m_window->rect();
    QRect area = window.adjusted(window.width() / 3, window.height() / 3, 0, 0);
    if (target && target->isVisible()) {
        area = QRect(target->mapTo(m_window, QPoint(0, 0)), target->size());
        m_outline->setGeometry(area.adjusted(-3, -3, 3, 3));
        m_outline->show();
        m_outline->raise();
    } else {
        m_outline->hide();
    }
    // Right of the target if there is room, else left of it, else over its lower part; always
    // inside the window.
    const QSize size = sizeHint().expandedTo(QSize(kWidth, 0));
    QPoint at(area.right() + kGap, area.top());
    if (at.x() + size.width() > window.right())
        at.setX(area.left() - kGap - size.width());
    if (at.x() < window.left())
        at = QPoint(area.center().x() - size.width() / 2, area.bottom() - size.height() - kGap);
    at.setX(std::clamp(at.x(), window.left() + kGap, window.right() - size.width() - kGap));
    at.setY(std::clamp(at.y(), window.top() + kGap, window.bottom() - size.height() - kGap));
    setGeometry(QRect(at, size));
    raise();
}

void Tour::end()
{
    m_stop = -1;
    QFrame::hide();
    m_outline->hide();
    QSettings().setValue(seenKey(), true);
    emit finished();
}

bool Tour::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window && event->type() == QEvent::Resize && m_stop >= 0)
        place();
    return QFrame::eventFilter(watched, event);
}

bool Tour::event(QEvent *event)
{
    // Esc is the tour's while it shows (the window's own Esc shortcut waits).
    if (event->type() == QEvent::ShortcutOverride
        && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape) {
        event->accept();
        return true;
    }
    return QFrame::event(event);
}

void Tour::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape)
        end();
    else
        QFrame::keyPressEvent(event);
}

} // namespace moe::ui
