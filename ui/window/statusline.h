#pragma once

// The window's status bar line: the live figures of the run (step, speed, sizes) and, above them
// while there is one, the status message (a divergence pause, "Saved ...", a step budget), in
// bold and wrapped to as many lines as it needs. QStatusBar draws its own message only left of
// the permanent widgets, and the figures take the whole width, so a message there was never seen:
// every QStatusBar::showMessage now shows here instead, whole, and leaves with its timeout.

#include <QWidget>

class QLabel;
class QStatusBar;

namespace moe::ui {

class LiveLabel;

class StatusLine : public QWidget
{
    Q_OBJECT

public:
    // Adds itself to `bar` as its permanent widget (the whole width) and follows its messages.
    explicit StatusLine(QStatusBar *bar);
    void setFigures(const QString &text);
    QString figures() const;
    QString message() const; // the message shown, empty when none

private:
    void showMessage(const QString &message);

    QLabel *m_message;
    LiveLabel *m_figures;
};

} // namespace moe::ui
