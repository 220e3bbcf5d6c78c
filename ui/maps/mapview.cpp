#include "ui/maps/mapview.h"

#include "ui/export/chartexport.h"
#include "ui/maps/mapoverlay.h"
#include "ui/maps/maptitle.h"
#include "ui/style/palette.h"

#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace moe::ui {

MapView::MapView(const QString &title, QWidget *parent)
    : QWidget(parent)
    , m_title(title)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setMouseTracking(true); // hovering follows an input (planePointed)
}

void MapView::setTitle(const QString &title)
{
    if (title == m_title)
        return;
    m_title = title;
    update();
}

void MapView::setMap(const QImage &map, const ArenaSnapshot &snapshot, bool showPoints,
                     const PlaneCells *cells)
{
    // Snapshots share the worker's point arrays until the data change: same arrays, same points.
    const DataPoints &p = snapshot.points;
    const bool samePoints = m_hasSnapshot && m_fill.isEmpty()
        && p.train.constData() == m_points.train.constData()
        && p.test.constData() == m_points.test.constData()
        && p.train.size() == m_points.train.size() && p.test.size() == m_points.test.size()
        && m_xMin == snapshot.xMin && m_xMax == snapshot.xMax && m_yMin == snapshot.yMin
        && m_yMax == snapshot.yMax && m_showPoints == showPoints;
    if (samePoints && map.cacheKey() == m_map.cacheKey())
        return; // no new picture (maps are refreshed less often than snapshots arrive)
    m_layerValid = m_layerValid && samePoints;
    takePoints(snapshot, showPoints);
    m_map = map;
    m_cells = cells ? *cells : PlaneCells {};
    m_fill.clear();
    m_marked.clear();
    m_category.clear();
    m_emptyText = snapshot.twoDimensional
        ? QString()
        : tr("Maps need 2-D data: this dataset has more features");
    update();
}

void MapView::setScatter(const ArenaSnapshot &snapshot, const QVector<int> &category, bool experts,
                         bool labelsToCheck)
{
    QVector<QColor> fill;
    QVector<bool> marked;
    const QVector<int> labels = snapshot.points.trainLabels + snapshot.points.testLabels;
    for (qsizetype i = 0; i < category.size() && i < labels.size(); ++i) {
        fill.append(category[i] < 0 ? QColor(0xBBBBBB)
                        : experts   ? expertColor(category[i], snapshot.moe.config.moe.experts)
                                    : classColor(category[i]));
        marked.append(labelsToCheck && category[i] != labels[i]);
    }
    const bool same = m_hasSnapshot && m_map.isNull() && fill == m_fill && marked == m_marked
        && snapshot.points.train.constData() == m_points.train.constData()
        && snapshot.points.test.constData() == m_points.test.constData();
    if (same)
        return;
    m_layerValid = false;
    takePoints(snapshot, true);
    m_map = QImage();
    m_cells = PlaneCells {};
    m_category = category;
    m_fill = fill;
    m_marked = marked;
    m_emptyText.clear();
    update();
}

void MapView::setExpertOverlay(int experts, bool numbers, bool hatchTies)
{
    if (experts == m_overlayExperts && numbers == m_numbers && hatchTies == m_hatchTies)
        return;
    m_overlayExperts = experts;
    m_numbers = numbers;
    m_hatchTies = hatchTies;
    update();
}

void MapView::setColourScale(const ColourScale &scale)
{
    const bool resized = scale.isValid() != m_scale.isValid();
    m_scale = scale;
    if (resized) {
        m_layerValid = false;
        updateGeometry();
    }
    update();
}

void MapView::setShowTest(bool show)
{
    if (show == m_showTest)
        return;
    m_showTest = show;
    m_layerValid = false;
    update();
}

void MapView::setNote(const QString &note)
{
    if (note == m_note)
        return;
    m_note = note;
    update();
}

void MapView::takePoints(const ArenaSnapshot &snapshot, bool showPoints)
{
    m_hasSnapshot = true;
    m_points = snapshot.points;
    m_xMin = snapshot.xMin;
    m_xMax = snapshot.xMax;
    m_yMin = snapshot.yMin;
    m_yMax = snapshot.yMax;
    m_showPoints = showPoints;
}

void MapView::resizeEvent(QResizeEvent *event)
{
    m_layerValid = false;
    QWidget::resizeEvent(event);
    emit resized();
}

int MapView::titleHeightAt(int width) const
{
    const MapTitle title = layOutTitle(m_title, font(), width);
    return int(title.lines.size()) * QFontMetrics(title.font).height() + 6;
}

int MapView::spareHeight() const
{
    return height() - titleHeightAt(width()) - scaleHeight() - width();
}

int MapView::scaleHeight() const
{
    // Labels under the bar only where there is room for "-1.2 ... 1.2" (not the smallest
    // per-expert maps).
    return m_scale.isValid() ? colourScaleHeight(fontMetrics(), width() >= 70) + 2 : 0;
}

QRectF MapView::plotArea(const QSize &size) const
{
    const int titleHeight = titleHeightAt(size.width());
    const int side
        = std::max(10, std::min(size.width(), size.height() - titleHeight - scaleHeight()));
    return {(size.width() - side) / 2.0, double(titleHeight), double(side), double(side)};
}

void MapView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    paintView(painter, size(), true);
}

namespace {
constexpr int kLegendCell = 96; // width of one legend entry in an export
}

int MapView::legendRows(int width) const
{
    const int perRow = std::max(1, width / kLegendCell);
    return int((m_legend.size() + perRow - 1) / perRow);
}

QSize MapView::exportSize() const
{
    // The square plane under its title, then the legend: at least 420 pixels a side, so that a
    // map from a small window still prints well.
    const int side
        = std::max(420, std::min(width(), height() - titleHeightAt(width()) - scaleHeight()));
    const int titleHeight = titleHeightAt(side);
    return {side,
            titleHeight + side + scaleHeight() + legendRows(side) * (fontMetrics().height() + 6)
                + 8};
}

void MapView::renderExport(QPainter &painter, const QRectF &target)
{
    const QSize natural = exportSize();
    const int side = natural.width(), titleHeight = titleHeightAt(side);
    painter.save();
    painter.translate(target.topLeft());
    painter.scale(target.width() / natural.width(), target.height() / natural.height());
    // points as vector shapes
    paintView(painter, QSize(side, titleHeight + side + scaleHeight()), false);
    const int line = fontMetrics().height() + 6, perRow = std::max(1, side / kLegendCell);
    painter.setFont(font());
    for (int i = 0; i < int(m_legend.size()); ++i) {
        const QRectF cell((i % perRow) * kLegendCell,
                          titleHeight + side + scaleHeight() + 6 + (i / perRow) * line, kLegendCell,
                          line);
        const double box = line - 8;
        painter.fillRect(QRectF(cell.left(), cell.top() + 4, box, box), m_legend[i].first);
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(cell.adjusted(box + 4, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                         m_legend[i].second);
    }
    painter.restore();
}

void MapView::paintView(QPainter &painter, const QSize &size, bool cached)
{
    painter.setRenderHint(QPainter::Antialiasing);
    const MapTitle title = layOutTitle(m_title, font(), size.width());
    painter.setPen(palette().color(QPalette::WindowText));
    painter.setFont(title.font);
    const int line = QFontMetrics(title.font).height();
    for (int i = 0; i < int(title.lines.size()); ++i)
        painter.drawText(QRect(0, 3 + i * line, size.width(), line), Qt::AlignCenter,
                         title.lines[i]);
    painter.setFont(font());

    const QRectF area = plotArea(size);
    const bool scatter = m_map.isNull() && !m_fill.isEmpty(); // the PCA projection
    if (m_map.isNull() && !scatter) {
        painter.drawRect(area);
        painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, m_emptyText);
        return;
    }
    if (scatter)
        painter.fillRect(area, mapBackground());
    else {
        // Maps are computed coarse (tens of pixels a side): smooth them as they are enlarged,
        // except maps of experts, whose cells are categories.
        painter.setRenderHint(QPainter::SmoothPixmapTransform, m_overlayExperts == 0);
        painter.drawImage(area, shownMap());
        drawOverlays(painter, area);
    }
    painter.setPen(QPen(QColor(0x555555), 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(area);
    if (m_scale.isValid()) {
        const QRectF bar(area.left(), area.bottom() + 3, area.width(), scaleHeight() - 3);
        drawColourScale(painter, bar, m_scale, palette().color(QPalette::WindowText));
    }
    if (m_showPoints && !cached) {
        if (scatter)
            drawScatter(painter, area);
        else
            drawPoints(painter, area);
    } else if (m_showPoints) {
        if (!m_layerValid) {
            const qreal ratio = devicePixelRatioF();
            m_layer = QPixmap(size * ratio);
            m_layer.setDevicePixelRatio(ratio);
            m_layer.fill(Qt::transparent);
            QPainter layer(&m_layer);
            layer.setRenderHint(QPainter::Antialiasing);
            if (scatter)
                drawScatter(layer, area);
            else
                drawPoints(layer, area);
            m_layerValid = true;
        }
        painter.drawPixmap(0, 0, m_layer);
    }
    if (!scatter && m_numbers && m_overlayExperts > 0) // over the points: always readable
        drawExpertNumbers(painter, area, m_cells, m_overlayExperts, font(), m_highlight);
    drawMarks(painter, area); // the highlighted experts' border, the followed input
    if (scatter) {
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(area.adjusted(4, 2, -4, -2), Qt::AlignBottom | Qt::AlignRight,
                         tr("principal components 1 and 2"));
    }
}

void MapView::drawOverlays(QPainter &painter, const QRectF &area) const
{
    if (m_overlayExperts > 0 && m_cells.grid.resolution > 0) {
        if (m_hatchTies)
            drawTieHatch(painter, area, m_cells);
        drawTerritoryBorders(painter, area, m_cells);
    }
    if (!m_note.isEmpty()) { // over a grey hatch: this map has nothing to show
        painter.fillRect(area, QBrush(QColor(0x999999), Qt::BDiagPattern));
        // On one line, down to 6 points; where even that does not fit (the smallest per-expert
        // maps) the hatch alone says it, and the view's tool tip.
        QFont f = font();
        f.setBold(true);
        while (f.pointSizeF() > 6.0
               && QFontMetricsF(f).horizontalAdvance(m_note) > area.width() - 4)
            f.setPointSizeF(f.pointSizeF() - 0.5);
        if (QFontMetricsF(f).horizontalAdvance(m_note) > area.width() - 4)
            return;
        painter.setFont(f);
        const QRectF box = painter.boundingRect(area, Qt::AlignCenter, m_note);
        painter.fillRect(box.adjusted(-2, 0, 2, 0), QColor(255, 255, 255, 220));
        painter.setPen(Qt::black);
        painter.drawText(area, Qt::AlignCenter, m_note);
        painter.setFont(font());
    }
}

QString MapView::exportCsv() const
{
    // The map's cells (centre coordinates, what the model says there), then the samples drawn.
    // category: the predicted class or top expert (for samples in a PCA scatter, the one their
    // colour shows); strength: the confidence (regression maps: the value); label: a sample's.
    QString out = QStringLiteral("layer,x,y,category,strength,label\n");
    const PlaneCells &c = m_cells;
    const int n = c.grid.resolution;
    const QTransform toPlane = c.grid.pixelToPlane();
    for (qsizetype i = 0; !m_map.isNull() && i < c.category.size(); ++i) {
        const QPointF centre = toPlane.map(QPointF(double(i % n) + 0.5, double(i / n) + 0.5));
        out += QStringLiteral("map,%1,%2,%3,%4,\n")
                   .arg(csvNumber(centre.x()), csvNumber(centre.y()),
                        c.category[i] < 0 ? QString() : QString::number(c.category[i]),
                        csvNumber(double(c.strength[i])));
    }
    if (!m_showPoints)
        return out;
    const auto points = [&](const QVector<QPointF> &xy, const QVector<int> &labels,
                            const char *layer, qsizetype offset) {
        for (qsizetype i = 0; i < xy.size(); ++i) {
            const QString shown = m_category.size() > offset + i
                ? QString::number(m_category[offset + i])
                : QString();
            out += QStringLiteral("%1,%2,%3,%4,,%5\n")
                       .arg(QLatin1String(layer), csvNumber(xy[i].x()), csvNumber(xy[i].y()), shown)
                       .arg(labels.value(i));
        }
    };
    points(m_points.train, m_points.trainLabels, "train", 0);
    points(m_points.test, m_points.testLabels, "test", m_points.train.size());
    return out;
}

QTransform MapView::planeToArea(const QRectF &area) const
{
    // The plane's corner (xMin, yMax) goes to the area's top left, (xMax, yMin) to its bottom
    // right: y points up in the plane, down on screen.
    return QTransform::fromTranslate(area.left(), area.top())
        .scale(area.width() / (m_xMax - m_xMin), -area.height() / (m_yMax - m_yMin))
        .translate(-m_xMin, -m_yMax);
}

namespace {
// Every n-th point, so that the dots cover at most about a quarter of the map and the model's
// colours stay visible under them (the 20,480 samples of the grid demo would bury the map). The
// same points at every refresh: a fixed stride from the first.
qsizetype pointStride(qsizetype count, const QRectF &area, double radius)
{
    const double fit = 0.25 * area.width() * area.height() / (M_PI * radius * radius);
    return std::max<qsizetype>(1, qsizetype(std::ceil(double(count) / std::max(1.0, fit))));
}
} // namespace

void MapView::drawPoints(QPainter &painter, const QRectF &area) const
{
    const QTransform toArea = planeToArea(area);
    const double radius = std::clamp(area.width() / 160.0, 1.5, 4.0);
    const qsizetype stride
        = pointStride(m_points.train.size() + m_points.test.size(), area, radius + 0.5);
    // A class's colour, or for regression the target's on the maps' diverging scale.
    const bool regression = m_points.classes == 0;
    const auto colour
        = [&](const QVector<int> &labels, const QVector<float> &targets, qsizetype i) {
              return regression ? divergingColor(double(targets.value(i)) / m_points.valueScale)
                                : classColor(labels[i]);
          };
    // Regression dots get a faint dark rim: a target near 0 is as white as the map around it.
    painter.setPen(regression ? QPen(QColor(0, 0, 0, 110), 0.6) : QPen(Qt::white, 0.8));
    for (qsizetype i = 0; i < m_points.train.size(); i += stride) {
        painter.setBrush(colour(m_points.trainLabels, m_points.trainTargets, i));
        painter.drawEllipse(toArea.map(m_points.train[i]), radius, radius);
    }
    for (qsizetype i = 0; m_showTest && i < m_points.test.size(); i += stride) { // test: rings
        if (regression) { // a dark ring around a ring of the target's colour
            painter.setBrush(Qt::NoBrush);
            painter.setPen(QPen(QColor(0, 0, 0, 110), 2.4));
            painter.drawEllipse(toArea.map(m_points.test[i]), radius + 1.0, radius + 1.0);
        }
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(colour(m_points.testLabels, m_points.testTargets, i), 1.6));
        painter.drawEllipse(toArea.map(m_points.test[i]), radius + 1.0, radius + 1.0);
    }
}

void MapView::drawScatter(QPainter &painter, const QRectF &area) const
{
    const QTransform toArea = planeToArea(area);
    const double radius = std::clamp(area.width() / 160.0, 1.5, 4.0);
    const QVector<QPointF> all = m_points.train + m_points.test;
    const qsizetype stride = pointStride(all.size(), area, radius);
    const qsizetype shown = m_showTest ? all.size() : m_points.train.size(); // test: after
    for (qsizetype i = 0; i < shown && i < m_fill.size(); i += stride) {
        painter.setPen(m_marked[i] ? QPen(Qt::black, 1.4) : QPen(Qt::white, 0.6));
        painter.setBrush(m_fill[i]);
        painter.drawEllipse(toArea.map(all[i]), radius, radius);
    }
}

void MapView::pointAt(const QPointF &position, bool clicked)
{
    const QRectF area = plotArea(size());
    if (!m_hasSnapshot || !area.contains(position) || (m_map.isNull() && m_fill.isEmpty()))
        return;
    const QPointF point = planeToArea(area).inverted().map(position);
    emit planePointed(point, (m_xMax - m_xMin) / area.width(), clicked);
}

void MapView::mouseMoveEvent(QMouseEvent *event)
{
    pointAt(event->position(), false);
    QWidget::mouseMoveEvent(event);
}

void MapView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        pointAt(event->position(), true);
    QWidget::mousePressEvent(event);
}

void MapView::leaveEvent(QEvent *event)
{
    emit planeLeft();
    QWidget::leaveEvent(event);
}

} // namespace moe::ui
