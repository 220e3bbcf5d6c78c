#pragma once

// What the routers of a text model do with a text, per MoE layer (docs/text.md, "Routing
// analyses"; the measures real MoE language models were studied with):
//   * token specialisation (OpenMoE's context-independent specialisation): for each token id seen
//     at least kMinOccurrences times, the share of its occurrences whose first choice is its most
//     frequent expert, averaged over those occurrences; against the same figure if routing ignored
//     the token (every token sent like the average token: the busiest expert's share);
//   * domain x expert affinity: the share of each domain's tokens whose first choice is each expert,
//     and domain specialisation: each domain's busiest expert's share, weighted by its tokens;
//   * consecutive agreement (Mixtral): how often token t+1 has token t's first-choice expert,
//     against chance, sum_e share_e^2;
//   * drops by position (OpenMoE's "drop towards the end"): in training routing (capacity, drop
//     policy) over batches of B windows, the dropped share of the slots at each position (expert
//     choice drops no slot: there, the share of tokens no expert picked);
//   * routing change: the share of tokens whose first choice differs from a previous analysis of
//     the same text (routing saturating as training goes on).
// Token-level routing is the evaluation's (dropless for token choice; expert choice by its
// thresholds), window by window as texteval.h cuts the stream.

#include "core/text/textmodel.h"

#include <cstdint>
#include <span>
#include <vector>

namespace moe {

inline constexpr Index kMinOccurrences = 10;

struct LayerRoutingAnalysis
{
    int block = 0;                   // from 1
    std::vector<int> firstChoice;    // per analysed token: its first-choice expert (-1: none)
    std::vector<double> expertShare; // per expert: share of first choices
    double tokenSpecialisation = 0.0;
    double specialisationIfTokenBlind = 0.0;
    Index tokenIdsMeasured = 0;                    // ids with >= kMinOccurrences occurrences
    std::vector<std::vector<double>> domainExpert; // [domain][expert] shares (rows sum to 1)
    std::vector<Index> domainTokens;               // [domain]: tokens analysed
    // For each domain the share of its tokens its most used expert takes, weighted by the
    // domain's tokens: 1 if every topic had an expert of its own (against tokenSpecialisation).
    double domainSpecialisation = 0.0;
    double consecutiveAgreement = 0.0;
    double consecutiveChance = 0.0;
    std::vector<double> dropByPosition; // per position 0..L-1 (training routing)
    double dropRate = 0.0;              // over all positions
    double changedSincePrevious = -1.0; // -1: no previous analysis given
};

struct RoutingAnalysis
{
    Index tokens = 0;
    std::vector<LayerRoutingAnalysis> layers;
};

struct RoutingAnalysisInput
{
    std::span<const int> tokens;
    std::span<const std::uint8_t> domain; // per token; empty = one domain
    int domains = 1;
    int sequences = 12;     // B of the training-routing batches (drops by position)
    std::uint64_t seed = 1; // noise of noisy-topk, jitter, random drop order in training routing
    // First choices of a previous analysis of the same tokens, per layer (optional).
    const RoutingAnalysis *previous = nullptr;
};

// Throws ConfigError for a dense model (no router to analyse).
RoutingAnalysis analyseRouting(TextModel &model, const RoutingAnalysisInput &input);

} // namespace moe
