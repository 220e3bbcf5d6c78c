// The text corpora (datasets/text/textcorpus.h): the built-in corpora's sizes, domains and the
// 90/10 split by code points; the arithmetic corpus holds correct sums, differences and products
// and is the same for the same seed; the mixed corpus holds every domain on both sides of the
// split; the strict loader refuses what is not plain UTF-8 text, saying what and where.

#include "core/base/error.h"
#include "datasets/text/mixedcorpus.h"
#include "datasets/text/textcorpus.h"
#include "testhelpers.h"

#include <QTemporaryDir>
#include <QTest>
#include <chrono>
#include <fcntl.h>
#include <fstream>
#include <future>
#include <regex>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

using moe::testing::thrownMessage;
namespace ds = moe::datasets;
namespace fs = std::filesystem;

namespace {

const fs::path kDataDir = MOELAB_TEST_DATA_DIR; // datasets/data of the source tree

QString parseMessage(const std::string &text)
{
    return thrownMessage<moe::DataError>([&] { ds::parseText(text, "notes.txt"); });
}

// 200 characters of plain text.
std::string plainText()
{
    std::string text;
    for (int i = 0; i < 10; ++i)
        text += "To be, or not to be:\n"; // 21 bytes
    return text;
}

void checkDocumentsTile(const ds::TextCorpus &corpus)
{
    QVERIFY(!corpus.documents.empty());
    QCOMPARE(corpus.documents.front().begin, std::size_t(0));
    QCOMPARE(corpus.documents.back().end, corpus.text.size());
    for (std::size_t i = 0; i < corpus.documents.size(); ++i) {
        QVERIFY(corpus.documents[i].begin < corpus.documents[i].end);
        QVERIFY(corpus.documents[i].domain >= 0
                && corpus.documents[i].domain < int(corpus.domains.size()));
        if (i > 0)
            QCOMPARE(corpus.documents[i].begin, corpus.documents[i - 1].end);
    }
}

} // namespace

class TestTextCorpus : public QObject
{
    Q_OBJECT

private slots:
    void builtinFiles_data();
    void builtinFiles();
    void splitIsOnACodePointBoundary();
    void arithmeticLinesAreCorrect();
    void arithmeticFollowsTheSeed();
    void mixedHoldsEveryDomainInBothParts();
    void mixedFollowsTheSeed();
    void domainAtSearchesTheDocuments();
    void refusals_data();
    void refusals();
    void fewControlCharactersAreText();
    void byteOrderMarkIsDropped();
    void fileMessagesNameTheFile();
    void fifoIsRefusedWithoutHanging();
    void fiftyMegabytesLoadAndMoreIsRefused();
    void tooSmallToSplit();
    void invalidBytesShownAsReplacement();
};

void TestTextCorpus::builtinFiles_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<qulonglong>("bytes");
    QTest::addColumn<qulonglong>("codePoints");
    // README facts: shakespeare.txt 1,115,394 characters (ASCII); python.txt 460,086 characters
    // in 460,157 bytes (70 distinct non-ASCII characters).
    QTest::newRow("shakespeare") << "shakespeare" << 1115394ull << 1115394ull;
    QTest::newRow("python") << "python" << 460157ull << 460086ull;
}

void TestTextCorpus::builtinFiles()
{
    QFETCH(QString, name);
    QFETCH(qulonglong, bytes);
    QFETCH(qulonglong, codePoints);
    const ds::TextCorpus corpus = ds::makeCorpus(name.toStdString(), kDataDir, 1);
    QCOMPARE(QString::fromStdString(corpus.name), name);
    QCOMPARE(corpus.domains, std::vector<std::string> {name.toStdString()});
    QCOMPARE(qulonglong(corpus.text.size()), bytes);
    QCOMPARE(qulonglong(ds::countCodePoints(corpus.text)), codePoints);
    checkDocumentsTile(corpus);
    // nanoGPT: train = data[:int(n * 0.9)].
    const std::size_t split = ds::validationStart(corpus);
    QCOMPARE(qulonglong(ds::countCodePoints(std::string_view(corpus.text).substr(0, split))),
             qulonglong(codePoints * 9 / 10));
    if (name == "shakespeare")
        QCOMPARE(split, std::size_t(1003854));
}

void TestTextCorpus::splitIsOnACodePointBoundary()
{
    // 100 code points: 50 of 'a' then 50 of "é" (2 bytes each); 90 train = 50 'a' + 40 'é'.
    std::string text(50, 'a');
    for (int i = 0; i < 50; ++i)
        text += "\xC3\xA9";
    const ds::TextCorpus corpus = ds::parseText(text, "accents.txt");
    QCOMPARE(ds::validationStart(corpus), std::size_t(50 + 80));
    QCOMPARE(ds::countCodePoints(corpus.text), std::size_t(100));
}

void TestTextCorpus::arithmeticLinesAreCorrect()
{
    const ds::TextCorpus corpus = ds::makeCorpus("arithmetic", kDataDir, 7);
    QCOMPARE(corpus.domains, std::vector<std::string> {"arithmetic"});
    QVERIFY(corpus.text.size() >= ds::kDomainBytes && corpus.text.size() < ds::kDomainBytes + 20);
    checkDocumentsTile(corpus);
    const std::regex line(R"((\d{1,3})([-+*])(\d{1,3})=(-?\d+))");
    std::set<char> operations;
    std::size_t lines = 0, threeDigits = 0;
    std::size_t begin = 0;
    while (begin < corpus.text.size()) {
        const std::size_t end = corpus.text.find('\n', begin);
        QVERIFY(end != std::string::npos);
        const std::string text = corpus.text.substr(begin, end - begin);
        std::smatch m;
        QVERIFY2(std::regex_match(text, m, line), text.c_str());
        const long a = std::stol(m[1]), b = std::stol(m[3]), c = std::stol(m[4]);
        const char op = m[2].str()[0];
        QCOMPARE(c, op == '+' ? a + b : op == '-' ? a - b : a * b);
        operations.insert(op);
        threeDigits += m[1].length() == 3;
        ++lines;
        begin = end + 1;
    }
    QCOMPARE(operations, (std::set<char> {'+', '-', '*'}));
    QVERIFY(lines > 20000);
    // Digit counts 1, 2 and 3 equally likely: about a third of first operands have 3 digits.
    QVERIFY(std::abs(double(threeDigits) / double(lines) - 1.0 / 3.0) < 0.02);
}

void TestTextCorpus::arithmeticFollowsTheSeed()
{
    const std::string a = ds::makeCorpus("arithmetic", kDataDir, 11).text;
    QCOMPARE(ds::makeCorpus("arithmetic", kDataDir, 11).text, a);
    QVERIFY(ds::makeCorpus("arithmetic", kDataDir, 12).text != a);
}

void TestTextCorpus::mixedHoldsEveryDomainInBothParts()
{
    const ds::TextCorpus corpus = ds::makeCorpus("mixed", kDataDir, 3);
    QCOMPARE(corpus.name, std::string("mixed"));
    QCOMPARE(corpus.domains, (std::vector<std::string> {"shakespeare", "python", "arithmetic"}));
    checkDocumentsTile(corpus);
    const std::size_t split = ds::validationStart(corpus);
    std::vector<std::size_t> total(3, 0), validation(3, 0);
    std::vector<std::size_t> documents(3, 0);
    for (const ds::TextDocument &d : corpus.documents) {
        const auto k = std::size_t(d.domain);
        total[k] += d.end - d.begin;
        ++documents[k];
        if (d.end > split)
            validation[k] += d.end - std::max(d.begin, split);
    }
    const std::size_t validationBytes = corpus.text.size() - split;
    for (std::size_t k = 0; k < 3; ++k) {
        // About kDomainBytes of each (whole documents: a little more).
        QVERIFY2(total[k] >= ds::kDomainBytes - 1000 && total[k] < ds::kDomainBytes + 20000,
                 qPrintable(QString::number(total[k])));
        QVERIFY(documents[k] > 100);
        // Each domain holds a fair share (a third, give or take) of the validation part.
        QVERIFY2(validation[k] > validationBytes / 6, qPrintable(QString::number(validation[k])));
        QVERIFY(total[k] - validation[k] > (split / 6));
    }
    // The documents are the files' own text: the first is a speech or a block of code or sums.
    const ds::TextCorpus shakespeare = ds::makeCorpus("shakespeare", kDataDir, 3);
    QVERIFY(shakespeare.text.starts_with("First Citizen:\nBefore we proceed any further"));
    for (const ds::TextDocument &d : corpus.documents)
        if (d.domain == 0) {
            const std::string doc = corpus.text.substr(d.begin, d.end - d.begin);
            QCOMPARE(shakespeare.text.substr(0, doc.size()), doc);
            QVERIFY(doc.ends_with("\n\n"));
            break;
        }
}

void TestTextCorpus::mixedFollowsTheSeed()
{
    const ds::TextCorpus a = ds::makeCorpus("mixed", kDataDir, 5);
    const ds::TextCorpus b = ds::makeCorpus("mixed", kDataDir, 5);
    QCOMPARE(a.text, b.text);
    QCOMPARE(a.documents.size(), b.documents.size());
    QVERIFY(ds::makeCorpus("mixed", kDataDir, 6).text != a.text);
}

void TestTextCorpus::domainAtSearchesTheDocuments()
{
    ds::TextCorpus corpus;
    corpus.text = std::string(30, 'x');
    corpus.domains = {"a", "b", "c"};
    corpus.documents = {{2, 0, 10}, {0, 10, 11}, {1, 11, 30}};
    QCOMPARE(corpus.domainAt(0), 2);
    QCOMPARE(corpus.domainAt(9), 2);
    QCOMPARE(corpus.domainAt(10), 0);
    QCOMPARE(corpus.domainAt(11), 1);
    QCOMPARE(corpus.domainAt(29), 1);
    // Documents end after a run of blank lines (spaces only count as blank).
    const std::string code = "def f():\n    x = 1\n\n    return x\n  \n\nclass A:\n    pass\n";
    const auto blocks = ds::splitAtBlankLines(code);
    QCOMPARE(blocks.size(), std::size_t(3));
    QCOMPARE(code.substr(blocks[1].begin, blocks[1].end - blocks[1].begin),
             std::string("    return x\n  \n\n"));
    QCOMPARE(code.substr(blocks[2].begin), std::string("class A:\n    pass\n"));
}

void TestTextCorpus::refusals_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    const std::string plain = plainText();
    const auto with = [&](std::size_t at, const std::string &bytes) {
        std::string text = plain;
        text.insert(at, bytes);
        return QByteArray::fromStdString(text);
    };
    QTest::newRow("invalid byte") << with(42, "\xFF")
                                  << "notes.txt: invalid UTF-8 at byte 42 (0xFF): a byte that "
                                     "never occurs in UTF-8";
    QTest::newRow("invalid byte past a thousand")
        << QByteArray::fromStdString(plain + plain + plain + plain + plain + plain + "\x80")
        << "notes.txt: invalid UTF-8 at byte 1,260 (0x80): a continuation byte with no lead byte";
    QTest::newRow("overlong two bytes")
        << with(5, "\xC0\xAF") << "invalid UTF-8 at byte 5 (0xC0): an overlong encoding";
    QTest::newRow("overlong three bytes") << with(5, "\xE0\x80\xAF")
                                          << "invalid UTF-8 at byte 5 (0xE0): an overlong "
                                             "encoding (a code point below U+0800";
    QTest::newRow("surrogate") << with(7, "\xED\xA0\x80")
                               << "invalid UTF-8 at byte 7 (0xED): a UTF-16 surrogate";
    QTest::newRow("above U+10FFFF")
        << with(7, "\xF4\x90\x80\x80") << "at byte 7 (0xF4): a code point above U+10FFFF";
    QTest::newRow("broken sequence") << with(3, "\xE2\x82") // then 'b' of "be"
                                     << "invalid UTF-8 at byte 3 (0xE2): a sequence of 3 bytes "
                                        "broken by 0x62 at byte 5";
    QTest::newRow("truncated at the end")
        << QByteArray::fromStdString(plain + "\xE2\x82")
        << "notes.txt: invalid UTF-8 at byte 210 (0xE2): a sequence of 3 bytes cut short by the "
           "end of the text";
    QTest::newRow("NUL") << with(99, std::string(1, '\0'))
                         << "notes.txt: a NUL byte at byte 99: this is a binary file, not text";
    QTest::newRow("control characters")
        << with(12, "\x1B\x01\x07")
        << "notes.txt: 3 control characters in 213 bytes (the first, 0x1B, at byte 12): this "
           "looks like a binary file";
    QTest::newRow("empty") << QByteArray()
                           << "notes.txt: the file is empty; a text corpus needs at least 100 "
                              "characters";
    QTest::newRow("too small") << QByteArray("Hello, world\n")
                               << "notes.txt: only 13 characters; a text corpus needs at least "
                                  "100";
    QTest::newRow("only a byte-order mark")
        << QByteArray("\xEF\xBB\xBF") << "notes.txt: only 0 characters";
}

void TestTextCorpus::refusals()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    const QString got = parseMessage(text.toStdString());
    QVERIFY2(got.contains(message), qPrintable(got));
}

void TestTextCorpus::fewControlCharactersAreText()
{
    // One escape in 2,100 bytes is text (1 in 1,000 allowed); tab, CR and form feed never count.
    std::string text;
    for (int i = 0; i < 10; ++i)
        text += plainText();
    text[50] = '\x1B';
    text += "\t\r\n\f";
    const ds::TextCorpus corpus = ds::parseText(text, "notes.txt");
    QCOMPARE(corpus.text, text);
    text[60] = '\x1B';
    text[70] = '\x1B';
    QVERIFY(parseMessage(text).contains("3 control characters in 2,104 bytes (the first, 0x1B, "
                                        "at byte 50)"));
}

void TestTextCorpus::byteOrderMarkIsDropped()
{
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "notes.txt";
    std::ofstream(path, std::ios::binary) << "\xEF\xBB\xBF" << plainText();
    const ds::TextCorpus corpus = ds::makeCorpus(path.string(), kDataDir, 1);
    QCOMPARE(corpus.text, plainText());
    QCOMPARE(corpus.name, std::string("notes.txt"));
    QCOMPARE(corpus.domains, std::vector<std::string> {"notes"});
    QCOMPARE(corpus.documents.size(), std::size_t(1));
    QCOMPARE(corpus.documents[0].end, plainText().size());
}

void TestTextCorpus::fileMessagesNameTheFile()
{
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "notes.txt";
    std::ofstream(path, std::ios::binary) << plainText() << "\xFF";
    const QString message = thrownMessage<moe::DataError>([&] { ds::loadTextFile(path); });
    QVERIFY2(message.startsWith(QString::fromStdString(path.string())
                                + ": invalid UTF-8 at byte 210 (0xFF)"),
             qPrintable(message));
    const QString missing = thrownMessage<moe::DataError>(
        [&] { ds::makeCorpus((dir.path() + "/none.txt").toStdString(), kDataDir, 1); });
    QVERIFY2(missing.endsWith("none.txt: file not found (the built-in corpora are shakespeare, "
                              "python, arithmetic and mixed)"),
             qPrintable(missing));
    // A missing built-in file names where it was looked for.
    const QString builtin = thrownMessage<moe::DataError>(
        [&] { ds::makeCorpus("shakespeare", dir.path().toStdString(), 1); });
    QVERIFY2(builtin.contains("text/shakespeare.txt: file not found"), qPrintable(builtin));
}

void TestTextCorpus::fifoIsRefusedWithoutHanging()
{
    QTemporaryDir dir;
    const fs::path fifo = fs::path(dir.path().toStdString()) / "notes.txt";
    QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
    auto load = std::async(std::launch::async, [&] {
        return thrownMessage<moe::DataError>([&] { ds::loadTextFile(fifo); });
    });
    if (load.wait_for(std::chrono::seconds(20)) != std::future_status::ready) {
        const int writer = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
        if (writer >= 0)
            ::close(writer);
        load.wait();
        QFAIL("loading a FIFO blocked");
    }
    const QString message = load.get();
    QVERIFY2(message.contains("notes.txt is a named pipe (FIFO), not a regular file"),
             qPrintable(message));
}

void TestTextCorpus::fiftyMegabytesLoadAndMoreIsRefused()
{
    QVERIFY(ds::kMaxTextFileBytes >= std::uint64_t(64) << 20);
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "big.txt";
    {
        std::ofstream out(path, std::ios::binary);
        const std::string line
            = "The quick brown fox jumps over the lazy dog, caf\xC3\xA9 au lait.\n";
        for (std::size_t written = 0; written < 50'000'000; written += line.size())
            out << line;
    }
    const ds::TextCorpus corpus = ds::loadTextFile(path);
    QVERIFY(corpus.text.size() >= 50'000'000);
    QCOMPARE(corpus.documents.back().end, corpus.text.size());
    // One byte over the limit (a sparse file: no disk space used) is refused with the limit.
    fs::resize_file(path, ds::kMaxTextFileBytes + 1);
    const QString message = thrownMessage<moe::DataError>([&] { ds::loadTextFile(path); });
    QVERIFY2(message.contains("big.txt") && message.contains("64 MiB (67,108,864 bytes)"),
             qPrintable(message));
}

void TestTextCorpus::tooSmallToSplit()
{
    ds::TextCorpus corpus;
    corpus.name = "tiny";
    corpus.text = "abc";
    corpus.domains = {"tiny"};
    corpus.documents = {{0, 0, 3}};
    const QString message = thrownMessage<moe::DataError>([&] { ds::validationStart(corpus); });
    QVERIFY2(message.contains("tiny: 3 characters are too few to split into training and "
                              "validation text (at least 100)"),
             qPrintable(message));
}

void TestTextCorpus::invalidBytesShownAsReplacement()
{
    QCOMPARE(ds::validUtf8("caf\xC3\xA9"), std::string("caf\xC3\xA9"));
    // A character cut after its first byte, a stray continuation byte, 0xFF.
    QCOMPARE(ds::validUtf8("a\xE2\x82"), std::string("a\xEF\xBF\xBD\xEF\xBF\xBD"));
    QCOMPARE(ds::validUtf8("\x80x\xFF"), std::string("\xEF\xBF\xBDx\xEF\xBF\xBD"));
    QCOMPARE(ds::validUtf8(""), std::string());
}

QTEST_APPLESS_MAIN(TestTextCorpus)
#include "tst_textcorpus.moc"
