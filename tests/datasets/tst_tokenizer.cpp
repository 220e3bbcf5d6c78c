// The tokenizers (datasets/text/tokenizer.h): char, BPE and unigram encode every corpus's
// validation part into spans that tile it and decode back to the same text (the char tokenizer
// writes U+FFFD for a character it never saw, such as the "Ł" only python.txt's last 10% holds);
// vocabularies have the size asked; a saved state rebuilds the same tokenizer and a damaged one
// is refused; SentencePiece training is deterministic and keeps newlines.

#include "core/base/error.h"
#include "datasets/text/tokenizer.h"
#include "testhelpers.h"

#include <QTest>
#include <map>
#include <set>

using moe::testing::thrownMessage;
namespace ds = moe::datasets;
using ds::TokenizerKind;

namespace {

const std::filesystem::path kDataDir = MOELAB_TEST_DATA_DIR; // datasets/data of the source tree

std::string_view trainPart(const ds::TextCorpus &corpus)
{
    return std::string_view(corpus.text).substr(0, ds::validationStart(corpus));
}

std::string_view validationPart(const ds::TextCorpus &corpus)
{
    return std::string_view(corpus.text).substr(ds::validationStart(corpus));
}

std::vector<int> idsOf(const std::vector<ds::TokenSpan> &spans)
{
    std::vector<int> ids;
    for (const ds::TokenSpan &s : spans)
        ids.push_back(s.id);
    return ids;
}

// The spans tile `text` in order, and each id is in the vocabulary.
bool tiles(const std::vector<ds::TokenSpan> &spans, std::string_view text, int vocab)
{
    std::uint32_t at = 0;
    for (const ds::TokenSpan &s : spans) {
        if (s.begin != at || s.end <= s.begin || s.id < 0 || s.id >= vocab)
            return false;
        at = s.end;
    }
    return at == text.size();
}

std::string replaceAll(std::string text, const std::string &from, const std::string &to)
{
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

// 100 kB of Shakespeare: enough to learn a vocabulary of 1024 in about a second.
std::string_view smallText(const ds::TextCorpus &shakespeare)
{
    return std::string_view(shakespeare.text).substr(0, 100'000);
}

} // namespace

class TestTokenizer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void roundTrip_data();
    void roundTrip();
    void charFacts();
    void charUnknownCharacters();
    void vocabSizeAsAsked_data();
    void vocabSizeAsAsked();
    void vocabOutOfRangeIsRefused();
    void newlinesAreKept();
    void bytesNeverSeenRoundTrip();
    void trainingIsDeterministic();
    void stateRebuildsTheSameTokenizer_data();
    void stateRebuildsTheSameTokenizer();
    void damagedStateIsRefused_data();
    void damagedStateIsRefused();
    void tokenizeSplitsAndRecordsDomains();
    void requireTokensNamesTheNumbers();

private:
    std::map<std::string, ds::TextCorpus> m_corpora;
    // BPE and unigram of 512 trained on the mixed corpus's training part (all three domains).
    std::map<TokenizerKind, std::unique_ptr<ds::Tokenizer>> m_subword;
};

void TestTokenizer::initTestCase()
{
    for (std::string_view name : ds::kBuiltinCorpora)
        m_corpora[std::string(name)] = ds::makeCorpus(std::string(name), kDataDir, 1);
    for (TokenizerKind kind : {TokenizerKind::Bpe, TokenizerKind::Unigram})
        m_subword[kind] = ds::trainTokenizer(kind, trainPart(m_corpora["mixed"]), 512);
}

void TestTokenizer::roundTrip_data()
{
    QTest::addColumn<QString>("corpus");
    QTest::addColumn<int>("kind");
    for (std::string_view name : ds::kBuiltinCorpora)
        for (const auto &choice : ds::kTokenizerChoices)
            QTest::addRow("%s %s", std::string(name).c_str(), std::string(choice.name).c_str())
                << QString::fromStdString(std::string(name)) << int(choice.value);
}

void TestTokenizer::roundTrip()
{
    QFETCH(QString, corpus);
    QFETCH(int, kind);
    const ds::TextCorpus &c = m_corpora[corpus.toStdString()];
    std::unique_ptr<ds::Tokenizer> own;
    const ds::Tokenizer *tokenizer = nullptr;
    if (TokenizerKind(kind) == TokenizerKind::Char) {
        own = ds::trainTokenizer(TokenizerKind::Char, trainPart(c), 0);
        tokenizer = own.get();
    } else {
        tokenizer = m_subword[TokenizerKind(kind)].get();
    }
    const std::string_view text = validationPart(c);
    const std::vector<ds::TokenSpan> spans = tokenizer->encode(text);
    QVERIFY(tiles(spans, text, tokenizer->vocabSize()));
    // Each span's text is its piece (and the pieces add up to the text).
    for (std::size_t i = 0; i < spans.size(); i += 97)
        if (spans[i].id != tokenizer->vocabSize() - 1 || kind != int(TokenizerKind::Char))
            QCOMPARE(tokenizer->pieceText(spans[i].id),
                     std::string(text.substr(spans[i].begin, spans[i].end - spans[i].begin)));
    std::string expected(text);
    if (corpus == "python" && TokenizerKind(kind) == TokenizerKind::Char)
        expected = replaceAll(expected, "\xC5\x81", "\xEF\xBF\xBD"); // Ł is not in the train part
    QCOMPARE(tokenizer->decode(idsOf(spans)), expected);
    if (TokenizerKind(kind) != TokenizerKind::Char)
        QVERIFY(spans.size() < text.size() * 3 / 4); // subwords: fewer tokens than bytes
}

void TestTokenizer::charFacts()
{
    const auto t = ds::trainTokenizer(TokenizerKind::Char, trainPart(m_corpora["shakespeare"]), 0);
    // nanoGPT's shakespeare_char: 65 characters; plus the unknown id, the last.
    QCOMPARE(t->vocabSize(), 66);
    QCOMPARE(t->kind(), TokenizerKind::Char);
    const ds::TokenizerState s = t->state();
    QCOMPARE(s.symbols.size(), std::size_t(65));
    QCOMPARE(s.symbols.front(), std::string("\n"));
    QCOMPARE(s.symbols[1], std::string(" "));
    QCOMPARE(s.symbols.back(), std::string("z"));
    QVERIFY(s.modelProto.empty());
    QCOMPARE(t->pieceText(65), std::string("\xEF\xBF\xBD"));
    QCOMPARE(idsOf(t->encode("\n A")), (std::vector<int> {0, 1, 13}));
    // python.txt: 161 distinct characters, 160 of them in its first 90%.
    QCOMPARE(
        ds::trainTokenizer(TokenizerKind::Char, trainPart(m_corpora["python"]), 0)->vocabSize(),
        161);
}

void TestTokenizer::charUnknownCharacters()
{
    const auto t = ds::trainTokenizer(TokenizerKind::Char, trainPart(m_corpora["shakespeare"]), 0);
    const std::string text = "Zo\xC3\xAB \xE2\x82\xAC\xFF!"; // "Zoë €", a stray byte, "!"
    const std::vector<ds::TokenSpan> spans = t->encode(text);
    QVERIFY(tiles(spans, text, t->vocabSize()));
    QCOMPARE(idsOf(spans),
             (std::vector<int> {t->encode("Z")[0].id, t->encode("o")[0].id, 65, 1, 65, 65,
                                t->encode("!")[0].id}));
    QCOMPARE(spans[2].end - spans[2].begin, 2u); // ë: 2 bytes, one token
    QCOMPARE(spans[4].end - spans[4].begin, 3u); // €: 3 bytes
    QCOMPARE(spans[5].end - spans[5].begin, 1u); // 0xFF: 1 byte
    QCOMPARE(t->decode(idsOf(spans)), std::string("Zo\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD!"));
    QVERIFY(thrownMessage<moe::DataError>([&] {
                t->decode({66});
            }).contains("token id 66 is outside the vocabulary 0 to 65"));
}

void TestTokenizer::vocabSizeAsAsked_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("vocab");
    for (TokenizerKind kind : {TokenizerKind::Bpe, TokenizerKind::Unigram})
        for (int vocab : {256, 300, 1024}) {
            const std::string name(moe::choiceName(ds::kTokenizerChoices, kind));
            QTest::addRow("%s %d", name.c_str(), vocab) << int(kind) << vocab;
        }
}

void TestTokenizer::vocabSizeAsAsked()
{
    QFETCH(int, kind);
    QFETCH(int, vocab);
    const std::string_view text = smallText(m_corpora["shakespeare"]);
    const auto t = ds::trainTokenizer(TokenizerKind(kind), text, vocab);
    QCOMPARE(t->vocabSize(), vocab);
    QCOMPARE(int(t->kind()), kind);
    const std::vector<ds::TokenSpan> spans = t->encode(text);
    QVERIFY(tiles(spans, text, vocab));
    QCOMPARE(t->decode(idsOf(spans)), std::string(text));
    // 256 tokens are the bytes alone: one token a byte. More tokens, fewer of them.
    if (vocab == 256)
        QCOMPARE(spans.size(), text.size());
    else
        QVERIFY(spans.size() < text.size() * (vocab >= 1024 ? 1 : 3) / 2);
}

void TestTokenizer::vocabOutOfRangeIsRefused()
{
    for (int vocab : {255, 2049, 0}) {
        const QString message = thrownMessage<moe::ConfigError>(
            [&] { ds::trainTokenizer(TokenizerKind::Bpe, "some text\n", vocab); });
        QVERIFY2(
            message.contains("a bpe tokenizer's vocabulary must be from 256 to 2048 tokens, got "
                             + QString::number(vocab)),
            qPrintable(message));
    }
    QVERIFY(thrownMessage<moe::ConfigError>([] {
                ds::trainTokenizer(TokenizerKind::Unigram, "some text\n", 4096);
            }).contains("unigram tokenizer's vocabulary must be from 256 to 2048"));
    QVERIFY(thrownMessage<moe::DataError>([] {
                ds::trainTokenizer(TokenizerKind::Bpe, "", 512);
            }).contains("no text to train a bpe tokenizer on"));
}

void TestTokenizer::newlinesAreKept()
{
    for (TokenizerKind kind : {TokenizerKind::Bpe, TokenizerKind::Unigram}) {
        const ds::Tokenizer &t = *m_subword[kind];
        const std::string text = "ROMEO:\nBut soft!\n\n\ndef f(x):\n    return x\r\n17+4=21\n";
        QCOMPARE(t.decode(idsOf(t.encode(text))), text);
        // The newline is a token of its own. BPE also learns it into tokens (such as ":\n"); the
        // unigram trainer does not: its candidate pieces are substrings seen before two
        // different next characters, and a newline always ends its training sentence.
        const std::vector<ds::TokenSpan> newline = t.encode("\n");
        QCOMPARE(newline.size(), std::size_t(1));
        QCOMPARE(t.pieceText(newline[0].id), std::string("\n"));
        int withNewline = 0;
        for (int id = 0; id < t.vocabSize(); ++id)
            withNewline += t.pieceText(id).find('\n') != std::string::npos;
        if (kind == TokenizerKind::Bpe)
            QVERIFY2(withNewline > 3, qPrintable(QString::number(withNewline)));
    }
}

void TestTokenizer::bytesNeverSeenRoundTrip()
{
    // Every byte value, and text in scripts the corpus never holds: byte fallback in 256 ids.
    std::string text;
    for (int b = 0; b < 256; ++b)
        text += char(b);
    text += "\xCE\xBA\xCE\xB1\xE1\xBD\xB6 \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x99\x82\n";
    for (TokenizerKind kind : {TokenizerKind::Bpe, TokenizerKind::Unigram}) {
        const ds::Tokenizer &t = *m_subword[kind];
        const std::vector<ds::TokenSpan> spans = t.encode(text);
        QVERIFY(tiles(spans, text, t.vocabSize()));
        QCOMPARE(t.decode(idsOf(spans)), text);
    }
}

void TestTokenizer::trainingIsDeterministic()
{
    const std::string_view text = smallText(m_corpora["shakespeare"]);
    for (TokenizerKind kind : {TokenizerKind::Bpe, TokenizerKind::Unigram}) {
        const std::string a = ds::trainTokenizer(kind, text, 400)->state().modelProto;
        const std::string b = ds::trainTokenizer(kind, text, 400)->state().modelProto;
        QVERIFY(a.size() > 1000);
        QVERIFY(a == b);
        const std::string other = ds::trainTokenizer(kind, text, 401)->state().modelProto;
        QVERIFY(other != a);
    }
}

void TestTokenizer::stateRebuildsTheSameTokenizer_data()
{
    QTest::addColumn<int>("kind");
    for (const auto &choice : ds::kTokenizerChoices)
        QTest::newRow(std::string(choice.name).c_str()) << int(choice.value);
}

void TestTokenizer::stateRebuildsTheSameTokenizer()
{
    QFETCH(int, kind);
    const ds::TextCorpus &mixed = m_corpora["mixed"];
    const auto trained = TokenizerKind(kind) == TokenizerKind::Char
        ? ds::trainTokenizer(TokenizerKind::Char, trainPart(mixed), 0)
        : nullptr;
    const ds::Tokenizer &t = trained ? *trained : *m_subword[TokenizerKind(kind)];
    const ds::TokenizerState state = t.state();
    QCOMPARE(int(state.kind), kind);
    const auto rebuilt = ds::makeTokenizer(state);
    QCOMPARE(rebuilt->vocabSize(), t.vocabSize());
    QCOMPARE(rebuilt->kind(), t.kind());
    const std::string_view text = validationPart(mixed);
    const std::vector<int> ids = idsOf(t.encode(text));
    QCOMPARE(idsOf(rebuilt->encode(text)), ids);
    for (int id = 0; id < t.vocabSize(); ++id)
        QCOMPARE(rebuilt->pieceText(id), t.pieceText(id));
    QCOMPARE(rebuilt->state().modelProto, state.modelProto);
    QCOMPARE(rebuilt->state().symbols, state.symbols);
}

void TestTokenizer::damagedStateIsRefused_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QStringList>("symbols");
    QTest::addColumn<QByteArray>("proto");
    QTest::addColumn<QString>("message");
    const int charKind = int(TokenizerKind::Char), bpe = int(TokenizerKind::Bpe);
    QTest::newRow("char without symbols")
        << charKind << QStringList() << QByteArray()
        << "tokenizer symbols: empty; a char tokenizer has at least one character";
    QTest::newRow("char symbol of two characters")
        << charKind << QStringList {"a", "bc"} << QByteArray()
        << "tokenizer symbols[1]: not one UTF-8 character (2 bytes)";
    QTest::newRow("char empty symbol") << charKind << QStringList {"a", ""} << QByteArray()
                                       << "tokenizer symbols[1]: not one UTF-8 character (0 bytes)";
    QTest::newRow("char out of order") << charKind << QStringList {"a", "c", "b"} << QByteArray()
                                       << "tokenizer symbols[2]: out of order or repeated";
    QTest::newRow("char repeated") << charKind << QStringList {"a", "a"} << QByteArray()
                                   << "tokenizer symbols[1]: out of order or repeated";
    QTest::newRow("char with a model") << charKind << QStringList {"a"} << QByteArray("xyz")
                                       << "tokenizer modelProto: a char tokenizer has none, this "
                                          "one has 3 bytes";
    QTest::newRow("bpe without a model")
        << bpe << QStringList() << QByteArray()
        << "tokenizer modelProto: empty; a bpe tokenizer needs its SentencePiece model";
    QTest::newRow("bpe with symbols") << bpe << QStringList {"a"} << QByteArray("xyz")
                                      << "tokenizer symbols: a bpe tokenizer keeps its pieces in "
                                         "modelProto, yet 1 symbols are given";
    QTest::newRow("bpe garbage") << bpe << QStringList() << QByteArray("not a model at all")
                                 << "tokenizer modelProto: not a SentencePiece model";
}

void TestTokenizer::damagedStateIsRefused()
{
    QFETCH(int, kind);
    QFETCH(QStringList, symbols);
    QFETCH(QByteArray, proto);
    QFETCH(QString, message);
    ds::TokenizerState state;
    state.kind = TokenizerKind(kind);
    for (const QString &s : symbols)
        state.symbols.push_back(s.toStdString());
    state.modelProto = proto.toStdString();
    const QString got = thrownMessage<moe::DataError>([&] { ds::makeTokenizer(state); });
    QVERIFY2(got.contains(message), qPrintable(got));
}

void TestTokenizer::tokenizeSplitsAndRecordsDomains()
{
    const ds::TextCorpus &mixed = m_corpora["mixed"];
    const ds::Tokenizer &t = *m_subword[TokenizerKind::Bpe];
    const ds::TokenizedCorpus tokens = ds::tokenize(mixed, t);
    const std::size_t split = ds::validationStart(mixed);
    QCOMPARE(tokens.train.characters, ds::countCodePoints(trainPart(mixed)));
    QCOMPARE(tokens.validation.characters, ds::countCodePoints(validationPart(mixed)));
    QCOMPARE(tokens.train.ids, idsOf(t.encode(trainPart(mixed))));
    const std::vector<ds::TokenSpan> spans = t.encode(validationPart(mixed));
    QCOMPARE(tokens.validation.ids, idsOf(spans));
    QCOMPARE(tokens.validation.domain.size(), spans.size());
    std::vector<std::size_t> perDomain(3, 0);
    for (std::size_t i = 0; i < spans.size(); ++i) {
        QCOMPARE(int(tokens.validation.domain[i]), mixed.domainAt(split + spans[i].begin));
        ++perDomain[tokens.validation.domain[i]];
    }
    for (std::size_t d = 0; d < 3; ++d)
        QVERIFY(perDomain[d] > spans.size() / 10);
    QCOMPARE(tokens.train.domain.size(), tokens.train.ids.size());
    QCOMPARE(std::set<std::uint8_t>(tokens.train.domain.begin(), tokens.train.domain.end()).size(),
             std::size_t(3));
}

void TestTokenizer::requireTokensNamesTheNumbers()
{
    std::string text;
    for (int i = 0; i < 20; ++i)
        text += "abcdefghij";
    const ds::TextCorpus corpus = ds::parseText(text, "letters.txt");
    const auto t = ds::trainTokenizer(TokenizerKind::Char, text, 0);
    const ds::TokenizedCorpus tokens = ds::tokenize(corpus, *t);
    QCOMPARE(tokens.train.ids.size(), std::size_t(180));
    QCOMPARE(tokens.validation.ids.size(), std::size_t(20));
    ds::requireTokens("letters.txt", tokens, 20);
    const QString message
        = thrownMessage<moe::DataError>([&] { ds::requireTokens("letters.txt", tokens, 65); });
    QVERIFY2(message.contains("letters.txt: the validation part has 20 tokens (20 characters); at "
                              "least 65 are needed"),
             qPrintable(message));
}

QTEST_APPLESS_MAIN(TestTokenizer)
#include "tst_tokenizer.moc"
