// The router-share view: its numbers are the engine's own FLOP accounting (MoeBlock::cost()),
// the crossover and the live E are where the maths puts them, and the capacity panel shows it as
// its fourth view, following the live MoE.

#include "core/moe/moeblock.h"
#include "core/moe/moeflops.h"
#include "ui/charts/capacitypanel.h"
#include "ui/charts/routersharechart.h"
#include "ui/export/chartexport.h"

#include <QChart>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QTest>

using namespace moe;
using namespace moe::ui;

class TestRouterShare : public QObject
{
    Q_OBJECT

private slots:
    void csvIsTheBlocksOwnCost_data();
    void csvIsTheBlocksOwnCost();
    void crossoverAndLiveMarkers();
    void capacityPanelFollowsTheLiveMoe();
};

namespace {
QScatterSeries *scatter(const QChart *chart, const QString &nameStart)
{
    for (QAbstractSeries *s : chart->series())
        if (auto *points = qobject_cast<QScatterSeries *>(s);
            points && points->name().startsWith(nameStart))
            return points;
    return nullptr;
}
} // namespace

void TestRouterShare::csvIsTheBlocksOwnCost_data()
{
    QTest::addColumn<int>("router");
    QTest::addColumn<int>("k");
    QTest::addColumn<int>("hidden");
    QTest::addColumn<int>("shared");
    QTest::addColumn<int>("width");
    QTest::newRow("topk k2 h32") << int(RouterKind::TopK) << 2 << 32 << 0 << 16;
    QTest::newRow("noisy-topk k1 h4") << int(RouterKind::NoisyTopK) << 1 << 4 << 0 << 8;
    QTest::newRow("noisy-topk shared 2") << int(RouterKind::NoisyTopK) << 2 << 6 << 2 << 12;
    QTest::newRow("switch shared 1") << int(RouterKind::Switch) << 1 << 8 << 1 << 10;
}

void TestRouterShare::csvIsTheBlocksOwnCost()
{
    QFETCH(int, router);
    QFETCH(int, k);
    QFETCH(int, hidden);
    QFETCH(int, shared);
    QFETCH(int, width);
    MoeConfig c;
    c.router = RouterKind(router);
    c.topK = k;
    c.expertHidden = hidden;
    c.sharedExperts = shared;
    c.experts = 8;
    RouterShareChart chart;
    chart.setModel(c, width);
    const QStringList lines = chart.csv().trimmed().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 1 + RouterShareChart::kMostExperts);
    QVERIFY(lines.front().startsWith(QStringLiteral("experts,router_flops,expert_flops")));
    for (int e : {2, 5, 8, 64, 256}) { // rows against a block built with E experts
        MoeConfig at = c;
        at.experts = e;
        Rng rng(1);
        const MoeBlock block("moe", width, at, Activation::Relu, rng);
        const double routerFlops = block.router().forwardFlopsPerSample();
        const QStringList row = lines[e].split(QLatin1Char(','));
        QCOMPARE(row[0].toInt(), e);
        QCOMPARE(row[1].toDouble(), routerFlops);
        QCOMPARE(row[1].toDouble() + row[2].toDouble(), block.cost().forwardFlops);
        QCOMPARE(row[3].toDouble(), routerFlops / block.cost().forwardFlops);
        QCOMPARE(row[5].toInt(), e == 8 ? 1 : 0);
    }
}

void TestRouterShare::crossoverAndLiveMarkers()
{
    MoeConfig c; // E = 8, h_e = 32, top-2: share 8 / (8 + 128), crossover at E = 128
    c.experts = 8;
    c.topK = 2;
    c.expertHidden = 32;
    c.sharedExperts = 0;
    c.router = RouterKind::TopK;
    RouterShareChart chart;
    chart.setModel(c, 16);
    const QScatterSeries *live = scatter(chart.chart(), QStringLiteral("your E"));
    const QScatterSeries *crossover = scatter(chart.chart(), QStringLiteral("crossover"));
    QVERIFY(live && crossover);
    QCOMPARE(live->points().size(), 1);
    QCOMPARE(live->at(0), QPointF(8.0, 100.0 * 8.0 / 136.0));
    QVERIFY(live->name().contains(QStringLiteral("5.9%")));
    QCOMPARE(crossover->points().size(), 1);
    QCOMPARE(crossover->at(0), QPointF(128.0, 50.0));
    QVERIFY(crossover->name().endsWith(QStringLiteral("E = 128")));
    // Noisy top-k pays the router twice: the crossover halves, to 64.
    c.router = RouterKind::NoisyTopK;
    chart.setModel(c, 16);
    QCOMPARE(crossover->at(0), QPointF(64.0, 50.0));
    // Wide experts put the crossover beyond 256: the axis stretches to show it.
    c.router = RouterKind::TopK;
    c.expertHidden = 512;
    c.topK = 4;
    chart.setModel(c, 16);
    QCOMPARE(crossover->at(0).x(), 4096.0);
    const auto *axis = qobject_cast<QLogValueAxis *>(chart.chart()->axes(Qt::Horizontal).front());
    QVERIFY(axis && axis->max() >= 4096.0 && axis->min() == 1.0);
}

void TestRouterShare::capacityPanelFollowsTheLiveMoe()
{
    CapacityPanel panel;
    panel.resize(800, 400);
    ArenaSnapshot s;
    s.moe.config.blocks = 2;
    s.moe.config.width = 16;
    s.moe.config.blockKind = BlockKind::Moe;
    s.moe.config.moe.experts = 32;
    s.moe.config.moe.topK = 1;
    s.moe.config.moe.expertHidden = 4;
    s.dense.config = s.moe.config;
    s.dense.config.blockKind = BlockKind::Dense;
    panel.showSnapshot(s);
    panel.setView(CapacityPanel::View::RouterShare);
    QCOMPARE(panel.view(), CapacityPanel::View::RouterShare);
    const QScatterSeries *live
        = scatter(panel.routerShareChart()->chart(), QStringLiteral("your E"));
    QVERIFY(live);
    // 32 / (32 + 2 * 4 * 1) = 80%: at toy sizes the router is most of the block
    QCOMPARE(live->at(0), QPointF(32.0, 80.0));
}

QTEST_MAIN(TestRouterShare)
#include "tst_routershare.moc"
