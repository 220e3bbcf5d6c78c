#pragma once

// The three pictures of the plane side by side: what the dense model predicts, what the MoE
// predicts, and which expert the MoE's router picks (with the expert legend). A check box swaps the
// routing map for one small map per expert showing its gate weight, like TensorFlow Playground's
// per-neuron maps.

#include "ui/maps/affinityview.h"
#include "ui/maps/mapview.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QLabel>
#include <QWidget>

namespace moe::ui {

class ExpertLegend;

class MapsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit MapsPanel(QWidget *parent = nullptr);
    void showSnapshot(const ArenaSnapshot &snapshot);

    MapView *denseMap() const { return m_dense; }
    MapView *moeMap() const { return m_moe; }
    MapView *routingMap() const { return m_routing; }
    AffinityView *affinity() const { return m_affinity; }
    // Height the panel could give away (negative: could use) so that the routing map, the
    // tightest of the three, is exactly square; 0 while the per-expert maps are shown.
    int spareHeight() const;

signals:
    void resized(); // the routing map changed size (the panel did, or the legend under it)
    // The mouse over any of the maps (MapView::planePointed, planeLeft): Follow one input.
    void planePointed(QPointF point, double unitsPerPixel, bool clicked);
    void planeLeft();

private:
    void rebuildExpertGrid(int experts);
    void forwardPointing(MapView *view);

    MapView *m_dense, *m_moe, *m_routing;
    QWidget *m_expertGrid;
    QGridLayout *m_expertLayout;
    std::vector<MapView *> m_expertViews;
    ExpertLegend *m_legend;
    AffinityView *m_affinity;
    QCheckBox *m_perExpert;
    ArenaSnapshot m_last;
};

} // namespace moe::ui
