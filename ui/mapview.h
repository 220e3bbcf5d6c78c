#pragma once

// One picture of the input plane (a decision or routing map) with the data drawn on top:
// training points filled in their class colour, test points as outlined rings. Scales to any size
// and keeps the plane square.

#include "arenasnapshot.h"

#include <QWidget>

namespace moe::ui {

class MapView : public QWidget
{
    Q_OBJECT

public:
    explicit MapView(const QString &title, QWidget *parent = nullptr);

    void setTitle(const QString &title);
    // The picture, its extent in raw coordinates, and the points to draw over it.
    void setMap(const QImage &map, const ArenaSnapshot &snapshot, bool showPoints);
    // For data drawn in its PCA projection: every point (training, then test) filled with the
    // colour of `category` (a class, or an expert when `experts`); with `labelsToCheck`, points
    // whose category differs from their label get a black outline (misclassified).
    void setScatter(const ArenaSnapshot &snapshot, const QVector<int> &category, bool experts,
                    bool labelsToCheck);
    QSize minimumSizeHint() const override { return {180, 200}; }

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QRectF plotArea() const; // the square the plane is drawn in, below the title
    void takePoints(const ArenaSnapshot &snapshot, bool showPoints); // points and extent
    void drawPoints(QPainter &painter, const QRectF &area) const;
    void drawScatter(QPainter &painter, const QRectF &area) const;

    QString m_title;
    QImage m_map;
    DataPoints m_points;
    double m_xMin = -1, m_xMax = 1, m_yMin = -1, m_yMax = 1;
    bool m_showPoints = true;
    QVector<QColor> m_fill; // per point, training then test; empty unless a scatter is shown
    QVector<bool> m_marked; // per point: outlined in black
    QString m_emptyText = tr("Waiting for the first snapshot");
    // The points, drawn once into a transparent layer: hundreds of antialiased circles are the
    // costliest part of a repaint, and they change far less often than the map under them.
    QPixmap m_layer;
    bool m_layerValid = false;
    bool m_hasSnapshot = false;
};

} // namespace moe::ui
