#pragma once

// A corpus of text for the text engine (docs/datasets.md, "Text corpora"): the text,
// its domains (where text of different kinds is mixed) and the documents that say which domain
// each byte belongs to. Built-in corpora are read from <data>/text (shakespeare.txt, python.txt)
// or generated from a seed (arithmetic); a user's text file is read by the strict loader, which
// refuses anything that is not plain UTF-8 text with the file, the byte offset and the reason.
// The split is nanoGPT's shakespeare_char split: the first 90% of the code points train, the
// last 10% validate.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace moe::datasets {

// Bytes [begin, end) of a corpus's text, all of one domain (an index into TextCorpus::domains).
struct TextDocument
{
    int domain = 0;
    std::size_t begin = 0, end = 0;
};

struct TextCorpus
{
    std::string name; // "shakespeare", "python", "arithmetic", "mixed", or the file's name
    std::string text; // valid UTF-8
    std::vector<std::string> domains;    // {"shakespeare"} for a one-domain corpus; mixed: 3 names
    std::vector<TextDocument> documents; // cover text in order, no gaps
    // The domain of the document holding `byte` (binary search); byte < text.size().
    int domainAt(std::size_t byte) const;
};

inline constexpr std::string_view kBuiltinCorpora[]
    = {"shakespeare", "python", "arithmetic", "mixed"};

// Largest text file read (docs/datasets.md, "Text corpora"). A 50 MB text must load;
// tokenized by characters it becomes up to 4 bytes of id and 1 of domain per byte of text, so
// 64 MiB of text is already about 320 MiB of token stream, and at a few thousand tokens a second
// a CPU model would not read it once in a day: a bigger file only costs memory.
inline constexpr std::uint64_t kMaxTextFileBytes = std::uint64_t(64) << 20;
// Fewest code points a text may have: its last 10%, the validation part, then holds 10.
inline constexpr std::size_t kMinTextCodePoints = 100;
// Size of the generated arithmetic corpus, and of each domain's share of the mixed corpus.
inline constexpr std::size_t kDomainBytes = 300'000;

// A built-in name or a path to a user's UTF-8 text file (strict loader below). Arithmetic (and
// the arithmetic part of mixed) is generated from `seed`; the same seed gives the same text.
// Built-in files are read from dataDir/text. Throws moe::DataError.
TextCorpus makeCorpus(const std::string &nameOrPath, const std::filesystem::path &dataDir,
                      std::uint64_t seed);

// The strict loader: a regular file of at most kMaxTextFileBytes (core/base/userfile.h) holding
// valid UTF-8 (no overlong forms, no surrogates), no NUL byte, few control characters other than
// \t \n \r \f, and at least kMinTextCodePoints code points; a UTF-8 byte-order mark is dropped.
// One domain, named after the file's stem; one document. Throws moe::DataError naming the file,
// what is wrong and where ("notes.txt: invalid UTF-8 at byte 1,234 (0xFF): ...").
TextCorpus loadTextFile(const std::filesystem::path &path);

// The same checks on text in memory; `sourceName` starts every message.
TextCorpus parseText(std::string text, const std::string &sourceName);

// Generated arithmetic: lines such as "417+86=503\n" (+, - and *, operands of 1 to 3 digits,
// results always correct), at least `bytes` bytes, from `seed`.
TextCorpus makeArithmeticCorpus(std::uint64_t seed, std::size_t bytes = kDomainBytes);

// Byte offset where validation starts: the first 90% of the code points train, the last 10%
// validate (nanoGPT's shakespeare_char split), on a code-point boundary. Throws DataError naming
// the corpus and its size when the text has fewer than kMinTextCodePoints code points.
std::size_t validationStart(const TextCorpus &corpus);

// Code points of valid UTF-8 text (bytes that are not continuation bytes).
std::size_t countCodePoints(std::string_view utf8);

// `bytes` with each byte that is not part of valid UTF-8 replaced by U+FFFD: how to show what a
// byte-level tokenizer decodes from generated ids, which may cut a character of several bytes.
std::string validUtf8(std::string_view bytes);

// "1,234,567": a count as messages print it.
std::string groupedNumber(std::uint64_t value);

} // namespace moe::datasets
