// Expert capacity and token dropping (docs/moe.md, "[4] Capacity and token dropping") on
// hand-built routing decisions:
// the capacity formulas, which slots each drop policy keeps, and the buckets the experts read.

#include "core/base/rng.h"
#include "core/moe/capacity.h"

#include <QTest>

using namespace moe;

namespace {
// A token-choice decision: choices[t] lists token t's experts, first choice first.
RoutingDecision decisionOf(int experts, const std::vector<std::vector<int>> &choices,
                           Matrix probs = {})
{
    RoutingDecision d;
    d.tokens = Index(choices.size());
    d.experts = experts;
    d.topK = int(choices.front().size());
    d.probs = probs.size() > 0 ? probs : Matrix::Zero(d.tokens, experts);
    for (std::size_t t = 0; t < choices.size(); ++t)
        for (std::size_t r = 0; r < choices[t].size(); ++r)
            d.assignments.push_back({Index(t), choices[t][r], int(r), 0.5f, true, -1});
    return d;
}

// Kept tokens of each expert, in bucket (slot) order.
std::vector<std::vector<Index>> keptTokens(const RoutingDecision &d)
{
    std::vector<std::vector<Index>> tokens(std::size_t(d.experts));
    for (std::size_t e = 0; e < d.buckets.size(); ++e)
        for (Index i : d.buckets[e])
            tokens[e].push_back(d.assignments[std::size_t(i)].token);
    return tokens;
}

std::vector<bool> keptFlags(const RoutingDecision &d)
{
    std::vector<bool> flags;
    for (const Assignment &a : d.assignments)
        flags.push_back(a.kept);
    return flags;
}

// Buckets hold exactly the kept assignments of their expert, in assignment order, and every kept
// assignment's slot is its row in the bucket; dropped ones have slot -1. No bucket exceeds C.
void verifyBuckets(const RoutingDecision &d)
{
    QCOMPARE(d.buckets.size(), std::size_t(d.experts));
    std::vector<int> seen(d.assignments.size(), 0);
    for (std::size_t e = 0; e < d.buckets.size(); ++e) {
        QVERIFY(Index(d.buckets[e].size()) <= d.capacity);
        for (std::size_t s = 0; s < d.buckets[e].size(); ++s) {
            const Index i = d.buckets[e][s];
            const Assignment &a = d.assignments[std::size_t(i)];
            QCOMPARE(a.expert, int(e));
            QVERIFY(a.kept);
            QCOMPARE(a.slot, Index(s));
            if (s > 0)
                QVERIFY(d.buckets[e][s - 1] < i);
            ++seen[std::size_t(i)];
        }
    }
    for (std::size_t i = 0; i < d.assignments.size(); ++i) {
        QCOMPARE(seen[i], d.assignments[i].kept ? 1 : 0);
        if (!d.assignments[i].kept)
            QCOMPARE(d.assignments[i].slot, Index(-1));
    }
}

// Six tokens, two experts, both chosen by every token; first choice = the larger probability.
// Expert 0 is the first choice of tokens 1, 2, 4; expert 1 of tokens 0, 3, 5.
Matrix sixTokenProbs()
{
    Matrix p(6, 2);
    p << 0.1f, 0.9f, 0.9f, 0.1f, 0.55f, 0.45f, 0.2f, 0.8f, 0.8f, 0.2f, 0.15f, 0.85f;
    return p;
}
std::vector<std::vector<int>> sixTokenChoices()
{
    return {{1, 0}, {0, 1}, {0, 1}, {1, 0}, {0, 1}, {1, 0}};
}
} // namespace

using Tokens = std::vector<std::vector<Index>>;

class TestCapacity : public QObject
{
    Q_OBJECT

private slots:
    void tokenChoiceCapacity_data();
    void tokenChoiceCapacity();
    void expertChoiceCapacity_data();
    void expertChoiceCapacity();
    void positionKeepsFirstChoicesThenEarlierTokens();
    void policyDecidesWhichSlotsSurvive_data();
    void policyDecidesWhichSlotsSurvive();
    void randomPolicyFollowsTheSeed();
    void noCapacityDropsNothing();
    void slotsWithinCapacityAreAllKept();
};

void TestCapacity::tokenChoiceCapacity_data()
{
    QTest::addColumn<double>("cf");
    QTest::addColumn<int>("k");
    QTest::addColumn<int>("tokens");
    QTest::addColumn<int>("experts");
    QTest::addColumn<int>("expected");
    QTest::newRow("cf1 k1 64/8") << 1.0 << 1 << 64 << 8 << 8;
    QTest::newRow("cf1.25 k2 64/8") << 1.25 << 2 << 64 << 8 << 20;
    QTest::newRow("cf1.25 k1 10/4 (3.125)") << 1.25 << 1 << 10 << 4 << 4;
    QTest::newRow("cf1.1 k1 10/4 (2.75)") << 1.1 << 1 << 10 << 4 << 3;
    QTest::newRow("cf2 k2 7/3 (9.33)") << 2.0 << 2 << 7 << 3 << 10;
    QTest::newRow("cf1.1 k2 50/11 (exactly 10)") << 1.1 << 2 << 50 << 11 << 10;
    QTest::newRow("cf0.25 k1 3/8 (at least 1)") << 0.25 << 1 << 3 << 8 << 1;
    QTest::newRow("cf4 k4 64/4 (may exceed T)") << 4.0 << 4 << 64 << 4 << 256;
}

void TestCapacity::tokenChoiceCapacity()
{
    QFETCH(double, cf);
    QFETCH(int, k);
    QFETCH(int, tokens);
    QFETCH(int, experts);
    QFETCH(int, expected);
    QCOMPARE(moe::tokenChoiceCapacity(cf, k, tokens, experts), Index(expected));
}

void TestCapacity::expertChoiceCapacity_data()
{
    QTest::addColumn<double>("cf"); // 0 = no capacity factor
    QTest::addColumn<int>("tokens");
    QTest::addColumn<int>("experts");
    QTest::addColumn<int>("expected");
    QTest::newRow("cf1 64/8") << 1.0 << 64 << 8 << 8;
    QTest::newRow("cf1.25 64/8") << 1.25 << 64 << 8 << 10;
    QTest::newRow("cf2 10/4") << 2.0 << 10 << 4 << 5;
    QTest::newRow("cf1.1 10/3 (3.67)") << 1.1 << 10 << 3 << 4;
    QTest::newRow("cf4 6/2 capped at T") << 4.0 << 6 << 2 << 6;
    QTest::newRow("cf0.25 3/8 at least 1") << 0.25 << 3 << 8 << 1;
    QTest::newRow("none = T") << 0.0 << 37 << 8 << 37;
}

void TestCapacity::expertChoiceCapacity()
{
    QFETCH(double, cf);
    QFETCH(int, tokens);
    QFETCH(int, experts);
    QFETCH(int, expected);
    const std::optional<double> factor = cf > 0 ? std::optional<double>(cf) : std::nullopt;
    QCOMPARE(moe::expertChoiceCapacity(factor, tokens, experts), Index(expected));
}

void TestCapacity::positionKeepsFirstChoicesThenEarlierTokens()
{
    // Expert 0: first choice of 0, 2, 3, 5, second of 1, 4; expert 1 the other way round.
    RoutingDecision d = decisionOf(2, {{0, 1}, {1, 0}, {0, 1}, {0, 1}, {1, 0}, {0, 1}});
    applyCapacity(d, 0.5, DropPolicy::Position, nullptr); // C = ceil(0.5 * 2 * 6 / 2) = 3
    QCOMPARE(d.capacity, Index(3));
    QCOMPARE(d.routed, (std::vector<Index> {6, 6})); // before dropping
    QCOMPARE(d.keptPerExpert(), (std::vector<Index> {3, 3}));
    // Token 1's second choice loses to token 3's first; token 5's first choice is too late.
    QCOMPARE(keptFlags(d),
             (std::vector<bool> {true, true, true, false, true, false, true, false, true, false,
                                 false, false}));
    QCOMPARE(d.buckets, (std::vector<std::vector<Index>> {{0, 4, 6}, {1, 2, 8}}));
    QCOMPARE(d.droppedSlots(), Index(6));
    QCOMPARE(d.tokensWithoutExpert(), Index(1)); // token 5
    verifyBuckets(d);
}

void TestCapacity::policyDecidesWhichSlotsSurvive_data()
{
    QTest::addColumn<int>("policy");
    QTest::addColumn<Tokens>("kept"); // per expert, in slot order
    // C = ceil(0.25 * 2 * 6 / 2) = 2; each expert is the first choice of three tokens.
    QTest::newRow("position: earlier first choices")
        << int(DropPolicy::Position) << Tokens {{1, 2}, {0, 3}};
    QTest::newRow("score: highest p[t, e]") << int(DropPolicy::Score) << Tokens {{1, 4}, {0, 5}};
    QTest::newRow("random without a generator = position")
        << int(DropPolicy::Random) << Tokens {{1, 2}, {0, 3}};
}

void TestCapacity::policyDecidesWhichSlotsSurvive()
{
    QFETCH(int, policy);
    QFETCH(Tokens, kept);
    RoutingDecision d = decisionOf(2, sixTokenChoices(), sixTokenProbs());
    applyCapacity(d, 0.25, DropPolicy(policy), nullptr);
    QCOMPARE(d.capacity, Index(2));
    QCOMPARE(d.routed, (std::vector<Index> {6, 6}));
    QCOMPARE(keptTokens(d), kept);
    QCOMPARE(d.droppedSlots(), Index(8));
    verifyBuckets(d);
}

void TestCapacity::randomPolicyFollowsTheSeed()
{
    std::vector<Tokens> outcomes;
    for (std::uint64_t seed = 1; seed <= 8; ++seed) {
        RoutingDecision a = decisionOf(2, sixTokenChoices(), sixTokenProbs()), b = a;
        Rng rngA(seed), rngB(seed);
        applyCapacity(a, 0.5, DropPolicy::Random, &rngA); // C = 3 of 6 per expert
        applyCapacity(b, 0.5, DropPolicy::Random, &rngB);
        QCOMPARE(keptFlags(a), keptFlags(b));
        QCOMPARE(a.buckets, b.buckets);
        QCOMPARE(a.keptPerExpert(), (std::vector<Index> {3, 3}));
        QCOMPARE(a.routed, (std::vector<Index> {6, 6}));
        verifyBuckets(a);
        outcomes.push_back(keptTokens(a));
    }
    // Another seed, another draw: 8 seeds over C(6,3)^2 = 400 outcomes are not all the same.
    std::sort(outcomes.begin(), outcomes.end());
    QVERIFY(std::unique(outcomes.begin(), outcomes.end()) - outcomes.begin() >= 3);
}

void TestCapacity::noCapacityDropsNothing()
{
    // Skewed: expert 2 gets 4 of 5 tokens, expert 1 none.
    RoutingDecision d = decisionOf(3, {{2}, {0}, {2}, {2}, {2}});
    applyCapacity(d, std::nullopt, DropPolicy::Position, nullptr);
    QCOMPARE(d.capacity, Index(4)); // dropless: C = the largest load
    QCOMPARE(d.routed, (std::vector<Index> {1, 0, 4}));
    QCOMPARE(d.droppedSlots(), Index(0));
    QCOMPARE(d.tokensWithoutExpert(), Index(0));
    QCOMPARE(keptTokens(d), (Tokens {{1}, {}, {0, 2, 3, 4}}));
    verifyBuckets(d);

    // The same routing with cf 1: C = ceil(5 / 3) = 2 drops the last two tokens of expert 2.
    RoutingDecision limited = decisionOf(3, {{2}, {0}, {2}, {2}, {2}});
    applyCapacity(limited, 1.0, DropPolicy::Position, nullptr);
    QCOMPARE(limited.capacity, Index(2));
    QCOMPARE(keptTokens(limited), (Tokens {{1}, {}, {0, 2}}));
    QCOMPARE(limited.tokensWithoutExpert(), Index(2));
    verifyBuckets(limited);
}

void TestCapacity::slotsWithinCapacityAreAllKept()
{
    // Every expert within C: whatever the policy, nothing is dropped.
    for (DropPolicy policy : {DropPolicy::Position, DropPolicy::Score, DropPolicy::Random}) {
        RoutingDecision d = decisionOf(2, sixTokenChoices(), sixTokenProbs());
        Rng rng(4);
        applyCapacity(d, 1.0, policy, &rng); // C = 6
        QCOMPARE(d.capacity, Index(6));
        QCOMPARE(d.droppedSlots(), Index(0));
        QCOMPARE(keptTokens(d), (Tokens {{0, 1, 2, 3, 4, 5}, {0, 1, 2, 3, 4, 5}}));
        verifyBuckets(d);
    }
}

QTEST_APPLESS_MAIN(TestCapacity)
#include "tst_capacity.moc"
