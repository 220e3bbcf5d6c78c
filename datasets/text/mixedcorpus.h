#pragma once

// The mixed corpus (docs/datasets.md, "Text corpora"): documents of three domains interleaved,
// so that a model's routing can be measured per domain (OLMoE's and Mixtral's analyses).

#include "datasets/text/textcorpus.h"

namespace moe::datasets {

// Shakespeare speeches and blocks of Python code (both split at blank lines: a speech; a
// function, a method or a group of statements) and blocks of 4 to 16 arithmetic lines,
// about kDomainBytes of each (from the start of each file; arithmetic generated from `seed`),
// interleaved in a seeded random order, so that every stretch of the text, the last 10%
// included, holds all three. Domains: "shakespeare",
// "python", "arithmetic" (in that order).
TextCorpus makeMixedCorpus(const TextCorpus &shakespeare, const TextCorpus &python,
                           std::uint64_t seed);

// Documents of `text` split at blank lines: each ends after a run of blank lines (lines of
// spaces and tabs count as blank). Returns [begin, end) byte ranges that tile the text.
std::vector<TextDocument> splitAtBlankLines(std::string_view text);

} // namespace moe::datasets
