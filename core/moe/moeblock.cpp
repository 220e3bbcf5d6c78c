#include "core/moe/moeblock.h"

#include "core/base/parallel.h"
#include "core/moe/moeflops.h"

#include <algorithm>
#include <numeric>

namespace moe {

namespace {
// Expert FLOPs of a batch below which the experts run on one thread: for a classroom-sized batch
// waking a second thread costs more than the work it would take over.
constexpr double kParallelExpertFlops = 1 << 20;
} // namespace

void MoeBlock::orderWork()
{
    // Largest first (shared experts take every token): with dynamic scheduling the threads then
    // finish together instead of one waiting on a big expert picked up last. Only the order in
    // which threads pick items changes; every item writes its own buffers, so results do not.
    const Index routed = Index(m_experts.size()), items = routed + Index(m_shared.size());
    m_workOrder.resize(std::size_t(items));
    std::iota(m_workOrder.begin(), m_workOrder.end(), Index(0));
    const auto rows = [&](Index item) {
        return item >= routed ? m_decision.tokens
                              : Index(m_decision.buckets[std::size_t(item)].size());
    };
    std::stable_sort(m_workOrder.begin(), m_workOrder.end(),
                     [&](Index a, Index b) { return rows(a) > rows(b); });
}

bool MoeBlock::worthThreads() const
{
    const double slots
        = double(m_decision.keptSlots() + m_decision.tokens * Index(m_shared.size()));
    return slots * expertFlopsPerSample() > kParallelExpertFlops;
}

MoeBlock::MoeBlock(const std::string &name, int width, const MoeConfig &config,
                   Activation activation, Rng &rng)
    : m_width(width)
    , m_router(name + ".router", width, config, rng)
{
    for (int e = 0; e < config.experts; ++e)
        m_experts.emplace_back(name + ".expert" + std::to_string(e), width, config.expertHidden,
                               activation, rng);
    for (int s = 0; s < config.sharedExperts; ++s)
        m_shared.emplace_back(name + ".shared" + std::to_string(s), width, config.expertHidden,
                              activation, rng);
    const auto E = std::size_t(config.experts);
    m_inputs.resize(E);
    m_outputs.resize(E);
    m_dOutputs.resize(E);
    m_dInputs.resize(E);
    m_sharedOutputs.resize(m_shared.size());
    m_sharedDx.resize(m_shared.size());
    m_stepsSinceUsed.assign(E, 0);
}

void MoeBlock::forward(const Matrix &x, Matrix &y, const ForwardContext &context)
{
    using Clock = std::chrono::steady_clock;
    const Clock::time_point start = Clock::now();
    m_router.route(x, context, m_decision);
    const Clock::time_point routed = Clock::now();
    const Index routedItems = Index(m_experts.size());
    orderWork();
    // Work items 0..E-1 are routed experts, E.. the shared ones; each writes only its own buffers.
    forEachItem(routedItems + Index(m_shared.size()), worthThreads(), [&](Index i) {
        const Index item = m_workOrder[std::size_t(i)];
        if (item >= routedItems) {
            const auto s = std::size_t(item - routedItems);
            m_shared[s].forward(x, m_sharedOutputs[s]);
            return;
        }
        const auto e = std::size_t(item);
        const auto &bucket = m_decision.buckets[e];
        Matrix &in = m_inputs[e];
        in.resize(Index(bucket.size()), x.cols());
        for (std::size_t slot = 0; slot < bucket.size(); ++slot)
            in.row(Index(slot)) = x.row(m_decision.assignments[std::size_t(bucket[slot])].token);
        m_experts[e].forward(in, m_outputs[e]);
    });
    // Combine in the fixed assignment order.
    startFromResidual(x, y);
    for (const Matrix &shared : m_sharedOutputs)
        y += shared;
    for (const Assignment &a : m_decision.assignments)
        if (a.kept)
            y.row(a.token) += a.gate * m_outputs[std::size_t(a.expert)].row(a.slot);
    if (context.training)
        trackUsage();
    const Clock::time_point done = Clock::now();
    m_time.routing += routed - start;
    m_time.experts += done - routed;
}

void MoeBlock::backward(const Matrix &x, const Matrix &dy, Matrix &dx)
{
    using Clock = std::chrono::steady_clock;
    const Clock::time_point start = Clock::now();
    const auto &as = m_decision.assignments;
    m_dGate.assign(as.size(), 0.0f);
    for (std::size_t i = 0; i < as.size(); ++i)
        if (as[i].kept) // dL/dg = <dy_t, Expert_e(x_t)>
            m_dGate[i]
                = dy.row(as[i].token).dot(m_outputs[std::size_t(as[i].expert)].row(as[i].slot));

    const Index routedItems = Index(m_experts.size());
    forEachItem(routedItems + Index(m_shared.size()), worthThreads(), [&](Index i) {
        const Index item = m_workOrder[std::size_t(i)]; // the forward pass's order
        if (item >= routedItems) {
            const auto s = std::size_t(item - routedItems);
            m_shared[s].backward(x, dy, &m_sharedDx[s]);
            return;
        }
        const auto e = std::size_t(item);
        const auto &bucket = m_decision.buckets[e];
        if (bucket.empty())
            return;
        Matrix &dOut = m_dOutputs[e];
        dOut.resize(Index(bucket.size()), dy.cols());
        for (std::size_t slot = 0; slot < bucket.size(); ++slot) {
            const Assignment &a = as[std::size_t(bucket[slot])];
            dOut.row(Index(slot)) = a.gate * dy.row(a.token);
        }
        m_experts[e].backward(m_inputs[e], dOut, &m_dInputs[e]);
    });
    startFromResidual(dy, dx); // the residual path
    for (const Matrix &shared : m_sharedDx)
        dx += shared;
    for (const Assignment &a : as)
        if (a.kept)
            dx.row(a.token) += m_dInputs[std::size_t(a.expert)].row(a.slot);
    const Clock::time_point combined = Clock::now();
    m_router.backward(x, m_decision, m_dGate, dx);
    m_time.experts += combined - start;
    m_time.routing += Clock::now() - combined;
}

void MoeBlock::trackUsage()
{
    m_lastTrainingLoad = m_decision.routed;
    for (std::size_t e = 0; e < m_stepsSinceUsed.size(); ++e)
        m_stepsSinceUsed[e] = m_decision.routed[e] > 0 ? 0 : m_stepsSinceUsed[e] + 1;
}

void MoeBlock::afterOptimizerStep()
{
    m_router.updateSelectionBias(m_lastTrainingLoad);
}

std::vector<Parameter *> MoeBlock::parameters()
{
    std::vector<Parameter *> all = m_router.parameters();
    for (auto *group : {&m_experts, &m_shared})
        for (Ffn &ffn : *group)
            for (Parameter *p : ffn.parameters())
                all.push_back(p);
    return all;
}

double MoeBlock::activeExpertsPerToken() const
{
    return config().activeExperts();
}

BlockCost MoeBlock::cost() const
{
    const Index expertParams = m_experts.front().parameterCount();
    const double active = activeExpertsPerToken();
    const auto shared = Index(m_shared.size());
    BlockCost cost;
    cost.totalParams
        = m_router.parameterCount() + (Index(m_experts.size()) + shared) * expertParams;
    cost.activeParams = m_router.parameterCount()
        + Index(std::llround(active * double(expertParams))) + shared * expertParams;
    // The one FLOP accounting (moeflops.h), tested against the layers' own counts.
    cost.forwardFlops = moeForwardFlops(config(), m_width).total();
    return cost;
}

std::string MoeBlock::describe() const
{
    const MoeConfig &c = config();
    std::string text = "MoE " + std::to_string(c.experts) + " x FFN " + m_experts.front().describe()
        + ", router " + std::string(routerName(c.router));
    if (c.router != RouterKind::ExpertChoice)
        text += " k=" + std::to_string(c.effectiveTopK());
    text += ", capacity "
        + (c.capacityFactor ? std::to_string(*c.capacityFactor).substr(0, 4) : std::string("none"));
    if (!m_shared.empty())
        text += ", " + std::to_string(m_shared.size()) + " shared";
    return text;
}

} // namespace moe
