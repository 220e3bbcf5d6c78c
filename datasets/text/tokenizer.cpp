// Training, rebuilding and applying tokenizers (tokenizer.h).

#include "datasets/text/tokenizer.h"

#include "core/base/error.h"
#include "datasets/text/chartokenizer.h"
#include "datasets/text/sentencepiecetokenizer.h"

namespace moe::datasets {

Tokenizer::~Tokenizer() = default;

std::unique_ptr<Tokenizer> trainTokenizer(TokenizerKind kind, std::string_view trainText, int vocab)
{
    if (kind == TokenizerKind::Char) {
        if (trainText.empty())
            throw DataError("no text to train a char tokenizer on");
        return std::make_unique<CharTokenizer>(CharTokenizer::train(trainText));
    }
    return SentencePieceTokenizer::train(kind, trainText, vocab);
}

std::unique_ptr<Tokenizer> makeTokenizer(const TokenizerState &state)
{
    if (state.kind == TokenizerKind::Char) {
        if (!state.modelProto.empty())
            throw DataError("tokenizer modelProto: a char tokenizer has none, this one has "
                            + std::to_string(state.modelProto.size()) + " bytes");
        return std::make_unique<CharTokenizer>(CharTokenizer::fromSymbols(state.symbols));
    }
    if (!state.symbols.empty())
        throw DataError("tokenizer symbols: a "
                        + std::string(choiceName(kTokenizerChoices, state.kind))
                        + " tokenizer keeps its pieces in modelProto, yet "
                        + std::to_string(state.symbols.size()) + " symbols are given");
    if (state.modelProto.empty())
        throw DataError("tokenizer modelProto: empty; a "
                        + std::string(choiceName(kTokenizerChoices, state.kind))
                        + " tokenizer needs its SentencePiece model");
    return SentencePieceTokenizer::fromModel(state.kind, state.modelProto);
}

namespace {

TokenStream encodePart(const TextCorpus &corpus, std::size_t begin, std::size_t end,
                       const Tokenizer &tokenizer)
{
    const std::string_view part = std::string_view(corpus.text).substr(begin, end - begin);
    TokenStream stream;
    stream.characters = countCodePoints(part);
    const std::vector<TokenSpan> spans = tokenizer.encode(part);
    stream.ids.reserve(spans.size());
    stream.domain.reserve(spans.size());
    for (const TokenSpan &s : spans) {
        stream.ids.push_back(s.id);
        stream.domain.push_back(std::uint8_t(corpus.domainAt(begin + s.begin)));
    }
    return stream;
}

} // namespace

TokenizedCorpus tokenize(const TextCorpus &corpus, const Tokenizer &tokenizer)
{
    const std::size_t split = validationStart(corpus);
    return TokenizedCorpus {encodePart(corpus, 0, split, tokenizer),
                            encodePart(corpus, split, corpus.text.size(), tokenizer)};
}

void requireTokens(const std::string &corpusName, const TokenizedCorpus &tokens,
                   std::size_t minTokens)
{
    const auto check = [&](const TokenStream &s, const char *part) {
        if (s.ids.size() < minTokens)
            throw DataError(corpusName + ": the " + part + " part has "
                            + groupedNumber(s.ids.size()) + " tokens ("
                            + groupedNumber(s.characters) + " characters); at least "
                            + groupedNumber(minTokens)
                            + " are needed (one context window and its next token): use a longer "
                              "text or a shorter context");
    };
    check(tokens.train, "training");
    check(tokens.validation, "validation");
}

} // namespace moe::datasets
