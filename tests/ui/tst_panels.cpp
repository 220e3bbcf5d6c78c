// Panels drawn from a real snapshot, offscreen: assertions on pixels and on the text shown.

#include "chartlabels.h"
#include "files/experiment.h"
#include "tests/ui/trainedsnapshot.h"
#include "ui/charts/capacitychart.h"
#include "ui/charts/expertloadpanel.h"
#include "ui/controls/controlpanel.h"
#include "ui/maps/affinityview.h"
#include "ui/maps/expertlegend.h"
#include "ui/maps/mapspanel.h"
#include "ui/style/livelabel.h"
#include "ui/style/palette.h"
#include "ui/worker/trainingworker.h"

#include <QAbstractTextDocumentLayout>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QCheckBox>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedBarSeries>
#include <QStandardPaths>
#include <QTest>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextLayout>

using namespace moe;
using namespace moe::ui;

namespace {
// How many of the first `experts` expert colours appear (faded or not) in the image, matched by
// hue (achromatic expert colours, which have none, are never counted).
int expertColoursSeen(const QImage &image, int experts)
{
    QSet<int> seen;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2) {
            const QColor c = image.pixelColor(x, y);
            for (int e = 0; e < experts; ++e) {
                const QColor ex = expertColor(e);
                if (ex.hue() >= 0 && c.saturation() > 40 && std::abs(c.hue() - ex.hue()) <= 4)
                    seen.insert(e);
            }
        }
    return int(seen.size());
}
} // namespace

class TestPanels : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void routingMapShowsSeveralExperts();
    void expertLoadHeadlineHasTheNumbers();
    void capacityPointsMatchTheModels_data();
    void capacityPointsMatchTheModels();
    void legendNamesEveryExpertAndMarksTheDead();
    void liveLabelKeepsItsSize();
    void loadChartShowsTheNewModelsExperts();
    void theMostExpertsFitTheWindow();
    void loadChartShowsOneFullBatch_data();
    void loadChartShowsOneFullBatch();
    void loadChartHasNoCapacityWithoutALimit();
    void classroomDemoBatchesAreAllFull();
    void loadChartNumbersExpertsWithoutEliding_data();
    void loadChartNumbersExpertsWithoutEliding();
    void classByExpertScaleFitsTheShares();
};

void TestPanels::initTestCase()
{
    // The maps keep view options in QSettings: a test location, fresh, so that they start at
    // their defaults and toggling them here leaves the user's settings alone.
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void TestPanels::routingMapShowsSeveralExperts()
{
    const ArenaSnapshot s = trainedSnapshot(ArenaConfig {}, 100);
    MapsPanel panel;
    panel.resize(900, 420);
    panel.showSnapshot(s);
    const QImage routing = panel.routingMap()->grab().toImage();
    QVERIFY2(expertColoursSeen(routing, 8) >= 2,
             qPrintable(QString::number(expertColoursSeen(routing, 8))));
    // The dense map shows the class colours of the spiral's three arms.
    const QImage dense = panel.denseMap()->grab().toImage();
    int classes = 0;
    for (int c = 0; c < 3; ++c) {
        bool found = false;
        for (int y = 0; y < dense.height() && !found; y += 3)
            for (int x = 0; x < dense.width() && !found; x += 3)
                found = std::abs(dense.pixelColor(x, y).hue() - classColor(c).hue()) <= 4
                    && dense.pixelColor(x, y).saturation() > 60;
        classes += found ? 1 : 0;
    }
    QCOMPARE(classes, 3);
}

void TestPanels::expertLoadHeadlineHasTheNumbers()
{
    ArenaConfig config;
    config.model.moe.capacityFactor = 0.5; // certain to drop
    const ArenaSnapshot s = trainedSnapshot(config, 40);
    ExpertLoadPanel panel;
    panel.showSnapshot(s);
    const QString text = panel.headline();
    QVERIFY2(text.contains(QString::number(s.routing.loadCv, 'f', 2)), qPrintable(text));
    QVERIFY(s.routing.droppedFraction > 0.1);
    QVERIFY(text.contains(QString::number(100.0 * s.routing.droppedFraction, 'f', 1) + "%"));
    QVERIFY(text.contains("of 8"));
}

void TestPanels::capacityPointsMatchTheModels_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("router");
    QTest::addColumn<int>("shared");
    QTest::newRow("dense") << int(BlockKind::Dense) << 0 << 0;
    QTest::newRow("moe topk") << int(BlockKind::Moe) << int(RouterKind::TopK) << 0;
    QTest::newRow("moe noisy, shared") << int(BlockKind::Moe) << int(RouterKind::NoisyTopK) << 1;
    QTest::newRow("moe expert choice") << int(BlockKind::Moe) << int(RouterKind::ExpertChoice) << 0;
}

void TestPanels::capacityPointsMatchTheModels()
{
    QFETCH(int, kind);
    QFETCH(int, router);
    QFETCH(int, shared);
    ModelConfig config;
    config.inputDim = 2;
    config.outputDim = 3;
    config.blockKind = BlockKind(kind);
    config.moe.router = RouterKind(router);
    config.moe.sharedExperts = shared;
    Rng rng(1);
    const ModelCost cost = Model(config, rng).cost();
    const QPointF point = CapacityChart::costPoint(config);
    QCOMPARE(point.x(), cost.forwardFlopsPerSample);
    QCOMPARE(point.y(), double(cost.totalParams));
}

void TestPanels::legendNamesEveryExpertAndMarksTheDead()
{
    ExpertLegend legend;
    legend.setExperts(std::vector<bool>(8, false));
    const int eight = legend.heightForWidth(240);
    legend.setExperts(std::vector<bool>(64, false));
    const int many = legend.heightForWidth(240);
    QVERIFY2(many > eight, "64 experts take more lines than 8");
    QVERIFY(legend.heightForWidth(480) < many); // wider: fewer lines
    QCOMPARE(legend.experts(), 64);
    // Drawn: each expert's colour fills its box; a dead expert's box is hollow (pale inside).
    std::vector<bool> dead(8, false);
    dead[2] = true;
    legend.setExperts(dead);
    legend.resize(400, legend.heightForWidth(400));
    const QImage image = legend.grab().toImage();
    // Every expert colour with a hue (the charcoal has none); the dead one still shows its
    // colour as a frame.
    int hued = 0;
    for (int e = 0; e < 8; ++e)
        hued += expertColor(e).saturation() > 40 ? 1 : 0;
    QCOMPARE(expertColoursSeen(image, 8), hued);
    const auto filled = [&](int expert) {
        int n = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                n += image.pixelColor(x, y) == expertColor(expert);
        return n;
    };
    QVERIFY2(filled(2) < filled(1) / 2, qPrintable(QString("%1 %2").arg(filled(2)).arg(filled(1))));
}

void TestPanels::liveLabelKeepsItsSize()
{
    LiveLabel label(2);
    const QSize before = label.sizeHint();
    label.setText(QStringLiteral("load CV <b>0.25</b> · dropped <b>3.0%</b> · a much longer text "
                                 "than the one before, which would make a QLabel grow"));
    QCOMPARE(label.sizeHint(), before); // no new layout for new numbers
    QVERIFY(label.text().contains("<b>0.25</b>"));
    QVERIFY(label.accessibleName().contains("load CV 0.25"));
}

void TestPanels::loadChartShowsTheNewModelsExperts()
{
    // Before the first step of new models the bars are empty and count the new E, not the old.
    ArenaConfig config;
    ArenaSnapshot s = trainedSnapshot(config, 20);
    ExpertLoadPanel panel;
    panel.showSnapshot(s);
    const auto bars = [&] {
        const auto *series = qobject_cast<QStackedBarSeries *>(panel.chart()->series().first());
        int sum = 0;
        for (QBarSet *set : series->barSets())
            sum += set->count();
        return sum;
    };
    QCOMPARE(bars(), 3 * 8); // kept, dropped and dead per expert
    config.model.moe.experts = 16;
    s = trainedSnapshot(config, 0);
    panel.showSnapshot(s);
    QCOMPARE(bars(), 0);
    const auto *axis = qobject_cast<QCategoryAxis *>(panel.chart()->axes(Qt::Horizontal).first());
    QCOMPARE(axis->max(), 15.5); // bars 0 .. 15 (experts 1 .. 16)
}

void TestPanels::theMostExpertsFitTheWindow()
{
    // E at the top of its range (256): the maps (one per expert too), the legend, the class-by-
    // expert view and both load charts take the snapshot, and the maps ask no more room than at
    // 64 experts, so the window still fits a 1280 x 720 screen.
    const auto perExpertMinimum = [](int experts) {
        ArenaConfig config;
        config.model.moe.experts = experts;
        const ArenaSnapshot s = trainedSnapshot(config, 3);
        [&] { QCOMPARE(int(s.expertMaps.size()), experts); }();
        MapsPanel panel;
        panel.resize(900, 420);
        panel.perExpertBox()->setChecked(true);
        panel.showSnapshot(s);
        ExpertLoadPanel load;
        load.resize(600, 300);
        load.showSnapshot(s);
        load.grab();
        return panel.minimumSizeHint();
    };
    const int most = int(settings::kExperts.max);
    const QSize at64 = perExpertMinimum(64), atMost = perExpertMinimum(most);
    QVERIFY2(atMost.width() <= at64.width() + 8 && atMost.height() <= at64.height() + 8,
             qPrintable(QStringLiteral("%1 x %2 at E = %3, %4 x %5 at 64")
                            .arg(atMost.width())
                            .arg(atMost.height())
                            .arg(most)
                            .arg(at64.width())
                            .arg(at64.height())));
    ExpertLegend legend;
    legend.setExperts(std::vector<bool>(std::size_t(most), false));
    QVERIFY(legend.heightForWidth(300) > 0);
    legend.resize(300, legend.heightForWidth(300));
    QVERIFY(!legend.grab().isNull());
}

namespace {
template<typename T> T *seriesOf(QChart *chart)
{
    for (QAbstractSeries *series : chart->series())
        if (auto *s = qobject_cast<T *>(series); s && series->metaObject() == &T::staticMetaObject)
            return s;
    return nullptr;
}
} // namespace

void TestPanels::loadChartShowsOneFullBatch_data()
{
    QTest::addColumn<int>("experts");
    QTest::addColumn<int>("topK");
    QTest::addColumn<int>("steps");
    // The spiral's 720 training samples in batches of 64: step 12 is a batch of 16 (C = 5).
    QTest::newRow("E 8, k 2, at the short batch") << 8 << 2 << 12;
    QTest::newRow("E 8, k 2, after it") << 8 << 2 << 30;
    QTest::newRow("E 1, k 1") << 1 << 1 << 30;
}

void TestPanels::loadChartShowsOneFullBatch()
{
    // The chart is one full batch: C is exactly a full batch's C (20 for E 8, k 2, factor 1.25,
    // not the 18.75 an average over the short batch gives), and the bars of all experts add up
    // to k x 64 slots (E = 1: one bar of 64, not 60).
    QFETCH(int, experts);
    QFETCH(int, topK);
    QFETCH(int, steps);
    ArenaConfig config;
    config.model.moe.experts = experts;
    config.model.moe.topK = topK;
    config.model.moe.capacityFactor = 1.25;
    const ArenaSnapshot s = trainedSnapshot(config, steps);
    const Index batch = s.batchLoad.tokens;
    QCOMPARE(batch, Index(64));
    QCOMPARE(s.batchLoad.batches, Index(steps - steps / 12)); // every 12th is the short one
    ExpertLoadPanel panel;
    panel.resize(600, 360);
    panel.showSnapshot(s);
    auto *capacity = seriesOf<QLineSeries>(panel.chart());
    QVERIFY(capacity && capacity->isVisible());
    const double expected = std::ceil(1.25 * topK * 64.0 / experts - 1e-9);
    QCOMPARE(capacity->at(0).y(), expected);
    const auto *bars = qobject_cast<QStackedBarSeries *>(panel.chart()->series().first());
    double routed = 0.0;
    for (int e = 0; e < experts; ++e)
        routed += bars->barSets()[0]->at(e) + bars->barSets()[1]->at(e); // kept + dropped
    QVERIFY2(std::abs(routed - double(topK * batch)) < 1e-9, qPrintable(QString::number(routed)));
    // The most in one batch is a count of one batch, at least the mean bar.
    auto *most = seriesOf<QScatterSeries>(panel.chart());
    QCOMPARE(most->count(), experts);
    for (int e = 0; e < experts; ++e)
        QVERIFY(most->at(e).y() + 1e-9 >= bars->barSets()[0]->at(e) + bars->barSets()[1]->at(e));
    QVERIFY(panel.chart()->title().contains("batch of 64"));
}

void TestPanels::classroomDemoBatchesAreAllFull()
{
    // The demo's grid (16,384 training samples) in batches of 1024: every step is a full batch.
    const ArenaConfig config = classroomDemo();
    const ArenaSnapshot s = trainedSnapshot(config, 6);
    QCOMPARE(s.batchLoad.tokens, Index(1024));
    QCOMPARE(s.batchLoad.batches, Index(6));
}

void TestPanels::loadChartHasNoCapacityWithoutALimit()
{
    // No capacity factor: nothing is dropped and there is no C; no line pretends there is.
    ArenaConfig config;
    config.model.moe.capacityFactor.reset();
    const ArenaSnapshot s = trainedSnapshot(config, 20);
    ExpertLoadPanel panel;
    panel.showSnapshot(s);
    auto *capacity = seriesOf<QLineSeries>(panel.chart());
    QVERIFY(!capacity->isVisible());
    for (QLegendMarker *marker : panel.chart()->legend()->markers(capacity))
        QVERIFY(!marker->isVisible());
}

void TestPanels::loadChartNumbersExpertsWithoutEliding_data()
{
    QTest::addColumn<int>("experts");
    QTest::addColumn<int>("width");
    for (int experts : {1, 8, 16, 64, 256})
        for (int width : {420, 760}) // the load panel at 1280x720 and at 1920x1080
            QTest::addRow("E %d, %d px", experts, width) << experts << width;
}

void TestPanels::loadChartNumbersExpertsWithoutEliding()
{
    // Numbers under as many bars as fit, never "...": expert 1 always, the last one when the
    // step allows, and no two labels closer than a label's width.
    QFETCH(int, experts);
    QFETCH(int, width);
    ArenaConfig config;
    config.model.moe.experts = experts;
    config.model.moe.topK = std::min(2, experts);
    const ArenaSnapshot s = trainedSnapshot(config, 3);
    ExpertLoadPanel panel;
    panel.resize(width, 330);
    panel.show();
    panel.showSnapshot(s);
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.grab();
    QVERIFY(!chartTexts(panel.chart()).filter(QStringLiteral("expert")).isEmpty()); // texts read
    const QStringList elided = elidedLabels(panel.chart());
    QVERIFY2(elided.isEmpty(), qPrintable(elided.join(" | ")));
    auto *axis = qobject_cast<QCategoryAxis *>(panel.chart()->axes(Qt::Horizontal).first());
    const QStringList labels = axis->categoriesLabels();
    QVERIFY(!labels.isEmpty());
    QCOMPARE(labels.first(), QStringLiteral("1"));
    const double perBar = panel.chart()->plotArea().width() / experts;
    const QFontMetricsF metrics(axis->labelsFont());
    for (int i = 1; i < labels.size(); ++i) {
        const double gap = (labels[i].toDouble() - labels[i - 1].toDouble()) * perBar;
        QVERIFY2(gap >= metrics.horizontalAdvance(labels[i]),
                 qPrintable(labels[i - 1] + " " + labels[i] + " " + QString::number(gap)));
    }
    QVERIFY(labels.last().toInt() <= experts);
}

void TestPanels::classByExpertScaleFitsTheShares()
{
    // Shares of 0.1-0.27 use the whole colour ramp (scale max 0.3), not its pale fifth, and the
    // view numbers its axes.
    Matrix affinity(3, 16);
    affinity.setConstant(0.05f);
    affinity(0, 2) = 0.27f;
    affinity(1, 5) = 0.12f;
    AffinityView view;
    view.setAffinity(affinity);
    QCOMPARE(view.scaleMax(), 0.3);
    view.resize(view.sizeHint());
    // Cells wide enough for a percentage (about one and a half lines), not 12 px slivers.
    const int line = view.fontMetrics().height();
    QVERIFY2(
        view.sizeHint().width() >= 16 * 1.4 * line,
        qPrintable(QStringLiteral("%1 for %2 px lines").arg(view.sizeHint().width()).arg(line)));
    const QImage image = view.grab().toImage();
    // The darkest cell is as dark as the key's end: its blue nearly opaque on white.
    int darkest = 255;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (c.blue() > c.red() + 40)
                darkest = std::min(darkest, c.red());
        }
    QVERIFY2(darkest < 40, qPrintable(QString::number(darkest)));
}

QTEST_MAIN(TestPanels)
#include "tst_panels.moc"
