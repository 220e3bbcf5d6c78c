#include "core/text/passagerouting.h"

#include "core/text/texteval.h"

#include <algorithm>

namespace moe {

namespace {

// The tokens [offset, offset + d.tokens) of the evaluation pass: probabilities and kept experts.
void readEvaluation(const RoutingDecision &d, Index offset, std::size_t layer,
                    std::vector<PassageToken> &tokens)
{
    for (Index t = 0; t < d.tokens; ++t) {
        PassageLayerRoute &route = tokens[std::size_t(offset + t)].layers[layer];
        route.probs.assign(d.probs.row(t).data(), d.probs.row(t).data() + d.experts);
    }
    for (const Assignment &a : d.assignments) {
        if (!a.kept)
            continue;
        PassageLayerRoute &route = tokens[std::size_t(offset + a.token)].layers[layer];
        route.experts.push_back(a.expert);
        route.gates.push_back(a.gate);
    }
    // first choice first: the largest gate (expert choice lists its pickers in expert order)
    for (Index t = 0; t < d.tokens; ++t) {
        PassageLayerRoute &route = tokens[std::size_t(offset + t)].layers[layer];
        std::vector<std::size_t> order(route.experts.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&route](std::size_t a, std::size_t b) {
            return route.gates[a] > route.gates[b];
        });
        std::vector<int> experts;
        std::vector<float> gates;
        for (std::size_t i : order) {
            experts.push_back(route.experts[i]);
            gates.push_back(route.gates[i]);
        }
        route.experts = std::move(experts);
        route.gates = std::move(gates);
    }
}

} // namespace

PassageRouting routePassage(TextModel &model, std::span<const int> ids, std::uint64_t seed,
                            int sequences)
{
    PassageRouting routing;
    const TextModelConfig &config = model.config();
    for (int b = 1; b <= config.blocks; ++b)
        if (config.isMoeBlock(b))
            routing.blocks.push_back(b);
    routing.tokens.resize(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        routing.tokens[i].id = ids[i];
        routing.tokens[i].layers.resize(routing.blocks.size());
    }
    if (ids.empty())
        return routing;
    if (ids.size() == 1) { // no target: route the one token alone
        model.forward(ids, 1, {.training = false});
        std::size_t l = 0;
        for (const MoeBlock *moe : model.moeLayers())
            readEvaluation(moe->lastDecision(), 0, l++, routing.tokens);
        return routing;
    }
    // Evaluation routing and each token's loss, window by window (tokens 0 .. n-2 are inputs).
    evaluateText(model, ids, 0,
                 [&](Index start, Index length, const Matrix &, const std::vector<double> &losses) {
                     std::size_t l = 0;
                     for (const MoeBlock *moe : model.moeLayers())
                         readEvaluation(moe->lastDecision(), start, l++, routing.tokens);
                     for (Index t = 0; t < length; ++t)
                         routing.tokens[std::size_t(start + t + 1)].loss = losses[std::size_t(t)];
                 });
    // The last token is no window's input: route it with the tokens before it in its window.
    const Index n = Index(ids.size()), L = config.context;
    const Index lastStart = std::max<Index>(0, n - L);
    model.forward(ids.subspan(std::size_t(lastStart)), n - lastStart, {.training = false});
    {
        std::size_t l = 0;
        for (const MoeBlock *moe : model.moeLayers()) {
            const RoutingDecision &d = moe->lastDecision();
            std::vector<PassageToken> last(std::size_t(d.tokens));
            for (PassageToken &token : last)
                token.layers.resize(routing.blocks.size());
            readEvaluation(d, 0, l, last);
            routing.tokens.back().layers[l] = last.back().layers[l];
            ++l;
        }
    }
    // Training routing: batches of `sequences` whole windows, as training groups them; then the
    // tail (or a passage shorter than one window) alone.
    Rng rng(seed);
    const auto route = [&](Index begin, Index windows, Index length) {
        model.forward(ids.subspan(std::size_t(begin), std::size_t(windows * length)), length,
                      {.training = true, .rng = &rng});
        std::size_t l = 0;
        for (const MoeBlock *moe : model.moeLayers()) {
            const RoutingDecision &d = moe->lastDecision();
            std::vector<int> kept(std::size_t(d.tokens), 0);
            for (const Assignment &a : d.assignments) {
                PassageLayerRoute &r = routing.tokens[std::size_t(begin + a.token)].layers[l];
                if (a.kept)
                    ++kept[std::size_t(a.token)];
                else
                    r.droppedExperts.push_back(a.expert);
            }
            for (Index t = 0; t < d.tokens; ++t)
                routing.tokens[std::size_t(begin + t)].layers[l].lostAll
                    = kept[std::size_t(t)] == 0;
            ++l;
        }
    };
    const Index whole = n / L, group = std::max<Index>(1, sequences);
    for (Index w = 0; w < whole; w += group)
        route(w * L, std::min(group, whole - w), L);
    if (n - whole * L > 0)
        route(whole * L, 1, n - whole * L);
    return routing;
}

} // namespace moe
