#include "ui/window/shortcutkeys.h"

#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMainWindow>
#include <QPlainTextEdit>
#include <QTextEdit>

namespace moe::ui {

namespace {
bool isOneKeyShortcut(const QKeyEvent *key)
{
    const Qt::KeyboardModifiers modifiers = key->modifiers() & ~Qt::KeypadModifier;
    if (modifiers != Qt::NoModifier)
        return false;
    return key->key() == Qt::Key_Space || key->key() == Qt::Key_S || key->key() == Qt::Key_R;
}

bool isInput(const QWidget *w)
{
    for (; w; w = w->parentWidget())
        if (qobject_cast<const QAbstractSpinBox *>(w) || qobject_cast<const QLineEdit *>(w)
            || qobject_cast<const QComboBox *>(w) || qobject_cast<const QTextEdit *>(w)
            || qobject_cast<const QPlainTextEdit *>(w))
            return true;
    return false;
}
} // namespace

ShortcutKeys::ShortcutKeys(QMainWindow *window)
    : QObject(window)
    , m_window(window)
{
    qApp->installEventFilter(this);
}

bool ShortcutKeys::keyIsShortcutFor(const QWidget *focus)
{
    if (!focus)
        return true;
    if (qobject_cast<const QTextEdit *>(focus) || qobject_cast<const QPlainTextEdit *>(focus))
        return focus->property("readOnly").toBool();
    if (const auto *edit = qobject_cast<const QLineEdit *>(focus)) {
        // A spin box's own line edit takes digits, signs and a decimal point, never these keys.
        if (qobject_cast<const QAbstractSpinBox *>(edit->parentWidget()))
            return true;
        return edit->isReadOnly();
    }
    return true;
}

bool ShortcutKeys::eventFilter(QObject *watched, QEvent *event)
{
    // Every key is offered as a ShortcutOverride first: here the one-key shortcuts win over the
    // widget, and Esc in a control takes the focus back before any window shortcut sees it.
    if (event->type() != QEvent::ShortcutOverride)
        return false;
    auto *widget = qobject_cast<QWidget *>(watched);
    if (!widget || widget != QApplication::focusWidget() || widget->window() != m_window)
        return false;
    auto *key = static_cast<QKeyEvent *>(event);
    if (isOneKeyShortcut(key) && keyIsShortcutFor(widget)) {
        // Not accepting the override lets the window's shortcut have the key; the widget never
        // sees it.
        event->ignore();
        return true;
    }
    if (key->key() == Qt::Key_Escape && key->modifiers() == Qt::NoModifier && isInput(widget)) {
        // Losing focus makes a spin box take what was typed (as Enter would). Accepting the
        // override keeps Esc from also triggering a window shortcut (e.g. unpinning an input).
        widget->clearFocus();
        m_window->setFocus(Qt::ShortcutFocusReason);
        event->accept();
        return true;
    }
    return false;
}

} // namespace moe::ui
