// What the Text arena computes besides the model itself: the unigram and bigram reference levels
// against counts done by hand, a passage's routing against the evaluation and training passes it
// describes, and the side-by-side pair against runs trained alone as the command line trains
// them (the same numbers in the app and the CLI), for 1 and 2 threads.

#include "core/base/error.h"
#include "core/base/parallel.h"
#include "core/text/ngram.h"
#include "core/text/passagerouting.h"
#include "core/text/routinganalysis.h"
#include "core/text/texteval.h"
#include "core/text/textpair.h"

#include <QTest>
#include <array>
#include <cmath>

using namespace moe;

namespace {

TextModelConfig tinyModel(int moeEvery)
{
    TextModelConfig c;
    c.vocab = 9;
    c.context = 8;
    c.width = 16;
    c.heads = 2;
    c.blocks = 2;
    c.denseHidden = 32;
    c.moeEvery = moeEvery;
    c.moe.experts = 4;
    c.moe.topK = 2;
    c.moe.expertHidden = 12;
    return c;
}

std::vector<int> stream(std::size_t n, int vocab, std::uint64_t seed)
{
    Rng rng(seed);
    std::vector<int> ids(n);
    for (std::size_t i = 0; i < n; ++i) // a pattern with noise: a bigram model can learn it
        ids[i] = rng.below(4) == 0 ? int(rng.below(std::uint64_t(vocab)))
                                   : int((i > 0 ? ids[i - 1] + 1 : 0) % vocab);
    return ids;
}

TextTrainConfig quickTraining()
{
    TextTrainConfig t;
    t.sequences = 3;
    t.steps = 20;
    t.warmup = 2;
    t.learningRate = 3e-3f;
    return t;
}

} // namespace

class TestTextPair : public QObject
{
    Q_OBJECT

private slots:
    void ngramLevelsAgainstHandCounts()
    {
        // train 0 1 0 1 1 (V = 2): unigram counts 2, 3 of n = 5; predecessors 0: 2, 1: 2;
        // pairs (0,1) 2, (1,0) 1, (1,1) 1.
        const std::vector<int> train {0, 1, 0, 1, 1};
        const BigramCounts counts(train, 2);
        const std::vector<int> validation {1, 0, 0};
        const NgramLevels all = counts.score(validation);
        QCOMPARE(all.scored, Index(2));
        // targets 0 (after 1), 0 (after 0)
        const double unigram = -2.0 * std::log((2.0 + 1.0) / (5.0 + 2.0));
        const double bigram
            = -std::log((1.0 + 1.0) / (2.0 + 2.0)) - std::log((0.0 + 1.0) / (2.0 + 2.0));
        QVERIFY(std::abs(all.unigramNats - unigram) < 1e-12);
        QVERIFY(std::abs(all.bigramNats - bigram) < 1e-12);
        const NgramLevels first = counts.score(validation, 1);
        QCOMPARE(first.scored, Index(1));
        QVERIFY(std::abs(first.bigramNats + std::log(0.5)) < 1e-12);
        QVERIFY_THROWS_EXCEPTION(DataError, BigramCounts(std::vector<int> {0, 2}, 2));
    }

    void ngramScoresTheTargetsEvaluationScores()
    {
        // The levels are read on the tokens a periodic evaluation scored: the same count.
        Rng rng(3);
        TextModel model(tinyModel(1), rng);
        const std::vector<int> ids = stream(100, 9, 5);
        const TextEvalResult result = evaluateText(model, ids, 20);
        const BigramCounts counts(stream(400, 9, 6), 9);
        QCOMPARE(counts.score(ids, result.tokens).scored, result.tokens);
        QCOMPARE(counts.score(ids).scored, Index(ids.size()) - 1);
    }

    void passageRoutingIsTheEvaluationsAndTrainingsRouting()
    {
        TextModelConfig config = tinyModel(1);
        config.moe.capacityFactor = 0.5;
        config.moe.dropPolicy = DropPolicy::Position;
        Rng rng(11);
        TextModel model(config, rng);
        const std::vector<int> ids = stream(21, 9, 7); // two whole windows and a tail of 5
        const PassageRouting routing = routePassage(model, ids, 1, 2);
        QCOMPARE(routing.blocks, (std::vector<int> {1, 2}));
        QCOMPARE(routing.tokens.size(), ids.size());
        // Losses: the evaluation's, token by token (the first token is not predicted).
        std::vector<double> losses(ids.size(), -1.0);
        evaluateText(model, ids, 0,
                     [&](Index start, Index length, const Matrix &, const std::vector<double> &l) {
                         for (Index t = 0; t < length; ++t)
                             losses[std::size_t(start + t + 1)] = l[std::size_t(t)];
                     });
        for (std::size_t i = 0; i < ids.size(); ++i)
            QCOMPARE(routing.tokens[i].loss, losses[i]);
        // First choices: the routing analysis's (evaluation routing, window by window).
        RoutingAnalysisInput input;
        input.tokens = ids;
        input.sequences = 1;
        const RoutingAnalysis analysis = analyseRouting(model, input);
        for (std::size_t l = 0; l < 2; ++l)
            for (std::size_t i = 0; i + 1 < ids.size(); ++i) {
                const PassageLayerRoute &route = routing.tokens[i].layers[l];
                QCOMPARE(route.experts.size(), std::size_t(2)); // dropless top-2
                QCOMPARE(route.experts.front(), analysis.layers[l].firstChoice[i]);
                QVERIFY(route.gates[0] >= route.gates[1]);
                double sum = 0.0;
                for (float p : route.probs)
                    sum += double(p);
                QVERIFY(std::abs(sum - 1.0) < 1e-5);
            }
        // Drops: the training routing of the passage's batches, as a plain forward pass of each
        // batch shows them: windows 0-1 as one batch (B = 2), then the tail of 5 tokens alone;
        // with B = 1 each window alone. A token with every slot dropped is lost.
        // (first token, tokens, window length) of each batch
        using Batches = std::vector<std::array<Index, 3>>;
        const auto expectDrops = [&](const PassageRouting &r, const Batches &batches) {
            Rng order(1);
            for (const auto &[begin, count, length] : batches) {
                model.forward(
                    std::span<const int>(ids).subspan(std::size_t(begin), std::size_t(count)),
                    length, {.training = true, .rng = &order});
                std::size_t l = 0;
                for (const MoeBlock *moe : model.moeLayers()) {
                    std::vector<std::vector<int>> dropped(static_cast<std::size_t>(count));
                    for (const Assignment &a : moe->lastDecision().assignments)
                        if (!a.kept)
                            dropped[std::size_t(a.token)].push_back(a.expert);
                    for (Index t = 0; t < count; ++t) {
                        const PassageLayerRoute &route = r.tokens[std::size_t(begin + t)].layers[l];
                        QCOMPARE(route.droppedExperts, dropped[std::size_t(t)]);
                        QCOMPARE(route.lostAll, dropped[std::size_t(t)].size() == 2);
                    }
                    ++l;
                }
            }
        };
        expectDrops(routing, {{0, 16, 8}, {16, 5, 5}});
        Index dropped = 0;
        for (const PassageToken &token : routing.tokens)
            for (const PassageLayerRoute &route : token.layers)
                dropped += Index(route.droppedExperts.size());
        QVERIFY(dropped >= 2 * (16 + 2)); // at least what the slots cannot hold, in both layers
        expectDrops(routePassage(model, ids, 1, 1), {{0, 8, 8}, {8, 8, 8}, {16, 5, 5}});
        // A dense model has no layer to route through.
        Rng denseRng(2);
        TextModel dense(tinyModel(0), denseRng);
        const PassageRouting none = routePassage(dense, ids);
        QVERIFY(none.blocks.empty());
        QVERIFY(none.tokens[3].layers.empty());
        QVERIFY(std::abs(none.tokens[3].loss) < 100.0);
    }

    void pairTrainsAsTheCommandLineTrainsAlone()
    {
        const std::vector<int> tokens = stream(600, 9, 9);
        const TextTrainConfig training = quickTraining();
        for (int threads : {1, 2}) {
            setThreadCount(threads);
            TextPair pair(tinyModel(1), tinyModel(0), training, tokens, 42);
            std::vector<double> moeLosses, denseLosses;
            for (int s = 0; s < 6; ++s) {
                const TextPairStep step = pair.step();
                moeLosses.push_back(step.moe.loss);
                denseLosses.push_back(step.dense.loss);
            }
            QCOMPARE(pair.steps(), 6);
            // app/cli/textrun.cpp's order: the model from the seed's generator, then the batches
            // and the trainer's noise from streams split off it.
            for (int moeEvery : {1, 0}) {
                Rng rng(42);
                TextModel model(tinyModel(moeEvery), rng);
                TextBatcher batcher(tokens, 8, rng.split());
                TextTrainer trainer(model, training, rng.split());
                for (int s = 0; s < 6; ++s)
                    QCOMPARE(trainer.step(batcher.next(3)).loss,
                             (moeEvery ? moeLosses : denseLosses)[std::size_t(s)]);
            }
        }
        setThreadCount(1);
    }

    void liveSettingsChangeTheScheduleNotTheModels()
    {
        const std::vector<int> tokens = stream(600, 9, 9);
        TextPair pair(tinyModel(1), tinyModel(0), quickTraining(), tokens, 1);
        pair.step();
        TextTrainConfig faster = quickTraining();
        faster.learningRate = 1e-2f;
        faster.warmup = 0;
        MoeConfig moe = tinyModel(1).moe;
        moe.capacityFactor = 1.0;
        moe.balanceLoss = 0.1;
        pair.setLiveSettings(faster, moe);
        const TextPairStep step = pair.step();
        QVERIFY(std::abs(step.moe.learningRate - scheduledLearningRate(faster, 1)) < 1e-9f);
        QCOMPARE(pair.moe().moeLayers().front()->config().capacityFactor, std::optional(1.0));
        QCOMPARE(pair.moe().moeLayers().front()->config().balanceLoss, 0.1);
        faster.learningRate = -1.0f;
        QVERIFY_THROWS_EXCEPTION(ConfigError, pair.setLiveSettings(faster, moe));
    }
};

QTEST_APPLESS_MAIN(TestTextPair)
#include "tst_textpair.moc"
