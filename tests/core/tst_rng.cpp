#include "core/base/rng.h"

#include <QTest>
#include <algorithm>
#include <numeric>

using namespace moe;

class TestRng : public QObject
{
    Q_OBJECT

private slots:
    void sameSeedSameSequence();
    void knownFirstValues();
    void uniformAndNormalMoments();
    void belowIsInRangeAndCoversIt();
    void shuffleIsAPermutation();
};

void TestRng::sameSeedSameSequence()
{
    Rng a(42), b(42), c(43);
    bool differs = false;
    for (int i = 0; i < 100; ++i) {
        const auto x = a.nextU64();
        QCOMPARE(x, b.nextU64());
        differs = differs || x != c.nextU64();
    }
    QVERIFY(differs);
}

void TestRng::knownFirstValues()
{
    // Pinned: every dataset, split and initialisation derives from these numbers, so a change of
    // generator or distribution (which would change every run) must be deliberate.
    Rng rng(1);
    QCOMPARE(rng.nextU64(), std::uint64_t(9822250072823399003ULL));
    QCOMPARE(rng.uniform(), 0.89269856320577545);
    QCOMPARE(rng.normal(), -1.9774583475362957);
    Rng split1(1), split2(1);
    QCOMPARE(split1.split().nextU64(), split2.split().nextU64());
}

void TestRng::uniformAndNormalMoments()
{
    Rng rng(3);
    const int n = 200000;
    double sumU = 0, sumN = 0, sumN2 = 0;
    for (int i = 0; i < n; ++i) {
        const double u = rng.uniform();
        QVERIFY(u >= 0.0 && u < 1.0);
        sumU += u;
        const double z = rng.normal();
        sumN += z;
        sumN2 += z * z;
    }
    QVERIFY(std::abs(sumU / n - 0.5) < 0.005);
    QVERIFY(std::abs(sumN / n) < 0.01);
    QVERIFY(std::abs(sumN2 / n - 1.0) < 0.02);
}

void TestRng::belowIsInRangeAndCoversIt()
{
    Rng rng(5);
    std::vector<int> counts(7, 0);
    for (int i = 0; i < 7000; ++i) {
        const auto v = rng.below(7);
        QVERIFY(v < 7);
        ++counts[v];
    }
    for (int c : counts)
        QVERIFY(c > 850 && c < 1150);
    QCOMPARE(rng.below(1), std::uint64_t(0));
}

void TestRng::shuffleIsAPermutation()
{
    Rng rng(6);
    std::vector<int> items(50);
    std::iota(items.begin(), items.end(), 0);
    rng.shuffle(items);
    std::vector<int> sorted = items;
    std::sort(sorted.begin(), sorted.end());
    for (int i = 0; i < 50; ++i)
        QCOMPARE(sorted[i], i);
    int fixedPoints = 0;
    for (int i = 0; i < 50; ++i)
        fixedPoints += items[i] == i;
    QVERIFY(fixedPoints < 10);
}

QTEST_APPLESS_MAIN(TestRng)
#include "tst_rng.moc"
