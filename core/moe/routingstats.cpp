#include "core/moe/routingstats.h"

#include "core/moe/moeblock.h"

#include <cmath>

namespace moe {

void RoutingCounts::add(const RoutingDecision &d, std::span<const int> labels, int classes)
{
    const auto E = std::size_t(d.experts);
    if (routed.empty()) {
        experts = d.experts;
        routed.assign(E, 0);
        kept.assign(E, 0);
        gateSum.assign(E, 0.0);
    }
    ++steps;
    tokens += d.tokens;
    assignedSlots += Index(d.assignments.size());
    allocatedSlots += Index(E) * d.capacity;
    const bool withClasses = classes > 0 && Index(labels.size()) == d.tokens;
    if (withClasses && classByExpert.size() == 0)
        classByExpert = Matrix::Zero(classes, d.experts);
    for (const Assignment &a : d.assignments) {
        const auto e = std::size_t(a.expert);
        ++routed[e];
        kept[e] += a.kept ? 1 : 0;
        gateSum[e] += a.gate;
        if (withClasses)
            classByExpert(labels[std::size_t(a.token)], a.expert) += 1.0f;
    }
    tokensWithoutExpert += d.tokensWithoutExpert();
    // Entropy of the router's distribution; aux-free's sigmoid scores are normalised first.
    // Per token in float, vectorised: H_t = -sum_e q_e log q_e, q = p / sum(p), with 0 log 0 = 0
    // (a tiny floor under the log makes q = 0 contribute 0 * log(1e-30) = 0). Every training step
    // does this for T x E entries, so a scalar double log here was a tenth of the step at E = 64.
    for (Index t = 0; t < d.tokens; ++t) {
        const auto p = d.probs.row(t).array();
        const float sum = p.sum();
        if (!(sum > 0.0f))
            continue;
        const auto q = p / sum;
        entropySum -= double((q * q.max(1e-30f).log()).sum());
    }
    balanceLossSum += d.balanceLoss;
    zLossSum += d.zLoss;
}

void RoutingCounts::add(const RoutingCounts &o)
{
    if (o.steps == 0)
        return;
    if (routed.empty()) {
        *this = o;
        return;
    }
    steps += o.steps;
    tokens += o.tokens;
    assignedSlots += o.assignedSlots;
    allocatedSlots += o.allocatedSlots;
    for (std::size_t e = 0; e < routed.size(); ++e) {
        routed[e] += o.routed[e];
        kept[e] += o.kept[e];
        gateSum[e] += o.gateSum[e];
    }
    tokensWithoutExpert += o.tokensWithoutExpert;
    entropySum += o.entropySum;
    balanceLossSum += o.balanceLossSum;
    zLossSum += o.zLossSum;
    if (o.classByExpert.size() > 0)
        classByExpert
            = classByExpert.size() > 0 ? Matrix(classByExpert + o.classByExpert) : o.classByExpert;
}

RoutingStats summarizeRouting(const RoutingCounts &c, const MoeBlock &block)
{
    RoutingStats s;
    s.experts = c.experts;
    s.steps = c.steps;
    s.tokens = c.tokens;
    if (c.steps == 0 || c.experts == 0)
        return s;
    const double E = c.experts;
    s.capacity = double(c.allocatedSlots) / E / double(c.steps);
    const double fairShare = double(c.assignedSlots) / E;
    double sum = 0.0, sumSquares = 0.0, largest = 0.0;
    const int deadAfter = block.config().deadAfterSteps;
    for (std::size_t e = 0; e < c.routed.size(); ++e) {
        ExpertStats x;
        x.routed = c.routed[e];
        x.kept = c.kept[e];
        x.dropped = x.routed - x.kept;
        x.meanGate = x.routed > 0 ? c.gateSum[e] / double(x.routed) : 0.0;
        x.idealShare = fairShare > 0 ? double(x.routed) / fairShare : 0.0;
        x.stepsSinceUsed = block.stepsSinceUsed()[e];
        x.dead = x.stepsSinceUsed >= deadAfter;
        s.idleExperts += x.routed == 0 ? 1 : 0;
        s.deadExperts += x.dead ? 1 : 0;
        sum += double(x.routed);
        sumSquares += double(x.routed) * double(x.routed);
        largest = std::max(largest, double(x.routed));
        s.perExpert.push_back(x);
    }
    const double mean = sum / E;
    const double variance = sumSquares / E - mean * mean;
    s.loadCv = mean > 0 ? std::sqrt(std::max(0.0, variance)) / mean : 0.0;
    s.maxViolation = mean > 0 ? largest / mean - 1.0 : 0.0;
    s.jainIndex = sumSquares > 0 ? sum * sum / (E * sumSquares) : 1.0;
    Index kept = 0;
    for (Index k : c.kept)
        kept += k;
    s.droppedFraction
        = c.assignedSlots > 0 ? double(c.assignedSlots - kept) / double(c.assignedSlots) : 0.0;
    s.tokensWithoutExpert = c.tokensWithoutExpert;
    s.routerEntropy = c.tokens > 0 ? c.entropySum / double(c.tokens) : 0.0;
    s.maxEntropy = std::log(E);
    s.balanceLoss = c.balanceLossSum / double(c.steps);
    s.zLoss = c.zLossSum / double(c.steps);
    if (block.config().router == RouterKind::AuxFree) {
        const RowVector &bias = block.router().selectionBias();
        s.selectionBias.assign(bias.data(), bias.data() + bias.size());
    }
    const BlockCost cost = block.cost();
    const double fixedFlops
        = cost.forwardFlops - block.activeExpertsPerToken() * block.expertFlopsPerSample();
    const double perToken = c.tokens > 0 ? 1.0 / double(c.tokens) : 0.0;
    s.executedFlopsPerSample = fixedFlops + double(kept) * block.expertFlopsPerSample() * perToken;
    s.allocatedFlopsPerSample
        = fixedFlops + double(c.allocatedSlots) * block.expertFlopsPerSample() * perToken;
    if (c.classByExpert.size() > 0) {
        s.classAffinity = c.classByExpert;
        for (Index r = 0; r < s.classAffinity.rows(); ++r) {
            const float rowSum = s.classAffinity.row(r).sum();
            if (rowSum > 0)
                s.classAffinity.row(r) /= rowSum;
        }
    }
    return s;
}

} // namespace moe
