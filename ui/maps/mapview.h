#pragma once

// One picture of the input plane (a decision or routing map) with the data drawn on top:
// training points filled in their class colour, test points as outlined rings. Scales to any size
// and keeps the plane square. Exportable: the picture at any size (points as vector shapes) and,
// as CSV, the numbers of every map cell and the samples drawn.

#include "ui/export/exportable.h"
#include "ui/maps/colourscale.h"
#include "ui/maps/mapoverlay.h"
#include "ui/worker/arenasnapshot.h"

#include <QTransform>
#include <QWidget>
#include <optional>

namespace moe::ui {

class MapView : public QWidget, public Exportable
{
    Q_OBJECT

public:
    explicit MapView(const QString &title, QWidget *parent = nullptr);

    void setTitle(const QString &title);
    QString title() const { return m_title; }
    const QImage &map() const { return m_map; } // the picture shown (null for a scatter)
    // The picture, its extent in raw coordinates, the points to draw over it, and (for export)
    // the numbers behind the picture.
    void setMap(const QImage &map, const ArenaSnapshot &snapshot, bool showPoints,
                const PlaneCells *cells = nullptr);
    // For data drawn in its PCA projection: every point (training, then test) filled with the
    // colour of `category` (a class, or an expert when `experts`); with `labelsToCheck`, points
    // whose category differs from their label get a black outline (misclassified).
    void setScatter(const ArenaSnapshot &snapshot, const QVector<int> &category, bool experts,
                    bool labelsToCheck);
    QSize minimumSizeHint() const override { return {180, 200}; }
    // Height the view has beyond its title, its square plane and its colour scale (negative:
    // the plane is cut to less than the view's width).
    int spareHeight() const;
    // A map of experts (routing): drawn cell by cell, never blended between cells (the blend of
    // two experts' colours is no expert's), with the territories' borders, each expert's number
    // in its territory and, with `hatchTies`, a hatch where the router is nearly tied.
    void setExpertOverlay(int experts, bool numbers, bool hatchTies);
    // The colour bar under the plane (an invalid scale: none).
    void setColourScale(const ColourScale &scale);
    const ColourScale &colourScale() const { return m_scale; }
    // Test points (rings) drawn or not.
    void setShowTest(bool show);
    // A line written across the plane, over a hatch ("never picked"); empty: none.
    void setNote(const QString &note);
    QString note() const { return m_note; }
    // File stem and report heading (the view's own title, a model's name, is drawn inside).
    void setExportName(const QString &name, const QString &title)
    {
        m_exportName = name;
        m_exportTitle = title;
    }
    // What the colours mean, drawn under the map in exports (on screen the panel shows it).
    void setLegend(const QVector<QPair<QColor, QString>> &items) { m_legend = items; }
    // The numbers behind the picture shown (empty for a scatter or the all-choices picture).
    const PlaneCells &cells() const { return m_cells; }
    // A map of experts: experts first..last in full colour, the rest greyed, their border and
    // numbers bold (mapview_marks.cpp); an inactive range restores the map.
    void setHighlightedExperts(ExpertRange highlight);
    ExpertRange highlightedExperts() const { return m_highlight; }
    // Follow one input: a ring with a cross hair at `point` (plane coordinates, as planePointed
    // gives them) while an input is followed; nullopt: none.
    void setFollowMarker(std::optional<QPointF> point);
    std::optional<QPointF> followMarker() const { return m_marker; }
    // Where plane point `point` is drawn in the view (the marker's centre).
    QPointF pixelOf(const QPointF &point) const;
    QString exportName() const override { return m_exportName; }
    QString exportTitle() const override { return m_exportTitle; }
    QSize exportSize() const override;
    void renderExport(QPainter &painter, const QRectF &target) override;
    QString exportCsv() const override;

signals:
    void resized();
    // The mouse over the plane (Follow one input): `point` in the plane's coordinates (raw, or
    // the PCA projection), `unitsPerPixel` the plane length one screen pixel spans, `clicked` on
    // a press of the left button. planeLeft: the mouse left the view.
    void planePointed(QPointF point, double unitsPerPixel, bool clicked);
    void planeLeft();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    QRectF plotArea(const QSize &size) const; // the square the plane is drawn in, below the title
    int titleHeightAt(int width) const;       // the title's one or two lines and their margin
    int scaleHeight() const;                  // the colour bar's, 0 without one
    void drawOverlays(QPainter &painter, const QRectF &area) const;
    // The whole view at `size`; `cached` draws the points from the cached layer (on screen).
    void paintView(QPainter &painter, const QSize &size, bool cached);
    void takePoints(const ArenaSnapshot &snapshot, bool showPoints); // points and extent
    // Raw plane coordinates (the snapshot's extent) to pixels of `area`, where the plane is drawn.
    QTransform planeToArea(const QRectF &area) const;
    void drawPoints(QPainter &painter, const QRectF &area) const;
    void drawScatter(QPainter &painter, const QRectF &area) const;
    void pointAt(const QPointF &position, bool clicked); // emits planePointed inside the plane

    QString m_title;
    QString m_exportName = QStringLiteral("map"), m_exportTitle = tr("Map");
    PlaneCells m_cells;      // the numbers behind m_map
    QVector<int> m_category; // scatter: the category each point is coloured by
    QVector<QPair<QColor, QString>> m_legend;
    int legendRows(int width) const;
    QImage m_map;
    DataPoints m_points;
    double m_xMin = -1, m_xMax = 1, m_yMin = -1, m_yMax = 1;
    bool m_showPoints = true;
    bool m_showTest = true;
    int m_overlayExperts = 0; // > 0: a map of this many experts (see setExpertOverlay)
    bool m_numbers = false, m_hatchTies = false;
    ColourScale m_scale;
    QString m_note;
    QVector<QColor> m_fill; // per point, training then test; empty unless a scatter is shown
    QVector<bool> m_marked; // per point: outlined in black
    QString m_emptyText = tr("Waiting for the first snapshot");
    // The points, drawn once into a transparent layer: hundreds of antialiased circles are the
    // costliest part of a repaint, and they change far less often than the map under them.
    QPixmap m_layer;
    bool m_layerValid = false;
    bool m_hasSnapshot = false;

    // Highlight and follow marker (mapview_marks.cpp), drawn over everything else.
    const QImage &shownMap() const; // m_map, or its highlighted copy
    void drawMarks(QPainter &painter, const QRectF &area) const;
    ExpertRange m_highlight;
    std::optional<QPointF> m_marker;
    mutable QImage m_highlighted; // m_map with the highlight, for m_highlightedKey
    mutable std::pair<qint64, ExpertRange> m_highlightedKey {0, {}};
};

} // namespace moe::ui
