// Marks over the maps (issue 16): hovering an expert's box in the legend or a point of the
// routing map highlights that expert (its territory in full colour, every other greyed; its bars
// in the load chart in colour, the others greyed), and leaving restores the view; the input
// followed is marked on every map, and the mark goes when following stops.

#include "tests/ui/trainedsnapshot.h"
#include "ui/charts/expertloadpanel.h"
#include "ui/maps/expertlegend.h"
#include "ui/maps/mapoverlay.h"
#include "ui/maps/mapspanel.h"
#include "ui/style/palette.h"

#include <QBarSet>
#include <QChartView>
#include <QMouseEvent>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <algorithm>
#include <cmath>

using namespace moe;
using namespace moe::ui;

namespace {
ArenaConfig demo(int experts, int topK)
{
    ArenaConfig config;
    config.model.moe.experts = experts;
    config.model.moe.topK = topK;
    config.dataset.samples = 200; // few points over the maps: their colours stay visible
    // 24 cells a side, the coarsest the worker draws (it picks finer maps on an idle machine):
    // cells wide enough for a plain pixel at their centre, whatever the machine's load.
    config.mapResolution = 24;
    return config;
}

void hover(QWidget *widget, QPointF at)
{
    QMouseEvent move(QEvent::MouseMove, at, widget->mapToGlobal(at), Qt::NoButton, Qt::NoButton,
                     Qt::NoModifier);
    QCoreApplication::sendEvent(widget, &move);
}

void leave(QWidget *widget)
{
    QEvent event(QEvent::Leave);
    QCoreApplication::sendEvent(widget, &event);
}

QPointF cellCentre(const PlaneCells &c, int col, int row)
{
    return c.grid.pixelToPlane().map(QPointF(col + 0.5, row + 0.5));
}

// Cells of the routing map drawn in their plain colour at their centre pixel (cells at least 8
// pixels wide: borders, 2 pixels either side of a cell's edge, stay clear of it): not tied (no
// hatch), and away from every drawn sample and expert number.
std::vector<QPoint> plainCells(const MapView &view, const ArenaSnapshot &s, int experts)
{
    const PlaneCells &c = view.cells();
    const int n = c.grid.resolution;
    const auto at = [&](int col, int row) { return c.category[qsizetype(row) * n + col]; };
    const std::vector<LabelCell> labels = expertLabelCells(c, experts);
    const double cellPixels
        = view.pixelOf(cellCentre(c, 1, 0)).x() - view.pixelOf(cellCentre(c, 0, 0)).x();
    std::vector<QPoint> out;
    if (cellPixels < 8)
        return out;
    for (int row = 0; row < n; ++row)
        for (int col = 0; col < n; ++col) {
            bool plain = at(col, row) >= 0 && c.strength[qsizetype(row) * n + col] >= kTieMargin;
            for (const LabelCell &l : labels)
                plain = plain
                    && (l.depth < 0 || std::abs(l.cell.x() - col) * cellPixels > 24
                        || std::abs(l.cell.y() - row) * cellPixels > 16);
            const QPointF pixel = view.pixelOf(cellCentre(c, col, row));
            for (const QPointF &p : s.points.train + s.points.test) {
                const QPointF d = view.pixelOf(p) - pixel;
                plain = plain && std::hypot(d.x(), d.y()) > 9;
            }
            if (plain)
                out.push_back({col, row});
        }
    return out;
}

// A chart view as drawn once the chart has taken its pending changes.
QImage grabChart(QChartView *view)
{
    QCoreApplication::processEvents();
    return view->grab().toImage();
}

int countColour(const QImage &image, const QColor &colour)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            count += image.pixelColor(x, y) == colour ? 1 : 0;
    return count;
}
} // namespace

class TestMapMarks : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void hoveringALegendBoxHighlightsItsExperts_data();
    void hoveringALegendBoxHighlightsItsExperts();
    void hoveringTheRoutingMapHighlightsThatExpertInTheLoadChart();
    void followedInputIsMarkedOnEveryMap();
};

void TestMapMarks::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings in a test location
    QSettings().clear();
}

void TestMapMarks::hoveringALegendBoxHighlightsItsExperts_data()
{
    QTest::addColumn<int>("experts");
    QTest::newRow("E=8, a box per expert") << 8;
    QTest::newRow("E=64, a box per hue group") << 64;
}

void TestMapMarks::hoveringALegendBoxHighlightsItsExperts()
{
    QFETCH(int, experts);
    const ArenaSnapshot s = trainedSnapshot(demo(experts, 2), 60);
    MapsPanel panel;
    panel.resize(1000, 460);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.showSnapshot(s);
    QCoreApplication::processEvents(); // the legend's height for its boxes
    MapView *map = panel.routingMap();
    ExpertLegend *legend = panel.legend();
    QSignalSpy hovered(&panel, &MapsPanel::expertsHovered);

    // The box whose experts own the most plainly drawn cells (a group's box at E = 64).
    const std::vector<QPoint> cells = plainCells(*map, s, experts);
    const auto expertOf = [&](const QPoint &cell) {
        return map->cells().category[qsizetype(cell.y()) * s.mapResolution + cell.x()];
    };
    const auto insideOf = [&](const ExpertRange &r) {
        return int(std::count_if(cells.begin(), cells.end(),
                                 [&](const QPoint &cell) { return r.contains(expertOf(cell)); }));
    };
    int box = 0;
    for (int b = 1; b < int(legend->cellLabels().size()); ++b)
        if (insideOf(legend->cellExperts(b)) > insideOf(legend->cellExperts(box)))
            box = b;
    const ExpertRange range = legend->cellExperts(box);
    QCOMPARE(range.first == range.last, experts <= 16);
    const int inside = insideOf(range), outside = int(cells.size()) - inside;
    QVERIFY2(inside >= 3 && outside >= 3,
             qPrintable(QStringLiteral("%1 %2").arg(inside).arg(outside)));
    const QImage before = map->grab().toImage();

    hover(legend, QRectF(legend->cellRect(box)).center());
    QCOMPARE(hovered.count(), 1);
    QCOMPARE(hovered.last().at(0).toInt(), range.first);
    QCOMPARE(hovered.last().at(1).toInt(), range.last);
    QVERIFY(map->highlightedExperts() == range);
    QVERIFY(legend->highlighted() == range);
    QVERIFY(legend->note().endsWith(QStringLiteral("highlighted")));
    // The highlighted territory unchanged, in its experts' colours; every other greyed.
    const QImage lit = map->grab().toImage();
    for (const QPoint &cell : cells) {
        const int e = map->cells().category[qsizetype(cell.y()) * s.mapResolution + cell.x()];
        const QPoint pixel = map->pixelOf(cellCentre(map->cells(), cell.x(), cell.y())).toPoint();
        QCOMPARE(before.pixelColor(pixel), expertColor(e, experts));
        QCOMPARE(lit.pixelColor(pixel),
                 range.contains(e) ? expertColor(e, experts)
                                   : dimmedColor(expertColor(e, experts)));
    }
    // The legend's other boxes are greyed too: their fill colour is gone from it.
    const int other = box == 0 ? 1 : 0;
    const QColor otherColour = expertColor(legend->cellExperts(other).first, experts);
    QVERIFY(countColour(legend->grab().toImage(), otherColour) == 0);

    // Leaving the legend restores the map and the legend.
    leave(legend);
    QCOMPARE(hovered.count(), 2);
    QCOMPARE(hovered.last().at(0).toInt(), -1);
    QCOMPARE(map->grab().toImage(), before);
    QVERIFY(countColour(legend->grab().toImage(), otherColour) > 0);
}

void TestMapMarks::hoveringTheRoutingMapHighlightsThatExpertInTheLoadChart()
{
    const int experts = 8;
    const ArenaSnapshot s = trainedSnapshot(demo(experts, 2), 60);
    MapsPanel panel;
    panel.resize(1000, 460);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.showSnapshot(s);
    ExpertLoadPanel load;
    load.resize(520, 380);
    load.show();
    QVERIFY(QTest::qWaitForWindowExposed(&load));
    load.showSnapshot(s);
    connect(&panel, &MapsPanel::expertsHovered, &load, &ExpertLoadPanel::setHighlightedExperts);
    const QColor kept(0x0072B2);
    QCoreApplication::processEvents(); // the maps laid out
    const QImage chartBefore = grabChart(load.view());
    const int keptBefore = countColour(chartBefore, kept);

    // The mouse over a cell of expert e on the routing map: e is highlighted everywhere.
    MapView *map = panel.routingMap();
    const std::vector<QPoint> cells = plainCells(*map, s, experts);
    QVERIFY(!cells.empty());
    const QPoint cell = cells.front();
    const int e = map->cells().category[qsizetype(cell.y()) * s.mapResolution + cell.x()];
    hover(map, map->pixelOf(cellCentre(map->cells(), cell.x(), cell.y())));
    QVERIFY(panel.highlightedExperts() == (ExpertRange {e, e}));
    QVERIFY(map->highlightedExperts() == (ExpertRange {e, e}));
    QVERIFY(panel.legend()->highlighted() == (ExpertRange {e, e}));
    // The load chart: e's bar in the kept colour, the others greyed.
    QBarSet *bars = load.keptBars();
    for (int x = 0; x < experts; ++x)
        QCOMPARE(bars->isBarSelected(x), x == e);
    QCOMPARE(bars->selectedColor(), kept);
    QCOMPARE(bars->color(), dimmedColor(kept));
    const QImage chartLit = grabChart(load.view());
    const int keptLit = countColour(chartLit, kept);
    QVERIFY2(keptLit > 0 && keptLit < keptBefore,
             qPrintable(QStringLiteral("%1 of %2").arg(keptLit).arg(keptBefore)));
    QVERIFY(countColour(chartLit, dimmedColor(kept)) > 0);
    // A new snapshot keeps the highlight (the bars are rebuilt).
    load.showSnapshot(s);
    QVERIFY(bars->isBarSelected(e));

    // Leaving the map restores both.
    leave(map);
    QVERIFY(!panel.highlightedExperts().active());
    for (int x = 0; x < experts; ++x)
        QVERIFY(!bars->isBarSelected(x));
    QCOMPARE(bars->color(), kept);
    QCOMPARE(countColour(grabChart(load.view()), kept), keptBefore);
}

void TestMapMarks::followedInputIsMarkedOnEveryMap()
{
    const ArenaSnapshot s = trainedSnapshot(demo(4, 2), 30);
    MapsPanel panel;
    panel.resize(1000, 460);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.showSnapshot(s);
    QCoreApplication::processEvents();
    const QPointF followed = s.points.train[0];
    // On each map: white and black pixels around the input (a white ring edged in black), none
    // far from it, the input itself left visible; all of it gone once following stops.
    const auto check = [&](MapView *view) {
        const QImage before = view->grab().toImage();
        panel.setFollowMarker(followed);
        QVERIFY(view->followMarker() == std::optional(followed));
        const QImage marked = view->grab().toImage();
        panel.setFollowMarker(std::nullopt);
        QCOMPARE(view->grab().toImage(), before);
        const QPoint centre = view->pixelOf(followed).toPoint();
        int white = 0, black = 0, far = 0;
        for (int y = 0; y < marked.height(); ++y)
            for (int x = 0; x < marked.width(); ++x) {
                const QColor c = marked.pixelColor(x, y);
                if (c == before.pixelColor(x, y))
                    continue;
                if (std::hypot(x - centre.x(), y - centre.y()) > 24) {
                    ++far;
                    continue;
                }
                white += c.red() > 235 && c.green() > 235 && c.blue() > 235;
                black += c.red() < 25 && c.green() < 25 && c.blue() < 25;
            }
        QVERIFY2(white >= 12 && black >= 12 && far == 0,
                 qPrintable(QStringLiteral("%1: white %2, black %3, far %4")
                                .arg(view->title())
                                .arg(white)
                                .arg(black)
                                .arg(far)));
        QCOMPARE(marked.pixelColor(centre), before.pixelColor(centre));
    };
    for (MapView *view : {panel.denseMap(), panel.moeMap(), panel.routingMap()}) {
        check(view);
        if (QTest::currentTestFailed())
            return;
    }
    panel.perExpertBox()->setChecked(true);
    QCoreApplication::processEvents(); // the per-expert maps laid out
    QCOMPARE(int(panel.expertViews().size()), 4);
    for (MapView *view : panel.expertViews()) {
        check(view);
        if (QTest::currentTestFailed())
            return;
    }
}

QTEST_MAIN(TestMapMarks)
#include "tst_mapmarks.moc"
