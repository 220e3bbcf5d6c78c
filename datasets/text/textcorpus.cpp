// Built-in corpora by name, the 90/10 split and the small UTF-8 helpers (textcorpus.h).

#include "datasets/text/textcorpus.h"

#include "core/base/error.h"
#include "datasets/csvtokenizer.h"
#include "datasets/text/mixedcorpus.h"

#include <algorithm>

namespace moe::datasets {

int TextCorpus::domainAt(std::size_t byte) const
{
    // The first document ending after `byte` holds it (documents tile the text in order).
    const auto it
        = std::upper_bound(documents.begin(), documents.end(), byte,
                           [](std::size_t b, const TextDocument &d) { return b < d.end; });
    return it == documents.end() ? documents.back().domain : it->domain;
}

std::size_t countCodePoints(std::string_view utf8)
{
    return std::size_t(std::count_if(utf8.begin(), utf8.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

std::string validUtf8(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size());
    while (!bytes.empty()) {
        const std::size_t bad = firstInvalidUtf8(bytes);
        out += bytes.substr(0, bad);
        if (bad == std::string_view::npos)
            break;
        out += "\xEF\xBF\xBD";
        bytes.remove_prefix(bad + 1);
    }
    return out;
}

std::string groupedNumber(std::uint64_t value)
{
    const std::string plain = std::to_string(value);
    std::string grouped;
    for (std::size_t i = 0; i < plain.size(); ++i) {
        if (i > 0 && (plain.size() - i) % 3 == 0)
            grouped += ',';
        grouped += plain[i];
    }
    return grouped;
}

std::size_t validationStart(const TextCorpus &corpus)
{
    const std::size_t codePoints = countCodePoints(corpus.text);
    if (codePoints < kMinTextCodePoints)
        throw DataError(corpus.name + ": " + groupedNumber(codePoints)
                        + " characters are too few to split into training and validation text "
                          "(at least "
                        + groupedNumber(kMinTextCodePoints) + ")");
    // nanoGPT: n = len(data); train = data[:int(n*0.9)]. The first trainCodePoints train.
    const std::size_t trainCodePoints = codePoints * 9 / 10;
    std::size_t seen = 0;
    for (std::size_t i = 0; i < corpus.text.size(); ++i) {
        if ((static_cast<unsigned char>(corpus.text[i]) & 0xC0) == 0x80)
            continue;
        if (seen++ == trainCodePoints)
            return i;
    }
    return corpus.text.size();
}

TextCorpus makeCorpus(const std::string &nameOrPath, const std::filesystem::path &dataDir,
                      std::uint64_t seed)
{
    const auto builtin = [&](const std::string &name) {
        TextCorpus corpus = loadTextFile(dataDir / "text" / (name + ".txt"));
        corpus.name = name;
        corpus.domains = {name};
        return corpus;
    };
    if (nameOrPath == "shakespeare" || nameOrPath == "python")
        return builtin(nameOrPath);
    if (nameOrPath == "arithmetic")
        return makeArithmeticCorpus(seed);
    if (nameOrPath == "mixed")
        return makeMixedCorpus(builtin("shakespeare"), builtin("python"), seed);
    std::error_code error;
    if (!std::filesystem::exists(nameOrPath, error)
        && !std::filesystem::is_symlink(nameOrPath, error))
        throw DataError(nameOrPath
                        + ": file not found (the built-in corpora are shakespeare, "
                          "python, arithmetic and mixed)");
    return loadTextFile(nameOrPath);
}

} // namespace moe::datasets
