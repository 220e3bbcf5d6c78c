// Follow one input: the panel shows a trace's own numbers (read back from its texts), and a click
// on a map asks the worker for the input there and fills the panel; hovering follows while the
// panel is open, and a second click lets go. The dense network's path is shown block by block
// beside the MoE's, and the input followed is marked on the maps.

#include "core/train/inputtrace.h"
#include "ui/charts/expertloadpanel.h"
#include "ui/controls/controlpanel.h"
#include "ui/maps/blockpathview.h"
#include "ui/maps/inputpathpanel.h"
#include "ui/maps/mapspanel.h"
#include "ui/window/inputpathdock.h"
#include "ui/window/mainwindow.h"

#include <QDockWidget>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace moe;
using namespace moe::ui;

namespace {
Dataset blobs()
{
    Rng rng(4);
    Dataset data;
    data.numClasses = 3;
    data.features.resize(90, 2);
    for (Index i = 0; i < 90; ++i) {
        const int c = int(i % 3);
        data.features(i, 0) = float(c - 1 + 0.3 * rng.normal());
        data.features(i, 1) = float((c == 1 ? 1 : -1) + 0.3 * rng.normal());
        data.labels.push_back(c);
    }
    return data;
}

QString number(double value)
{
    return QString::number(value, 'f', 2);
}

// Where plane point p is drawn in a map view (MapView::plotArea and planeToArea).
QPoint pixelOf(const MapView &view, const ArenaSnapshot &s, QPointF p)
{
    const int title = view.fontMetrics().height() + 6;
    const int side = std::max(10, std::min(view.width(), view.height() - title));
    const double left = (view.width() - side) / 2.0;
    return QPointF(left + (p.x() - s.xMin) / (s.xMax - s.xMin) * side,
                   title + (s.yMax - p.y()) / (s.yMax - s.yMin) * side)
        .toPoint();
}
} // namespace

class TestInputPath : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void panelShowsTheTracesNumbers();
    void clickingAMapFollowsThatInput();
    void aPinnedInputIsLookedUpAgainOnNewData();
};

void TestInputPath::initTestCase()
{
    qRegisterMetaType<ArenaSnapshot>();
    qRegisterMetaType<TraceSnapshot>();
}

void TestInputPath::panelShowsTheTracesNumbers()
{
    ModelConfig model;
    model.outputDim = 3;
    model.width = 8;
    model.blocks = 2;
    model.blockKind = BlockKind::Moe;
    model.moe.experts = 4;
    model.moe.topK = 2;
    model.moe.expertHidden = 8;
    model.moe.sharedExperts = 1;
    model.moe.capacityFactor = 0.5;
    TrainingConfig training;
    training.batchSize = 90; // every sample in every batch
    Trainer moeTrainer(model, blobs(), Dataset {}, training);
    model.blockKind = BlockKind::Dense;
    Trainer denseTrainer(model, blobs(), Dataset {}, training);
    for (int i = 0; i < 5; ++i) {
        moeTrainer.step();
        denseTrainer.step();
    }
    // A sample with a choice dropped in the last batch.
    const LastBatch &last = moeTrainer.lastBatch();
    QVERIFY(!last.dropped.empty());
    const Index sample = last.dropped.front().sample;
    const RowVector x = moeTrainer.trainSet().features.row(sample);
    TraceSnapshot t;
    t.request.active = true;
    t.request.sample = int(sample);
    t.step = 5;
    t.label = moeTrainer.trainSet().labels[std::size_t(sample)];
    t.inputText = QStringLiteral("(1, 2)");
    t.moe = traceInput(moeTrainer.model(), x, true);
    t.dense = traceInput(denseTrainer.model(), x, true);
    t.lastBatchStep = last.step;
    t.inLastBatch = last.contains(sample);
    t.dropped = last.droppedFor(sample);
    t.capacity = last.capacity;

    InputPathPanel panel;
    panel.showTrace(t);
    QVERIFY(panel.inputText().contains(
        QStringLiteral("Training sample at (1, 2), class %1").arg(t.label)));
    QCOMPARE(panel.blocks().size(), std::size_t(2));
    for (std::size_t b = 0; b < 2; ++b) {
        const BlockTrace &block = t.moe.blocks[b];
        const QStringList texts = panel.blocks()[b]->texts();
        QCOMPARE(texts.front(), QStringLiteral("Block %1: MoE, top-2").arg(b + 1));
        for (const ExpertPath &p : block.chosen)
            QVERIFY2(texts.contains(QStringLiteral("expert %1: p %2, gate %3  |v| %4")
                                        .arg(p.expert + 1)
                                        .arg(number(block.probs[p.expert]), number(p.gate),
                                             number(p.output.norm()))),
                     qPrintable(texts.join(QLatin1Char('\n'))));
        QVERIFY(texts.contains(QStringLiteral("weighted sum of the chosen  |v| %1")
                                   .arg(number(block.weightedSum.norm()))));
        QVERIFY(texts.contains(QStringLiteral("shared expert 1 (gate 1)  |v| %1")
                                   .arg(number(block.shared[0].norm()))));
    }
    // The dropped choices, each with its expert, struck out in its block; C = ceil(0.5 * 2 * 90
    // / 4) = 23 slots per expert.
    QCOMPARE(last.capacity, std::vector<Index>({23, 23}));
    QVERIFY(panel.batchText().contains(
        QStringLiteral("because the expert was full (C = 23 slots per expert)")));
    for (const DroppedChoice &d : t.dropped)
        QVERIFY(panel.blocks()[std::size_t(d.block)]->texts().contains(
            QStringLiteral("choice %1 (expert %2) was dropped: full")
                .arg(d.rank + 1)
                .arg(d.expert + 1)));
    const QString moeSays = QStringLiteral("class %1 (p %2)")
                                .arg(t.moe.predictedClass)
                                .arg(number(t.moe.probabilities[t.moe.predictedClass]));
    const QString denseSays = QStringLiteral("class %1 (p %2)")
                                  .arg(t.dense.predictedClass)
                                  .arg(number(t.dense.probabilities[t.dense.predictedClass]));
    QCOMPARE(panel.predictionText(),
             QStringLiteral("MoE predicts %1; dense predicts %2 (label: class %3).")
                 .arg(moeSays, denseSays)
                 .arg(t.label));

    // The dense network block by block: its hidden layer, its FFN's output and the block's
    // output, each after the MoE block of the same depth; then each model's output layer.
    QCOMPARE(panel.denseBlocks().size(), std::size_t(2));
    for (std::size_t b = 0; b < 2; ++b) {
        const BlockTrace &block = t.dense.blocks[b];
        QCOMPARE(block.hidden.size(), Index(model.hidden));
        QCOMPARE(panel.denseBlocks()[b]->texts(),
                 QStringList({QStringLiteral("Block %1: dense network, FFN").arg(b + 1),
                              QStringLiteral("hidden layer (%1 units)  |v| %2")
                                  .arg(model.hidden)
                                  .arg(number(block.hidden.norm())),
                              QStringLiteral("FFN output  |v| %1").arg(number(block.update.norm())),
                              QStringLiteral("block output (input + the above)  |v| %1")
                                  .arg(number(block.output.norm()))}));
    }
    panel.resize(340, 400);
    panel.resize(340, panel.minimumHeight());
    panel.layout()->activate();
    const auto top = [](const QWidget *w) { return w->geometry().top(); };
    QVERIFY(top(panel.blocks()[0]) < top(panel.denseBlocks()[0]));
    QVERIFY(top(panel.denseBlocks()[0]) < top(panel.blocks()[1]));
    QVERIFY(top(panel.blocks()[1]) < top(panel.denseBlocks()[1]));
    const auto probabilities = [](const InputTrace &trace) {
        QStringList p;
        for (Index c = 0; c < trace.probabilities.size(); ++c)
            p << number(trace.probabilities[c]);
        return p.join(QStringLiteral(", "));
    };
    QCOMPARE(panel.moeOutputText(),
             QStringLiteral("MoE output: class %1, p (%2)")
                 .arg(t.moe.predictedClass)
                 .arg(probabilities(t.moe)));
    QCOMPARE(panel.denseOutputText(),
             QStringLiteral("Dense output: class %1, p (%2)")
                 .arg(t.dense.predictedClass)
                 .arg(probabilities(t.dense)));

    // A point of the plane: not in the batch.
    t.request.sample = -1;
    t.dropped.clear();
    panel.showTrace(t);
    QVERIFY(panel.batchText().startsWith(QStringLiteral("Not a training sample")));
    QVERIFY(panel.inputText().startsWith(QStringLiteral("Point (1, 2) of the plane")));
}

void TestInputPath::clickingAMapFollowsThatInput()
{
    MainWindow window(false);
    window.resize(1280, 720);
    window.show();
    QSignalSpy shown(&window, &MainWindow::snapshotShown);
    QTRY_VERIFY_WITH_TIMEOUT(!window.latest().points.train.isEmpty()
                                 && !window.latest().moe.decisionMap.isNull(),
                             20000);
    QTRY_VERIFY_WITH_TIMEOUT(shown.count() > 0, 5000);
    InputPathDock *follow = window.inputPath();
    InputPathPanel *panel = follow->panel();
    QVERIFY(!follow->dock()->isVisible());
    const ArenaSnapshot s = window.latest();

    // A click on training sample 0 in the MoE's map pins it and opens the panel.
    MapView *map = window.maps()->moeMap();
    const QPoint at = pixelOf(*map, s, s.points.train[0]);
    QTest::mouseClick(map, Qt::LeftButton, {}, at);
    QVERIFY(follow->dock()->isVisible());
    QVERIFY(panel->pinned());
    QTRY_VERIFY_WITH_TIMEOUT(panel->inputText().startsWith(QStringLiteral("Training sample")),
                             5000);
    QVERIFY(panel->inputText().contains(
        QStringLiteral("class %1 (pinned)").arg(s.points.trainLabels[0])));
    QCOMPARE(panel->blocks().size(), std::size_t(s.moe.config.blocks));
    const int k = s.moe.config.moe.effectiveTopK();
    for (const BlockPathView *view : panel->blocks()) {
        int chosen = 0;
        for (const QString &text : view->texts())
            chosen += text.contains(QStringLiteral(", gate ")) ? 1 : 0;
        QCOMPARE(chosen, k);
    }
    QVERIFY(panel->predictionText().startsWith(QStringLiteral("MoE predicts class")));
    // The pinned input is marked on every map, at the sample's own point.
    for (const MapView *view :
         {window.maps()->denseMap(), window.maps()->moeMap(), window.maps()->routingMap()})
        QVERIFY(view->followMarker() == std::optional(s.points.train[0]));
    // Nothing is squeezed: every block gets its full height inside the panel (which scrolls).
    QTRY_VERIFY_WITH_TIMEOUT(panel->blocks().back()->geometry().bottom() < panel->height(), 2000);
    for (const BlockPathView *view : panel->blocks())
        QCOMPARE(view->height(), view->sizeHint().height());

    // Pinned: hovering elsewhere changes nothing. A second click lets go; then hovering a spot
    // away from every sample follows that point of the plane.
    const QString pinnedText = panel->inputText();
    QTest::mouseMove(map, QPoint(map->width() / 2, map->height() / 2));
    QTest::qWait(200);
    QCOMPARE(panel->inputText().section(QStringLiteral(", step"), 0, 0),
             pinnedText.section(QStringLiteral(", step"), 0, 0));
    QTest::mouseClick(map, Qt::LeftButton, {}, at);
    QVERIFY(!panel->pinned());
    QVERIFY(!window.maps()->denseMap()->followMarker()); // let go: no mark
    const TraceRequest corner = follow->requestAt(QPointF(s.xMin, s.yMin), 1e-6);
    QCOMPARE(corner.sample, -1); // no sample sits exactly in the corner
    const QPoint empty = pixelOf(*map, s, QPointF(s.xMin + 1e-3, s.yMin + 1e-3)) + QPoint(1, -1);
    QTest::mouseMove(map, empty);
    QTRY_VERIFY_WITH_TIMEOUT(panel->inputText().startsWith(QStringLiteral("Point (")), 5000);
    QVERIFY(panel->batchText().startsWith(QStringLiteral("Not a training sample")));
    // Hovered: the point under the mouse is marked on the other maps too, until the mouse leaves.
    const std::optional<QPointF> hovered = window.maps()->routingMap()->followMarker();
    QVERIFY(hovered.has_value());
    QVERIFY(std::abs(hovered->x() - s.xMin) < 0.05 * (s.xMax - s.xMin));
    QVERIFY(std::abs(hovered->y() - s.yMin) < 0.05 * (s.yMax - s.yMin));
    QEvent leave(QEvent::Leave);
    QCoreApplication::sendEvent(map, &leave);
    QVERIFY(!window.maps()->routingMap()->followMarker());
    // The window hands a highlighted expert on to the load chart (tst_mapmarks for the views).
    window.maps()->highlightExperts(1, 1);
    QVERIFY(window.load()->highlightedExperts() == (ExpertRange {1, 1}));
    window.maps()->highlightExperts(-1, -1);
    QVERIFY(!window.load()->highlightedExperts().active());
}

void TestInputPath::aPinnedInputIsLookedUpAgainOnNewData()
{
    // Sample numbers refer to the data they were picked in: after a switch to iris (four
    // features, drawn projected) the pinned input is the iris sample nearest the pinned spot.
    MainWindow window(false);
    window.resize(1280, 720);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(!window.latest().points.train.isEmpty(), 20000);
    InputPathPanel *panel = window.inputPath()->panel();
    window.inputPath()->pinAt(window.latest().points.train[0], 1e-6);
    QTRY_VERIFY_WITH_TIMEOUT(panel->inputText().startsWith(QStringLiteral("Training sample")),
                             5000);
    QVERIFY(!panel->inputText().contains(QRegularExpression(QStringLiteral("\\(([^,()]+, ){3}"))));
    ArenaConfig config = window.controls()->config();
    config.dataset.name = "iris";
    config.dataset.samples = 0;
    config.dataset.noise.reset();
    window.controls()->apply(config);
    QTRY_VERIFY_WITH_TIMEOUT(window.latest().points.projected, 20000);
    // Four feature values now: "Training sample at (5.7, 3, 4.2, 1.2), class 1 (pinned), ...".
    QTRY_VERIFY_WITH_TIMEOUT(panel->inputText().contains(
                                 QRegularExpression(QStringLiteral("\\(([^,()]+, ){3}[^,()]+\\)"))),
                             10000);
    QVERIFY(panel->pinned());
}

QTEST_MAIN(TestInputPath)
#include "tst_inputpath.moc"
