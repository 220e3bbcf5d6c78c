#include "ui/window/shortcutkeys.h"

#include <QAbstractItemView>
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
    if (event->type() != QEvent::ShortcutOverride && event->type() != QEvent::KeyPress)
        return false;
    auto *widget = qobject_cast<QWidget *>(watched);
    if (!widget || widget != QApplication::focusWidget() || widget->window() != m_window)
        return false;
    auto *key = static_cast<QKeyEvent *>(event);
    if (event->type() == QEvent::ShortcutOverride) {
        // Not accepting the override lets the window's shortcut have the key; the widget never
        // sees it.
        if (isOneKeyShortcut(key) && keyIsShortcutFor(widget)) {
            event->ignore();
            return true;
        }
        return false;
    }
    if (key->key() == Qt::Key_Escape && key->modifiers() == Qt::NoModifier && isInput(widget)) {
        if (auto *combo = qobject_cast<QComboBox *>(widget); combo && combo->view()->isVisible())
            return false; // Esc closes an open list first
        // Losing focus makes a spin box take what was typed (as Enter would).
        widget->clearFocus();
        m_window->setFocus(Qt::ShortcutFocusReason);
        return true;
    }
    return false;
}

} // namespace moe::ui
