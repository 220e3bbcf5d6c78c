// The malformed-CSV corpus (tests/datasets/corpus/, listed with each file's message in its
// README.md): every file a user might try, read from disk as the app and the CLI read it. Each
// either loads with the right contents (BOM, CRLF, quoted fields, very long lines, 50 MB) or is
// refused with a message that names the file and, where the problem sits in one place, the line
// and the column.

#include "core/base/error.h"
#include "datasets/csvloader.h"
#include "testhelpers.h"

#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>

using namespace moe;
using namespace moe::testing;
namespace ds = moe::datasets;

namespace {
std::filesystem::path corpus(const char *name)
{
    return std::filesystem::path(MOELAB_TEST_CORPUS_DIR) / name;
}
} // namespace

class TestCsvCorpus : public QObject
{
    Q_OBJECT

private slots:
    void refused_data();
    void refused();
    void loaded();
    void fiftyMegabytes();
};

void TestCsvCorpus::refused_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("labelColumn");
    QTest::addColumn<QStringList>("expected"); // all must appear in the message

    const auto row = [](const char *file, QStringList expected, const char *label = "") {
        QTest::newRow(file) << QString::fromLatin1(file) << QString::fromLatin1(label) << expected;
    };
    row("empty.csv", {"the file is empty"});
    row("whitespace-only.csv", {"the file is empty"});
    row("header-only.csv", {"has a header but no samples"});
    row("ragged-short.csv", {"line 3", "expected 3 fields", "found 2"});
    row("ragged-long.csv", {"line 2", "expected 3 fields", "found 4"});
    row("quoted-decimal-comma.csv", {"line 2", "column 2 (\"b\")", "\"2,5\" is not a number"});
    row("unterminated-quote.csv", {"line 3", "column 2", "never closed"});
    row("non-numeric.csv", {"line 3", "column 2 (\"b\")", "\"abc\" is not a number"});
    row("nan.csv", {"line 2", "column 2 (\"b\")", "not a finite number"});
    row("inf.csv", {"line 2", "column 1 (\"a\")", "not a finite number"});
    row("missing-label-column.csv", {"line 1", "no column named \"label\"", "\"species\""},
        "label");
    row("label-fraction.csv", {"line 3", "column 3 (\"label\")", "\"2.5\" is not a class id"});
    row("label-negative.csv", {"line 2", "column 3 (\"label\")", "\"-1\" is not a class id"});
    row("label-text.csv", {"line 2", "column 2 (\"label\")", "\"setosa\" is not a number"});
    row("single-class.csv", {"column 2 (\"label\")", "only one class (0)"});
    row("class-gap.csv", {"column 2 (\"label\")", "class 2 has no samples"});
    row("huge-class-id.csv", {"line 3", "column 2", "above the limit of 999"});
    row("huge-values.csv", {"line 2", "column 2 (\"b\")", "too large"});
    row("overflow.csv", {"line 2", "column 2 (\"b\")", "out of range"});
    // A 100,000-character cell is quoted in 30 characters, not pasted whole into the dialog.
    row("long-cell.csv", {"line 2", "column 1 (\"a\")", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzz...\""});
    row("semicolon.csv", {"line 1", "looks semicolon-separated"});
    row("tab.csv", {"line 1", "looks tab-separated"});
    row("duplicate-header.csv", {"line 1", "column 3", "duplicate column name \"a\""});
    row("empty-header-name.csv", {"line 1", "column 2", "empty column name"});
    row("no-feature-column.csv", {"line 1", "only one column"});
    row("blank-line-inside.csv", {"line 3", "blank line"});
    row("empty-cell.csv", {"line 3", "column 2 (\"b\")", "empty cell"});
    row("utf16.csv", {"looks UTF-16 encoded"});
    row("binary-garbage.csv", {"contains NUL bytes", "not a text CSV file"});
}

void TestCsvCorpus::refused()
{
    QFETCH(QString, file);
    QFETCH(QString, labelColumn);
    QFETCH(QStringList, expected);
    const std::filesystem::path path = corpus(qPrintable(file));
    QVERIFY2(std::filesystem::exists(path), qPrintable(file));
    const QString message = thrownMessage<DataError>([&] {
        ds::loadCsv(path, {labelColumn.toStdString(), Task::Classification, {}});
    });
    QVERIFY2(message.startsWith(QString::fromStdString(path.string())), qPrintable(message));
    for (const QString &part : expected)
        QVERIFY2(message.contains(part), qPrintable(message + "\n  lacks: " + part));
    QVERIFY2(message.size() < 400, qPrintable(message)); // a message, not a dump of the file
}

void TestCsvCorpus::loaded()
{
    // A byte-order mark is not part of the first column's name.
    Dataset bom = ds::loadCsv(corpus("bom.csv"));
    QCOMPARE(bom.featureNames, (std::vector<std::string> {"a", "b"}));
    QCOMPARE(bom.size(), Index(2));
    QCOMPARE(bom.features(1, 1), 4.0f);
    // CRLF line ends read like LF ones.
    Dataset crlf = ds::loadCsv(corpus("crlf.csv"));
    QCOMPARE(crlf.size(), Index(2));
    QCOMPARE(crlf.labels, (std::vector<int> {0, 1}));
    QCOMPARE(crlf.features(1, 0), 3.0f);
    // Quoted names and numbers (RFC 4180), a comma inside a quoted name.
    Dataset quoted = ds::loadCsv(corpus("quoted-fields.csv"));
    QCOMPARE(quoted.featureNames, (std::vector<std::string> {"a", "b, with comma"}));
    QCOMPARE(quoted.features(0, 1), 2.0f);
    QCOMPARE(quoted.features(1, 1), 4.0f);
    // Lines of 3,000 features (about 12 kB each).
    Dataset wide = ds::loadCsv(corpus("long-lines.csv"));
    QCOMPARE(wide.inputDim(), 3000);
    QCOMPARE(wide.size(), Index(2));
    QCOMPARE(wide.numClasses, 2);
    QCOMPARE(wide.features(1, 2999), 0.5f);
}

void TestCsvCorpus::fiftyMegabytes()
{
    // Written here rather than kept in the repository: 50 MB of valid samples load, whole.
    QTemporaryDir dir;
    const std::filesystem::path path = std::filesystem::path(dir.path().toStdString()) / "big.csv";
    Index rows = 0;
    {
        std::ofstream out(path, std::ios::binary);
        out << "x1,x2,x3,x4,label\n";
        const std::string line[]
            = {"0.123456,-1.5,2.25,1e-3,0\n", "3.5,0.25,-0.75,42,1\n", "-2.5,1.125,0.5,-8,2\n"};
        for (std::streamoff written = 0; written < 50LL * 1024 * 1024; ++rows) {
            const std::string &text = line[rows % 3];
            out << text;
            written += std::streamoff(text.size());
        }
    }
    const Dataset big = ds::loadCsv(path);
    QCOMPARE(big.size(), rows);
    QCOMPARE(big.inputDim(), 4);
    QCOMPARE(big.numClasses, 3);
    QCOMPARE(big.features(rows - 1, 3), rows % 3 == 1 ? 1e-3f : rows % 3 == 2 ? 42.0f : -8.0f);
}

QTEST_APPLESS_MAIN(TestCsvCorpus)
#include "tst_csvcorpus.moc"
