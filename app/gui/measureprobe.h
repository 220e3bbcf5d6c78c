#pragma once

// `moelab --measure S`: a 5 ms timer on the UI thread is the event-loop latency probe (any gap
// beyond 5 ms is a stall); after S seconds the figures are printed and the app quits: steps per
// second, view refreshes per second, the longest stall, and for the 2-D arena the maps' size and
// cost, for the Text arena both models' validation loss and when each first went below the bigram
// level. In the Text arena the steady figures are followed by 12 seconds of what a teacher does
// while it trains (switching arenas and back, a control that rebuilds the models and back, a live
// one, typing a sentence into the passage), each with its own longest stall. Not a test:
// docs/benchmarks.md has the figures.

#include "ui/text/textsnapshot.h"
#include "ui/window/mainwindow.h"

#include <QElapsedTimer>
#include <QList>
#include <QPair>
#include <QString>
#include <QTimer>

namespace moe::gui {

class MeasureProbe
{
public:
    void start(moe::ui::MainWindow &window, double seconds);

private:
    void noteBigram(const moe::ui::TextSnapshot &s);
    void printText(const moe::ui::TextSnapshot &s, double seconds) const;
    void interact(moe::ui::MainWindow &window); // the Text arena's 12 seconds of actions
    void printInteractions() const;

    QTimer m_probe;
    QElapsedTimer m_sinceTick, m_sinceStart;
    qint64 m_moeBelow = -1, m_denseBelow = -1;
    qint64 m_longestStall = 0;
    QString m_phase;                             // the action under way ("" : steady training)
    QList<QPair<QString, qint64>> m_phaseStalls; // each action's longest stall, in order
    int m_repaints = 0;
};

} // namespace moe::gui
