#pragma once

// The three pictures of the plane side by side: what the dense model predicts, what the MoE
// predicts, and where the MoE's router sends each point (with the expert legend). A selector
// picks which of each point's k choices the routing map shows (or all of them, each cell split in
// k stripes); a check box swaps the routing map for one small map per expert showing its gate
// weight, like TensorFlow Playground's per-neuron maps, each with its colour scale and load. View
// options beside the maps (kept in QSettings under view/maps*, with the choice shown and the
// per-expert maps): test data shown or not, and the decision maps as hard regions ("Discretize
// output"). Hovering an expert's box in the legend, a point of the routing map or an expert's
// own map highlights that expert (expertsHovered, for the load chart too); the input followed
// (Follow one input) is marked on every map.

#include "ui/maps/affinityview.h"
#include "ui/maps/mapview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QWidget>
#include <optional>

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
    ExpertLegend *legend() const { return m_legend; }
    const std::vector<MapView *> &expertViews() const { return m_expertViews; }
    QComboBox *choiceBox() const { return m_choice; }
    QCheckBox *perExpertBox() const { return m_perExpert; }
    QCheckBox *testDataBox() const { return m_showTest; }
    QCheckBox *discretizeBox() const { return m_discretize; }
    // The class-by-expert table beside the maps, or not (a narrow window: the maps keep the
    // room). Shown only for classification data either way.
    void setAffinityAllowed(bool allowed);
    // Height the panel could give away (negative: could use) so that the routing map, the
    // tightest of the three, is exactly square; 0 while the per-expert maps are shown.
    int spareHeight() const;
    // Experts first..last (0-based) highlighted on the routing map and the legend, and announced
    // (expertsHovered); first < 0: none.
    void highlightExperts(int first, int last);
    ExpertRange highlightedExperts() const { return m_highlight; }
    // The input followed, marked on every map (plane coordinates); nullopt: none.
    void setFollowMarker(std::optional<QPointF> point);

signals:
    void resized(); // the routing map changed size (the panel did, or the legend under it)
    // The mouse over any of the maps (MapView::planePointed, planeLeft): Follow one input.
    void planePointed(QPointF point, double unitsPerPixel, bool clicked);
    void planeLeft();
    // The experts highlighted changed (-1, -1: none).
    void expertsHovered(int first, int last);

private:
    void rebuildExpertGrid(int experts);
    void updateChoices(int choices, bool expertChoice);
    void showRouting(const ArenaSnapshot &s);
    void showExpertMaps(const ArenaSnapshot &s);
    void showDecisions(const ArenaSnapshot &s);
    void forwardPointing(MapView *view);
    void pointedOnRouting(QPointF point); // highlights the expert of the cell under the mouse

    MapView *m_dense, *m_moe, *m_routing;
    QWidget *m_expertGrid;
    QGridLayout *m_expertLayout;
    std::vector<MapView *> m_expertViews;
    ExpertLegend *m_legend;
    AffinityView *m_affinity;
    QComboBox *m_choice;
    QCheckBox *m_perExpert, *m_showTest, *m_discretize;
    ArenaSnapshot m_last;
    bool m_affinityAllowed = true;
    ExpertRange m_highlight;
    std::optional<QPointF> m_marker;
};

} // namespace moe::ui
