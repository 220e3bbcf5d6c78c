// BPE and unigram tokenizers by SentencePiece, byte-level (sentencepiecetokenizer.h).

#include "datasets/text/sentencepiecetokenizer.h"

#include "core/base/error.h"

#include <algorithm>
#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>
#include <unordered_map>

// Exported by libsentencepiece (its common.h, not installed): the trainer's progress log goes to
// stderr unless the level is raised, and the data layer never prints.
namespace sentencepiece::logging {
void SetMinLogLevel(int level);
}

namespace moe::datasets {

namespace {

// Byte b as SentencePiece sees it: U+0100 + b, whose UTF-8 is 0xC4..0xC7 then 0x80..0xBF.
void appendMapped(std::string &out, std::string_view bytes)
{
    for (char c : bytes) {
        const unsigned value = 0x100u + static_cast<unsigned char>(c);
        out += char(0xC0 | (value >> 6));
        out += char(0x80 | (value & 0x3F));
    }
}

// The bytes a mapped piece stands for; false if it holds anything but mapped bytes.
bool unmap(std::string_view mapped, std::string &bytes)
{
    bytes.clear();
    if (mapped.size() % 2 != 0)
        return false;
    for (std::size_t i = 0; i < mapped.size(); i += 2) {
        const auto lead = static_cast<unsigned char>(mapped[i]);
        const auto trail = static_cast<unsigned char>(mapped[i + 1]);
        if (lead < 0xC4 || lead > 0xC7 || (trail & 0xC0) != 0x80)
            return false;
        bytes += char(((lead & 0x03) << 6) | (trail & 0x3F));
    }
    return true;
}

// Calls unit(begin, end) for each line of `text` (with its newline), lines longer than
// SentencePieceTokenizer::kSentenceBytes cut into pieces of that length.
template<typename Unit> void forEachUnit(std::string_view text, Unit unit)
{
    for (std::size_t begin = 0; begin < text.size();) {
        std::size_t end = text.find('\n', begin);
        end = end == std::string_view::npos ? text.size() : end + 1;
        end = std::min(end, begin + SentencePieceTokenizer::kSentenceBytes);
        unit(begin, end);
        begin = end;
    }
}

class Sentences final : public sentencepiece::SentenceIterator
{
public:
    explicit Sentences(std::vector<std::string> sentences)
        : m_sentences(std::move(sentences))
    { }
    bool done() const override { return m_next >= m_sentences.size(); }
    void Next() override { ++m_next; }
    const std::string &value() const override { return m_sentences[m_next]; }
    sentencepiece::util::Status status() const override { return {}; }

private:
    std::vector<std::string> m_sentences;
    std::size_t m_next = 0;
};

std::string kindName(TokenizerKind kind)
{
    return std::string(choiceName(kTokenizerChoices, kind));
}

} // namespace

SentencePieceTokenizer::SentencePieceTokenizer(TokenizerKind kind, std::string modelProto)
    : m_kind(kind)
    , m_modelProto(std::move(modelProto))
    , m_processor(std::make_unique<sentencepiece::SentencePieceProcessor>())
{ }

SentencePieceTokenizer::~SentencePieceTokenizer() = default;

std::unique_ptr<SentencePieceTokenizer>
SentencePieceTokenizer::train(TokenizerKind kind, std::string_view trainText, int vocab)
{
    if (vocab < kMinSubwordVocab || vocab > kMaxSubwordVocab)
        throw ConfigError("a " + kindName(kind) + " tokenizer's vocabulary must be from "
                          + std::to_string(kMinSubwordVocab) + " to "
                          + std::to_string(kMaxSubwordVocab) + " tokens, got "
                          + std::to_string(vocab));
    if (trainText.empty())
        throw DataError("no text to train a " + kindName(kind) + " tokenizer on");
    // First sentence: all 256 bytes, so that each is a piece whatever the text holds.
    std::vector<std::string> sentences(1);
    for (int b = 0; b < 256; ++b)
        appendMapped(sentences[0], std::string(1, char(b)));
    // Lines kept while the bytes taken stay within `fraction` of the bytes seen: an even sample.
    const std::size_t cap
        = kind == TokenizerKind::Bpe ? kMaxBpeTrainingBytes : kMaxUnigramTrainingBytes;
    const double fraction = std::min(1.0, double(cap) / double(trainText.size()));
    std::size_t taken = 0;
    forEachUnit(trainText, [&](std::size_t begin, std::size_t end) {
        if (double(taken + end - begin) > fraction * double(end))
            return;
        appendMapped(sentences.emplace_back(), trainText.substr(begin, end - begin));
        taken += end - begin;
    });

    const std::unordered_map<std::string, std::string> options = {
        {"model_type", kind == TokenizerKind::Bpe ? "bpe" : "unigram"},
        {"vocab_size", std::to_string(vocab + 1)}, // + SentencePiece's unknown piece, id 0
        {"character_coverage", "1"},
        {"normalization_rule_name", "identity"},
        {"add_dummy_prefix", "false"},
        {"remove_extra_whitespaces", "false"},
        {"split_by_whitespace", "false"},
        {"split_by_unicode_script", "false"},
        {"split_by_number", "false"},
        {"byte_fallback", "false"},
        {"max_sentence_length", std::to_string(2 * kSentenceBytes)},
        {"input_sentence_size", "0"}, // every sentence given (the text is capped above)
        {"shuffle_input_sentence", "false"},
        // Unigram: candidates to prune down from (default 1,000,000; 10x the largest vocabulary is
        // plenty and keeps training on 1 MB to seconds).
        {"seed_sentencepiece_size", "20000"},
        {"num_threads", "1"}, // the unigram trainer's E-step sums in thread order
        {"unk_id", "0"},
        {"bos_id", "-1"},
        {"eos_id", "-1"},
        {"pad_id", "-1"},
    };
    sentencepiece::logging::SetMinLogLevel(2);
    sentencepiece::SetRandomGeneratorSeed(1);
    Sentences iterator(std::move(sentences));
    std::string proto;
    const auto status = sentencepiece::SentencePieceTrainer::Train(options, &iterator, &proto);
    if (!status.ok())
        throw DataError("SentencePiece could not train a " + kindName(kind) + " tokenizer of "
                        + std::to_string(vocab) + " tokens: " + status.ToString());
    return fromModel(kind, proto);
}

std::unique_ptr<SentencePieceTokenizer>
SentencePieceTokenizer::fromModel(TokenizerKind kind, const std::string &modelProto)
{
    const std::string field = "tokenizer modelProto: ";
    std::unique_ptr<SentencePieceTokenizer> t(new SentencePieceTokenizer(kind, modelProto));
    sentencepiece::SentencePieceProcessor &sp = *t->m_processor;
    const auto status = sp.LoadFromSerializedProto(modelProto);
    if (!status.ok())
        throw DataError(field + "not a SentencePiece model (" + status.ToString() + ")");
    const int pieces = sp.GetPieceSize();
    if (pieces - 1 < kMinSubwordVocab || pieces - 1 > kMaxSubwordVocab)
        throw DataError(field + std::to_string(pieces - 1) + " tokens; a " + kindName(kind)
                        + " tokenizer has " + std::to_string(kMinSubwordVocab) + " to "
                        + std::to_string(kMaxSubwordVocab));
    if (sp.unk_id() != 0 || !sp.IsUnknown(0))
        throw DataError(field + "piece 0 is not the unknown piece");
    std::string bytes;
    for (int id = 1; id < pieces; ++id) {
        if (sp.IsControl(id) || sp.IsUnknown(id) || sp.IsUnused(id) || sp.IsByte(id)
            || !unmap(sp.IdToPiece(id), bytes) || bytes.empty())
            throw DataError(field + "piece " + std::to_string(id)
                            + " is not a run of bytes (a model not made by MoE Lab?)");
        t->m_pieces.push_back(bytes);
    }
    for (int b = 0; b < 256; ++b) {
        std::string mapped;
        appendMapped(mapped, std::string(1, char(b)));
        if (sp.PieceToId(mapped) == sp.unk_id())
            throw DataError(field + "byte " + std::to_string(b)
                            + " has no piece, so some text could not be encoded");
    }
    return t;
}

std::vector<TokenSpan> SentencePieceTokenizer::encode(std::string_view text) const
{
    std::vector<TokenSpan> spans;
    std::string mapped;
    forEachUnit(text, [&](std::size_t begin, std::size_t end) {
        mapped.clear();
        appendMapped(mapped, text.substr(begin, end - begin));
        const auto encoded = m_processor->EncodeAsImmutableProto(mapped);
        // Every byte is a piece, so SentencePiece's unknown (id 0) never occurs and the pieces
        // tile the line; anything else is a broken model or library, not the text's fault.
        std::size_t at = begin;
        for (std::size_t i = 0; i < encoded.pieces_size(); ++i) {
            const auto piece = encoded.pieces(int(i));
            const TokenSpan span {int(piece.id()) - 1, std::uint32_t(begin + piece.begin() / 2),
                                  std::uint32_t(begin + piece.end() / 2)};
            if (piece.id() == 0 || span.begin != at || span.end <= span.begin)
                throw DataError("the " + kindName(m_kind) + " tokenizer could not encode byte "
                                + groupedNumber(at) + " of the text");
            spans.push_back(span);
            at = span.end;
        }
        if (at != end)
            throw DataError("the " + kindName(m_kind) + " tokenizer could not encode byte "
                            + groupedNumber(at) + " of the text");
    });
    return spans;
}

std::string SentencePieceTokenizer::decode(const std::vector<int> &ids) const
{
    std::string text;
    for (int id : ids)
        text += pieceText(id);
    return text;
}

std::string SentencePieceTokenizer::pieceText(int id) const
{
    if (id < 0 || id >= vocabSize())
        throw DataError("token id " + std::to_string(id) + " is outside the vocabulary 0 to "
                        + std::to_string(vocabSize() - 1));
    return m_pieces[std::size_t(id)];
}

TokenizerState SentencePieceTokenizer::state() const
{
    return TokenizerState {m_kind, {}, m_modelProto};
}

} // namespace moe::datasets
