// The maps of the plane (issue 16): expert colours apart from class colours, a legible legend at
// large E, every top-k choice on the routing map, per-expert maps with their scale, points and
// load, regression points in their target's colour, and the maps' view options.

#include "tests/ui/trainedsnapshot.h"
#include "ui/maps/expertlegend.h"
#include "ui/maps/mapoverlay.h"
#include "ui/maps/mapspanel.h"
#include "ui/style/palette.h"
#include "ui/worker/trainingworker.h"

#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <algorithm>
#include <array>
#include <cmath>

using namespace moe;
using namespace moe::ui;

namespace {
ArenaConfig demo(int experts, int topK)
{
    ArenaConfig config;
    config.model.moe.experts = experts;
    config.model.moe.topK = topK;
    return config;
}

// CIELAB distance (CIE76) between two sRGB colours, D65 white.
double labDistance(const QColor &a, const QColor &b)
{
    const auto lab = [](const QColor &c) {
        const auto lin = [](double v) {
            return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
        };
        const double r = lin(c.redF()), g = lin(c.greenF()), bl = lin(c.blueF());
        const double x = (0.4124 * r + 0.3576 * g + 0.1805 * bl) / 0.95047;
        const double y = 0.2126 * r + 0.7152 * g + 0.0722 * bl;
        const double z = (0.0193 * r + 0.1192 * g + 0.9505 * bl) / 1.08883;
        const auto f
            = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116.0; };
        return std::array<double, 3> {116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
    };
    const auto p = lab(a), q = lab(b);
    return std::hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}
} // namespace

class TestMaps : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void expertAndClassColoursAreDisjoint();
    void legendAtSixtyFourExpertsIsLegible();
    void routingMapWritesExpertNumbers();
    void routingMapShowsEveryChoice();
    void everyExpertMapHasScaleLoadAndPoints();
    void regressionPointsTakeTheirTargetColour();
    void testDataAndDiscretizeAreViewOptions();
};

void TestMaps::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings in a test location
    QSettings().clear();
}

void TestMaps::expertAndClassColoursAreDisjoint()
{
    // Every expert colour at least CIELAB distance 20 from every class colour, for every E up to
    // 256 (the old palette gave expert 5 the class-1 blue: distance 0), and from the map's white.
    double nearest = 1e9;
    for (int experts = 1; experts <= 256; ++experts)
        for (int e = 0; e < experts; ++e) {
            const QColor ex = expertColor(e, experts);
            for (int c = 0; c < 10; ++c)
                nearest = std::min(nearest, labDistance(ex, classColor(c)));
            QVERIFY(labDistance(ex, mapBackground()) > 30);
        }
    QVERIFY2(nearest >= 20.0, qPrintable(QString::number(nearest)));
    // Up to 16 experts each has a colour of its own; the one-argument form agrees with them.
    for (int experts : {8, 16})
        for (int e = 0; e < experts; ++e) {
            QCOMPARE(expertColor(e), expertColor(e, experts));
            for (int f = 0; f < e; ++f)
                QVERIFY(expertColor(e, experts) != expertColor(f, experts));
        }
    // Beyond 16, neighbours in a hue group alternate shades.
    for (int e = 0; e + 1 < 64; ++e)
        if (expertGroup(e, 64) == expertGroup(e + 1, 64))
            QVERIFY(expertColor(e, 64) != expertColor(e + 1, 64));
}

void TestMaps::legendAtSixtyFourExpertsIsLegible()
{
    ExpertLegend legend;
    legend.setExperts(std::vector<bool>(64, false));
    // Eight group boxes ("1–8", ...), not 64 swatches; each label fits its box.
    const QStringList labels = legend.cellLabels();
    QCOMPARE(labels.size(), 8);
    QCOMPARE(labels.front(), QStringLiteral("1–8"));
    QCOMPARE(labels.back(), QStringLiteral("57–64"));
    // Two lines of boxes at most, plus the note, in a 240-pixel column.
    const int line = legend.fontMetrics().height() + 4;
    QVERIFY2(legend.heightForWidth(240) <= 3 * line + 2,
             qPrintable(QString::number(legend.heightForWidth(240))));
    // Dead experts are named in the note.
    std::vector<bool> dead(64, false);
    dead[2] = dead[40] = true;
    legend.setExperts(dead);
    legend.resize(400, legend.heightForWidth(400));
    QCOMPARE(legend.note(), QStringLiteral("dead: 3, 41"));
    // Drawn: each box shows its group's colour.
    const QImage image = legend.grab().toImage();
    for (int g = 0; g < 8; ++g) {
        const QColor colour = expertColor(g * 8, 64);
        bool found = false;
        for (int y = 0; y < image.height() && !found; ++y)
            for (int x = 0; x < image.width() && !found; ++x)
                found = image.pixelColor(x, y) == colour;
        QVERIFY2(found, qPrintable(QString::number(g)));
    }
}

void TestMaps::routingMapWritesExpertNumbers()
{
    // Two experts, left and right halves: each number sits deep inside its own half.
    PlaneCells cells;
    cells.grid.resolution = 20;
    for (int row = 0; row < 20; ++row)
        for (int col = 0; col < 20; ++col) {
            cells.category.append(col < 10 ? 0 : 1);
            cells.strength.append(1.0f);
        }
    const std::vector<LabelCell> at = expertLabelCells(cells, 3);
    QVERIFY(at[0].cell.x() < 10 && at[0].depth >= 3);
    QVERIFY(at[1].cell.x() >= 10 && at[1].depth >= 3);
    QCOMPARE(at[2].depth, -1); // owns nothing: no number
    // Drawn: the number's text colour appears inside the left (indigo) territory.
    QImage image(20, 20, QImage::Format_RGB32);
    for (int row = 0; row < 20; ++row)
        for (int col = 0; col < 20; ++col)
            image.setPixelColor(col, row, expertColor(col < 10 ? 0 : 1, 2));
    ArenaSnapshot s;
    s.moe.config.moe.experts = 2;
    MapView view(QStringLiteral("routing"));
    view.resize(300, 330);
    view.setMap(image, s, false, &cells);
    view.setExpertOverlay(2, true, false);
    const QImage shot = view.grab().toImage();
    int text = 0;
    for (int y = 0; y < shot.height(); ++y)
        for (int x = 0; x < shot.width() / 2 - 4; ++x)
            text += shot.pixelColor(x, y) == textColorOn(expertColor(0, 2));
    QVERIFY2(text > 5, qPrintable(QString::number(text)));
}

void TestMaps::routingMapShowsEveryChoice()
{
    const ArenaSnapshot s = trainedSnapshot(demo(8, 2), 60);
    QCOMPARE(int(s.routingChoices.size()), 2);
    QCOMPARE(int(s.routingChoiceCells.size()), 2);
    const PlaneCells &first = s.routingChoiceCells[0], &second = s.routingChoiceCells[1];
    QCOMPARE(first.category, s.routingCells.category);
    // A point's 2nd choice is never its 1st; every expert with a slot on the plane owns cells
    // in some choice's map (the 1st-choice map alone may leave out the busiest expert).
    std::vector<int> owned(8, 0);
    for (qsizetype i = 0; i < first.category.size(); ++i) {
        QVERIFY(first.category[i] >= 0 && second.category[i] >= 0); // no capacity on the plane
        QVERIFY(first.category[i] != second.category[i]);
        ++owned[std::size_t(first.category[i])];
        ++owned[std::size_t(second.category[i])];
    }
    for (int e = 0; e < 8; ++e)
        QCOMPARE(owned[std::size_t(e)], s.expertMapCells[std::size_t(e)]);
    // All choices: blocks of cells, each with a stripe per choice, in its centre cell's experts.
    const int blocks = std::max(8, s.mapResolution / 4), n = s.mapResolution;
    QCOMPARE(s.routingAllChoices.size(), QSize(2 * blocks, blocks));
    for (int b = 0; b < blocks; b += 3) {
        const int centre = (2 * b + 1) * n / (2 * blocks);
        const qsizetype cell = qsizetype(centre) * n + centre;
        QCOMPARE(s.routingAllChoices.pixelColor(2 * b, b), expertColor(first.category[cell], 8));
        QCOMPARE(s.routingAllChoices.pixelColor(2 * b + 1, b),
                 expertColor(second.category[cell], 8));
    }
    // The panel: a selector of 1st, 2nd, all; the title says which is shown.
    MapsPanel panel;
    panel.resize(900, 420);
    panel.showSnapshot(s);
    QCOMPARE(panel.choiceBox()->count(), 3);
    QCOMPARE(panel.routingMap()->title(), QStringLiteral("MoE router: 1st choice (top-2)"));
    QCOMPARE(panel.routingMap()->map(), s.routingChoices[0]);
    const auto firstCell = [&] { // the category of the first map cell in the CSV export
        return panel.routingMap()->exportCsv().section(QLatin1Char('\n'), 1, 1).section(',', 3, 3);
    };
    QCOMPARE(firstCell(), QString::number(first.category[0]));
    panel.choiceBox()->setCurrentIndex(1);
    emit panel.choiceBox()->activated(1);
    QCOMPARE(panel.routingMap()->title(), QStringLiteral("MoE router: 2nd choice (top-2)"));
    QCOMPARE(panel.routingMap()->map(), s.routingChoices[1]);
    QCOMPARE(firstCell(), QString::number(second.category[0]));
    panel.choiceBox()->setCurrentIndex(2);
    emit panel.choiceBox()->activated(2);
    QCOMPARE(panel.routingMap()->title(), QStringLiteral("MoE router: all choices (top-2)"));
    QCOMPARE(panel.routingMap()->map(), s.routingAllChoices);
    // Top-1: one choice, no selector.
    MapsPanel single;
    single.showSnapshot(trainedSnapshot(demo(8, 1), 5));
    QCOMPARE(single.choiceBox()->count(), 1);
    QCOMPARE(single.routingMap()->title(), QStringLiteral("MoE router: 1st choice (top-1)"));
}

void TestMaps::everyExpertMapHasScaleLoadAndPoints()
{
    ArenaSnapshot s = trainedSnapshot(demo(8, 2), 60);
    // An expert the router never picks: no slot in the window, no cell on the plane.
    Index total = 0;
    for (const ExpertStats &x : s.routing.perExpert)
        total += x.routed;
    total -= s.routing.perExpert[5].routed;
    s.routing.perExpert[5].routed = 0;
    s.expertMapCells[5] = 0;
    s.expertMaps[5].fill(mapBackground());
    MapsPanel panel;
    panel.resize(900, 500);
    panel.perExpertBox()->setChecked(true);
    panel.showSnapshot(s);
    QCOMPARE(int(panel.expertViews().size()), 8);
    for (int e = 0; e < 8; ++e) {
        MapView *view = panel.expertViews()[std::size_t(e)];
        QVERIFY(view->colourScale().isValid());
        QCOMPARE(view->colourScale().labels(), QStringList({"0", "1"}));
        // The load: the expert's share of the routed slots, as the load chart counts them.
        const double share = double(s.routing.perExpert[std::size_t(e)].routed) / double(total);
        const QString percent
            = QStringLiteral("%1%").arg(100 * share, 0, 'f', share < 0.1 && share > 0 ? 1 : 0);
        QCOMPARE(view->title(), QStringLiteral("%1: %2").arg(e + 1).arg(percent));
        QVERIFY2(view->toolTip().contains(percent), qPrintable(view->toolTip()));
        QCOMPARE(view->exportCsv().count(QStringLiteral("\ntrain,")), s.points.train.size());
        if (e == 5)
            QCOMPARE(view->note(), QStringLiteral("never picked"));
        else if (s.expertMapCells[std::size_t(e)] > 0)
            QVERIFY(view->note().isEmpty());
    }
    // The never-picked map is not a blank white square: hatched, with its note.
    MapView *never = panel.expertViews()[5];
    never->resize(200, 230);
    const QImage shot = never->grab().toImage();
    int grey = 0;
    for (int y = 0; y < shot.height(); ++y)
        for (int x = 0; x < shot.width(); ++x)
            grey += shot.pixelColor(x, y) == QColor(0x999999);
    QVERIFY2(grey > 200, qPrintable(QString::number(grey)));
}

void TestMaps::regressionPointsTakeTheirTargetColour()
{
    ArenaConfig config = demo(8, 2);
    config.dataset.name = "sine_ridge";
    const ArenaSnapshot s = trainedSnapshot(config, 20);
    QCOMPARE(s.points.classes, 0);
    QCOMPARE(s.points.trainTargets.size(), s.points.train.size());
    QVERIFY(s.points.valueScale > 0.1);
    MapsPanel panel;
    panel.resize(900, 420);
    panel.showSnapshot(s);
    // The colour scale under the map: the target's range, on the maps' diverging colours.
    const ColourScale &scale = panel.denseMap()->colourScale();
    QVERIFY(scale.isValid());
    QCOMPARE(scale.low, -s.points.valueScale);
    QCOMPARE(scale.high, s.points.valueScale);
    QCOMPARE(scale.colourAt(scale.high), divergingColor(1.0));
    // Points on a plain map: the one with the largest target is drawn red, the smallest blue.
    QImage blank(8, 8, QImage::Format_RGB32);
    blank.fill(mapBackground());
    MapView view(QStringLiteral("points"));
    view.resize(400, 430);
    view.setMap(blank, s, true);
    view.setShowTest(false);
    const QImage shot = view.grab().toImage();
    const auto &t = s.points.trainTargets;
    const qsizetype hi = std::max_element(t.begin(), t.end()) - t.begin();
    const qsizetype lo = std::min_element(t.begin(), t.end()) - t.begin();
    const QRectF area(0, view.fontMetrics().height() + 6, 400, 400);
    const auto at = [&](qsizetype i) {
        const QPointF p = s.points.train[i];
        const double x = area.left() + area.width() * (p.x() - s.xMin) / (s.xMax - s.xMin);
        const double y = area.top() + area.height() * (s.yMax - p.y()) / (s.yMax - s.yMin);
        return shot.pixelColor(int(x), int(y));
    };
    QVERIFY2(at(hi).red() > 150 && at(hi).blue() < 100, qPrintable(at(hi).name()));
    QVERIFY2(at(lo).blue() > 130 && at(lo).red() < 100, qPrintable(at(lo).name()));
}

void TestMaps::testDataAndDiscretizeAreViewOptions()
{
    const ArenaSnapshot s = trainedSnapshot(demo(8, 2), 30);
    {
        MapsPanel panel;
        panel.resize(900, 420);
        panel.showSnapshot(s);
        QVERIFY(panel.testDataBox()->isChecked());
        const QImage with = panel.denseMap()->grab().toImage();
        panel.testDataBox()->setChecked(false);
        const QImage without = panel.denseMap()->grab().toImage();
        QVERIFY(with != without); // the rings are gone
        // Discretized: every cell of the decision map in a class's full colour.
        panel.discretizeBox()->setChecked(true);
        const QImage hard = discreteDecisionMap(s.dense.decisionCells, true);
        QCOMPARE(panel.denseMap()->map(), hard);
        for (int y = 0; y < hard.height(); y += 5)
            for (int x = 0; x < hard.width(); x += 5) {
                const int c = s.dense.decisionCells.category[y * hard.width() + x];
                QCOMPARE(hard.pixelColor(x, y), classColor(c));
            }
        QVERIFY(s.dense.decisionMap.pixelColor(0, 0) != hard.pixelColor(0, 0)); // shaded before
    }
    // Kept in QSettings: a new panel opens with them.
    MapsPanel again;
    QVERIFY(!again.testDataBox()->isChecked());
    QVERIFY(again.discretizeBox()->isChecked());
}

QTEST_MAIN(TestMaps)
#include "tst_maps.moc"
