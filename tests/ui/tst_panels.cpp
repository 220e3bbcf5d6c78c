// Panels drawn from a real snapshot, offscreen: assertions on pixels and on the text shown.

#include "capacitychart.h"
#include "expertloadpanel.h"
#include "mapspanel.h"
#include "palette.h"
#include "trainingworker.h"

#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace moe;
using namespace moe::ui;

namespace {
ArenaSnapshot trainedSnapshot(const ArenaConfig &config, int steps)
{
    TrainingWorker worker;
    ArenaSnapshot last;
    QObject::connect(&worker, &TrainingWorker::snapshotReady,
                     [&](const ArenaSnapshot &s) { last = s; });
    worker.configure(config);
    for (int i = 0; i < steps; ++i)
        worker.stepOnce();
    return last;
}

// How many of the first `experts` expert colours appear (faded or not) in the image.
int expertColoursSeen(const QImage &image, int experts)
{
    QSet<int> seen;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2) {
            const QColor c = image.pixelColor(x, y);
            for (int e = 0; e < experts; ++e) {
                const QColor ex = expertColor(e);
                if (c.saturation() > 40 && std::abs(c.hue() - ex.hue()) <= 4)
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
    void routingMapShowsSeveralExperts();
    void expertLoadHeadlineHasTheNumbers();
    void capacityPointsMatchTheModels_data();
    void capacityPointsMatchTheModels();
};

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

QTEST_MAIN(TestPanels)
#include "tst_panels.moc"
