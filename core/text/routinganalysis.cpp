#include "core/text/routinganalysis.h"

#include "core/base/error.h"
#include "core/text/texteval.h"

#include <algorithm>
#include <unordered_map>

namespace moe {

namespace {

// First choice of each token of the last forward pass: the expert with its largest gate among
// those that took it (token choice: its first pick; expert choice: the most confident picker).
void firstChoices(const RoutingDecision &d, Index offset, std::vector<int> &out)
{
    std::vector<float> best(std::size_t(d.tokens), -1.0f);
    for (const Assignment &a : d.assignments) {
        if (!a.kept)
            continue;
        const auto i = std::size_t(offset + a.token);
        if (a.gate > best[std::size_t(a.token)]) {
            best[std::size_t(a.token)] = a.gate;
            out[i] = a.expert;
        }
    }
}

void specialisation(LayerRoutingAnalysis &layer, std::span<const int> tokens, int experts)
{
    std::unordered_map<int, std::vector<Index>> counts; // id -> per expert
    for (std::size_t i = 0; i < layer.firstChoice.size(); ++i) {
        if (layer.firstChoice[i] < 0)
            continue;
        auto &c = counts[tokens[i]];
        c.resize(std::size_t(experts), 0);
        ++c[std::size_t(layer.firstChoice[i])];
    }
    Index top = 0, total = 0;
    for (const auto &[id, c] : counts) {
        Index n = 0;
        for (Index v : c)
            n += v;
        if (n < kMinOccurrences)
            continue;
        ++layer.tokenIdsMeasured;
        top += *std::max_element(c.begin(), c.end());
        total += n;
    }
    layer.tokenSpecialisation = total > 0 ? double(top) / double(total) : 0.0;
    layer.specialisationIfTokenBlind
        = *std::max_element(layer.expertShare.begin(), layer.expertShare.end());
}

} // namespace

RoutingAnalysis analyseRouting(TextModel &model, const RoutingAnalysisInput &input)
{
    const TextModelConfig &config = model.config();
    if (!config.isMoe())
        throw ConfigError("a dense model has no router to analyse");
    const int E = config.moe.experts;
    const Index n = Index(input.tokens.size());
    RoutingAnalysis analysis;
    for (int b = 1; b <= config.blocks; ++b)
        if (config.isMoeBlock(b)) {
            LayerRoutingAnalysis layer;
            layer.block = b;
            layer.firstChoice.assign(std::size_t(std::max<Index>(n - 1, 0)), -1);
            analysis.layers.push_back(std::move(layer));
        }
    // Evaluation routing, window by window: the windows' inputs are tokens 0 .. n-2.
    evaluateText(model, input.tokens, 0,
                 [&](Index start, Index, const Matrix &, const std::vector<double> &) {
                     std::size_t i = 0;
                     for (const MoeBlock *moe : model.moeLayers())
                         firstChoices(moe->lastDecision(), start, analysis.layers[i++].firstChoice);
                 });
    analysis.tokens = std::max<Index>(n - 1, 0);
    const int domains = std::max(1, input.domains);
    for (std::size_t l = 0; l < analysis.layers.size(); ++l) {
        LayerRoutingAnalysis &layer = analysis.layers[l];
        const std::vector<int> &first = layer.firstChoice;
        std::vector<Index> perExpert(std::size_t(E), 0);
        std::vector<std::vector<Index>> perDomain(std::size_t(domains),
                                                  std::vector<Index>(std::size_t(E), 0));
        Index routed = 0, agree = 0, pairs = 0;
        for (std::size_t i = 0; i < first.size(); ++i) {
            if (first[i] < 0)
                continue;
            ++routed;
            ++perExpert[std::size_t(first[i])];
            const int domain = input.domain.empty() ? 0 : int(input.domain[i]);
            ++perDomain[std::size_t(std::min(domain, domains - 1))][std::size_t(first[i])];
            // consecutive pairs inside one window only (a window boundary restarts the context)
            if (i + 1 < first.size() && first[i + 1] >= 0 && Index(i + 1) % config.context != 0) {
                ++pairs;
                agree += first[i] == first[i + 1] ? 1 : 0;
            }
        }
        layer.expertShare.assign(std::size_t(E), 0.0);
        for (int e = 0; e < E; ++e)
            layer.expertShare[std::size_t(e)]
                = routed > 0 ? double(perExpert[std::size_t(e)]) / double(routed) : 0.0;
        for (double share : layer.expertShare)
            layer.consecutiveChance += share * share;
        layer.consecutiveAgreement = pairs > 0 ? double(agree) / double(pairs) : 0.0;
        layer.domainExpert.assign(std::size_t(domains), std::vector<double>(std::size_t(E), 0.0));
        layer.domainTokens.assign(std::size_t(domains), 0);
        Index busiest = 0;
        for (int d = 0; d < domains; ++d) {
            const std::vector<Index> &counts = perDomain[std::size_t(d)];
            Index sum = 0;
            for (Index v : counts)
                sum += v;
            layer.domainTokens[std::size_t(d)] = sum;
            busiest += counts.empty() ? 0 : *std::max_element(counts.begin(), counts.end());
            for (int e = 0; e < E; ++e)
                layer.domainExpert[std::size_t(d)][std::size_t(e)]
                    = sum > 0 ? double(counts[std::size_t(e)]) / double(sum) : 0.0;
        }
        layer.domainSpecialisation = routed > 0 ? double(busiest) / double(routed) : 0.0;
        specialisation(layer, input.tokens, E);
        if (input.previous && l < input.previous->layers.size()
            && input.previous->layers[l].firstChoice.size() == first.size()) {
            Index changed = 0;
            for (std::size_t i = 0; i < first.size(); ++i)
                changed += first[i] != input.previous->layers[l].firstChoice[i] ? 1 : 0;
            layer.changedSincePrevious
                = first.empty() ? 0.0 : double(changed) / double(first.size());
        }
    }
    // Drops by position: training routing over batches of B whole windows.
    const Index L = config.context;
    const Index windows = (n - 1) / L;
    Rng rng(input.seed);
    std::vector<std::vector<Index>> dropped(analysis.layers.size(),
                                            std::vector<Index>(std::size_t(L), 0));
    std::vector<std::vector<Index>> slots(analysis.layers.size(),
                                          std::vector<Index>(std::size_t(L), 0));
    std::vector<int> batch;
    for (Index w = 0; w + input.sequences <= windows; w += input.sequences) {
        batch.assign(input.tokens.begin() + std::ptrdiff_t(w * L),
                     input.tokens.begin() + std::ptrdiff_t((w + input.sequences) * L));
        model.forward(batch, L, {.training = true, .rng = &rng});
        std::size_t l = 0;
        for (const MoeBlock *moe : model.moeLayers()) {
            const RoutingDecision &d = moe->lastDecision();
            if (d.expertChoice) { // no slot is dropped: a token no expert picked counts instead
                std::vector<bool> taken(std::size_t(d.tokens), false);
                for (const Assignment &a : d.assignments)
                    if (a.kept)
                        taken[std::size_t(a.token)] = true;
                for (Index t = 0; t < d.tokens; ++t) {
                    ++slots[l][std::size_t(t % L)];
                    dropped[l][std::size_t(t % L)] += taken[std::size_t(t)] ? 0 : 1;
                }
            } else {
                for (const Assignment &a : d.assignments) {
                    const auto position = std::size_t(a.token % L);
                    ++slots[l][position];
                    dropped[l][position] += a.kept ? 0 : 1;
                }
            }
            ++l;
        }
    }
    for (std::size_t l = 0; l < analysis.layers.size(); ++l) {
        LayerRoutingAnalysis &layer = analysis.layers[l];
        layer.dropByPosition.assign(std::size_t(L), 0.0);
        Index allDropped = 0, allSlots = 0;
        for (std::size_t p = 0; p < std::size_t(L); ++p) {
            layer.dropByPosition[p]
                = slots[l][p] > 0 ? double(dropped[l][p]) / double(slots[l][p]) : 0.0;
            allDropped += dropped[l][p];
            allSlots += slots[l][p];
        }
        layer.dropRate = allSlots > 0 ? double(allDropped) / double(allSlots) : 0.0;
    }
    return analysis;
}

} // namespace moe
