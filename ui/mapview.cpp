#include "mapview.h"

#include "palette.h"

#include <QPainter>

namespace moe::ui {

MapView::MapView(const QString &title, QWidget *parent)
    : QWidget(parent)
    , m_title(title)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void MapView::setTitle(const QString &title)
{
    m_title = title;
    update();
}

void MapView::setMap(const QImage &map, const ArenaSnapshot &snapshot, bool showPoints)
{
    m_map = map;
    m_fill.clear();
    m_points = snapshot.points;
    m_xMin = snapshot.xMin;
    m_xMax = snapshot.xMax;
    m_yMin = snapshot.yMin;
    m_yMax = snapshot.yMax;
    m_showPoints = showPoints;
    m_emptyText = snapshot.twoDimensional
        ? QString()
        : tr("Maps need 2-D data: this dataset has more features");
    update();
}

void MapView::setScatter(const ArenaSnapshot &snapshot, const QVector<int> &category, bool experts,
                         bool labelsToCheck)
{
    setMap(QImage(), snapshot, true);
    m_fill.clear();
    m_marked.clear();
    const QVector<int> labels = snapshot.points.trainLabels + snapshot.points.testLabels;
    for (qsizetype i = 0; i < category.size() && i < labels.size(); ++i) {
        m_fill.append(category[i] < 0 ? QColor(0xBBBBBB)
                          : experts   ? expertColor(category[i])
                                      : classColor(category[i]));
        m_marked.append(labelsToCheck && category[i] != labels[i]);
    }
    m_emptyText.clear();
    update();
}

void MapView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics metrics(font());
    const int titleHeight = metrics.height() + 6;
    painter.setPen(palette().color(QPalette::WindowText));
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.drawText(QRect(0, 0, width(), titleHeight), Qt::AlignCenter, m_title);
    painter.setFont(font());

    const int side = std::max(10, std::min(width(), height() - titleHeight));
    const QRectF area((width() - side) / 2.0, titleHeight, side, side);
    const auto toArea = [&](QPointF p) {
        return QPointF(area.left() + (p.x() - m_xMin) / (m_xMax - m_xMin) * area.width(),
                       area.top() + (m_yMax - p.y()) / (m_yMax - m_yMin) * area.height());
    };
    const double radius = std::clamp(side / 160.0, 1.5, 4.0);
    if (m_map.isNull() && !m_fill.isEmpty()) { // a scatter of the PCA projection
        painter.fillRect(area, mapBackground());
        painter.setPen(QPen(QColor(0x555555), 1));
        painter.drawRect(area);
        const QVector<QPointF> all = m_points.train + m_points.test;
        for (qsizetype i = 0; i < all.size() && i < m_fill.size(); ++i) {
            painter.setPen(m_marked[i] ? QPen(Qt::black, 1.4) : QPen(Qt::white, 0.6));
            painter.setBrush(m_fill[i]);
            painter.drawEllipse(toArea(all[i]), radius, radius);
        }
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(area.adjusted(4, 2, -4, -2), Qt::AlignBottom | Qt::AlignRight,
                         tr("principal components 1 and 2"));
        return;
    }
    if (m_map.isNull()) {
        painter.drawRect(area);
        painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, m_emptyText);
        return;
    }
    painter.drawImage(area, m_map);
    painter.setPen(QPen(QColor(0x555555), 1));
    painter.drawRect(area);
    if (!m_showPoints)
        return;
    painter.setPen(QPen(Qt::white, 0.8));
    for (qsizetype i = 0; i < m_points.train.size(); ++i) {
        painter.setBrush(classColor(m_points.trainLabels[i]));
        painter.drawEllipse(toArea(m_points.train[i]), radius, radius);
    }
    painter.setBrush(Qt::NoBrush);
    for (qsizetype i = 0; i < m_points.test.size(); ++i) { // test points: rings
        painter.setPen(QPen(classColor(m_points.testLabels[i]), 1.6));
        painter.drawEllipse(toArea(m_points.test[i]), radius + 1.0, radius + 1.0);
    }
}

} // namespace moe::ui
