#pragma once

// Every view of a run, laid out as the window shows them: the maps above; the expert load beside
// the curves and the capacity charts (tabs) below. One snapshot feeds them all. The window makes
// this its central widget; the command line builds it alone, at the size it has in the window, to
// export the same charts without a window (ui/export/headless.h).

#include "ui/export/chartexport.h"
#include "ui/worker/arenasnapshot.h"

#include <QSplitter>
#include <memory>
#include <vector>

class QTabWidget;

namespace moe::ui {

class CapacityPanel;
class CurvesPanel;
class ExpertLoadPanel;
class MapsPanel;

class ArenaViews : public QSplitter
{
    Q_OBJECT

public:
    // The central area of a 1280x720 window (the controls dock on its left, the menu and status
    // bars above and below): the size at which the command line draws the views, so that its
    // charts are the app's. tst_panels checks it against the window.
    static constexpr QSize kWindowedSize {921, 676};

    explicit ArenaViews(QWidget *parent = nullptr);

    MapsPanel *maps() const { return m_maps; }
    ExpertLoadPanel *load() const { return m_load; }
    CurvesPanel *curves() const { return m_curves; }
    CapacityPanel *capacity() const { return m_capacity; }
    // Every chart and map, in the order of the Export menu and of reports.
    const std::vector<Exportable *> &exportables() const { return m_exportables; }
    // The chart behind each Qt Charts exportable (its view gets the chart's context menu).
    const std::vector<std::unique_ptr<ChartExport>> &chartExports() const { return m_chartExports; }

    void showSnapshot(const ArenaSnapshot &snapshot);
    // Charts that are not on screen are redrawn only when shown: bring them up to date.
    void drawHiddenNow();
    // Brings the capacity-versus-compute charts to the front (instead of the curves).
    void showCapacityView();
    // Presentation mode: the view options (check boxes, smoothing) hidden, the load and the
    // curves sharing the bottom row equally; off restores the windowed layout.
    void setPresenting(bool on);
    // Brings the view with this export name to the front (its tab, its capacity view) and returns
    // its widget, or nullptr for no such view.
    QWidget *bringToFront(const QString &name);

    // Narrow (a 1280-pixel projector with a lesson open, in presentation mode's large type): the
    // secondary views make room for the primary ones. The class-by-expert table goes, and the
    // expert load becomes a tab beside the curves instead of sharing their row, unless a lesson
    // points at it (the view brought to front stays in front).
    bool isCompact() const { return m_compact; }

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override; // a new font (presentation mode): lay out again

private:
    void relayout();                   // compact or not, from the width in lines of text
    QList<int> windowedBottom() const; // the load and the chart tabs' split in the window
    void fitMaps(); // the maps get the height their squares need; the charts get the rest

    MapsPanel *m_maps;
    ExpertLoadPanel *m_load;
    CurvesPanel *m_curves;
    CapacityPanel *m_capacity;
    QTabWidget *m_charts;
    QSplitter *m_bottom = nullptr; // the load beside the chart tabs
    QList<int> m_windowedBottom;
    bool m_presenting = false;
    bool m_compact = false;
    QString m_front;              // the view last brought to front (a lesson's): never dropped
    bool m_userSizedMaps = false; // the maps/charts divider was dragged: keep it where it is
    std::vector<std::unique_ptr<ChartExport>> m_chartExports;
    std::vector<Exportable *> m_exportables;
};

} // namespace moe::ui
