#pragma once

// Sampling text from the text model, one token at a time with a K/V cache (core/text/attention.h):
// each new token computes its own query, key and value and attends to the cached ones, O(L d)
// per token and block. Next token ~ softmax(logits / temperature), optionally among the top k
// only. When the context of L tokens is full, the window slides by half: the last L/2 tokens are
// fed again from position 0 into a fresh cache (learned positions cannot be shifted in place), so
// every token sees at least L/2 tokens before it.
// Expert choice is refused (TextModel::step says why): its routing needs the whole batch, future
// tokens included.

#include "core/base/rng.h"
#include "core/text/textmodel.h"

#include <span>
#include <vector>

namespace moe {

struct GenerationConfig
{
    int tokens = settings::kGenerateTokens.defaultInt();
    float temperature = float(settings::kTemperature.defaultValue);
    int topK = settings::kSampleTopK.defaultInt(); // 0: every token
    void validate() const;                         // throws ConfigError
};

// Where one token went in one MoE layer (evaluation routing, as generated).
struct TokenRoute
{
    std::vector<int> experts; // the experts that took it, first choice first
    std::vector<float> gates; // their gates
};

struct GeneratedToken
{
    int id = 0;
    bool prompt = false;            // fed, not sampled
    std::vector<TokenRoute> layers; // one per MoE layer, in block order
};

// The prompt's tokens (at least one) followed by config.tokens sampled ones.
std::vector<GeneratedToken> generateText(TextModel &model, std::span<const int> prompt,
                                         const GenerationConfig &config, Rng &rng);

// The token sampled from one row of logits (1, V).
int sampleToken(const Matrix &logits, float temperature, int topK, Rng &rng);

} // namespace moe
