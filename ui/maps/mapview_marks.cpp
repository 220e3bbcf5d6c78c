// MapView's marks over the picture: the highlighted experts (hovered in the legend or on the
// routing map) and the input followed (Follow one input).

#include "ui/maps/mapview.h"

#include <algorithm>

namespace moe::ui {

void MapView::setHighlightedExperts(ExpertRange highlight)
{
    if (highlight == m_highlight)
        return;
    m_highlight = highlight;
    update();
}

void MapView::setFollowMarker(std::optional<QPointF> point)
{
    if (point == m_marker)
        return;
    m_marker = point;
    update();
}

const QImage &MapView::shownMap() const
{
    if (!m_highlight.active() || m_overlayExperts <= 0 || m_map.isNull())
        return m_map;
    // Greyed once per picture and highlight: a new picture comes a few times a second at most.
    const std::pair<qint64, ExpertRange> key {m_map.cacheKey(), m_highlight};
    if (m_highlightedKey != key || m_highlighted.isNull()) {
        m_highlighted = highlightExperts(m_map, m_cells, m_overlayExperts, m_highlight);
        m_highlightedKey = key;
    }
    return m_highlighted;
}

QPointF MapView::pixelOf(const QPointF &point) const
{
    return planeToArea(plotArea(size())).map(point);
}

void MapView::drawMarks(QPainter &painter, const QRectF &area) const
{
    if (m_highlight.active() && m_overlayExperts > 0 && !m_map.isNull())
        drawHighlightBorder(painter, area, m_cells, m_highlight);
    if (m_marker && m_hasSnapshot && (!m_map.isNull() || !m_fill.isEmpty())) {
        // A ring about a twelfth of the plane across, 10 to 20 pixels.
        const double radius = std::clamp(area.width() / 24.0, 5.0, 10.0);
        drawFollowMarker(painter, planeToArea(area).map(*m_marker), radius);
    }
}

} // namespace moe::ui
