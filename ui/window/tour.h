#pragma once

// A short first-run tour: four callouts, one after another, each beside the part of the window it
// explains (the controls, the maps, the expert load, the curves). Next moves on, Skip (or Esc)
// ends it. Shown once, the first time the app opens; Help > "Take the tour" shows it again.

#include <QFrame>
#include <QPointer>
#include <QVector>

class QLabel;
class QMainWindow;
class QPushButton;

namespace moe::ui {

struct TourStop
{
    QPointer<QWidget> target; // what the callout points at (outlined)
    QString title, text;
};

class Tour : public QFrame
{
    Q_OBJECT

public:
    Tour(QMainWindow *window, QVector<TourStop> stops);

    // Starts at the first stop (again, if it was running).
    void start();
    int stopIndex() const { return m_stop; } // -1 when not running
    QString text() const;                    // the callout's text now (tests)

    // The QSettings key that records the tour was seen (or skipped).
    static QString seenKey();

signals:
    void finished();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void showStop(int stop);
    void place(); // beside its target, inside the window
    void end();

    QMainWindow *m_window;
    QVector<TourStop> m_stops;
    QFrame *m_outline;
    QLabel *m_title, *m_text, *m_count;
    QPushButton *m_next, *m_skip;
    int m_stop = -1;
};

} // namespace moe::ui
