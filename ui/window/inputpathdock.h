#pragma once

// Follow one input in the window (docs/app.md): the InputPathPanel in a dock on the right, fed by
// the maps' pointing and the worker's traces. Hovering a map follows the input under the mouse
// while the panel is open; a click pins it (and opens the panel); a second click or Esc lets go.
// Over a drawn sample (or, for data drawn in its PCA projection, the nearest one) the sample
// itself is traced, with its real feature values; elsewhere the point of the plane. The input
// followed is marked on every map while it is followed.

#include "ui/worker/arenasnapshot.h"
#include "ui/worker/tracesnapshot.h"

#include <QObject>
#include <QPointF>
#include <QPointer>

class QDockWidget;
class QMainWindow;
class QScrollArea;

namespace moe::ui {

class InputPathPanel;
class MapsPanel;
class TrainingWorker;

class InputPathDock : public QObject
{
    Q_OBJECT

public:
    // `latest` is the window's newest snapshot (where the samples are drawn); `worker` lives on
    // its own thread and gets queued calls.
    InputPathDock(QMainWindow *window, MapsPanel *maps, TrainingWorker *worker,
                  const ArenaSnapshot &latest);

    InputPathPanel *panel() const { return m_panel; }
    QDockWidget *dock() const { return m_dock; }
    // What a click at `point` of a map does: the input there is pinned and the panel opened.
    void pinAt(QPointF point, double unitsPerPixel);
    void unpin();
    // The input a map point stands for: the drawn sample within a few pixels (the nearest one
    // for projected data), else the point itself.
    TraceRequest requestAt(QPointF point, double unitsPerPixel) const;
    // Where the input of `request` is drawn on the maps: its sample's point, else its own.
    QPointF drawnAt(const TraceRequest &request) const;

private:
    void pointed(QPointF point, double unitsPerPixel, bool clicked);
    void follow(const TraceRequest &request); // to the worker
    void showTrace(const TraceSnapshot &trace);
    void dataChanged(const ArenaSnapshot &snapshot); // re-resolves a pinned input on new data

    QMainWindow *m_window;
    QPointer<MapsPanel> m_maps; // the marker's maps (gone first when the window closes)
    InputPathPanel *m_panel;
    QScrollArea *m_scroll;
    QDockWidget *m_dock;
    QPointer<TrainingWorker> m_worker; // gone first when the window closes
    const ArenaSnapshot &m_latest;
    TraceRequest m_request; // the one the panel shows
    // Where the pinned input was clicked: on new data (another dataset, or a run whose points
    // differ) the input there is looked up again, since sample numbers refer to the old data.
    QPointF m_pinnedAt;
    double m_pinnedPerPixel = 0.0;
    QString m_dataKey;
};

} // namespace moe::ui
