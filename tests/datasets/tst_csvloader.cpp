// The strict CSV loader: what it accepts (and how it reads it), every way it refuses a file and
// what the message says, and the two shipped data files.

#include "core/base/error.h"
#include "datasets/csvloader.h"
#include "datasets/numberparse.h"
#include "testhelpers.h"

#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <locale>

using moe::Dataset;
using moe::Index;
using moe::Task;
using moe::testing::thrownMessage;
namespace ds = moe::datasets;

Q_DECLARE_METATYPE(moe::Task)

namespace {

Dataset parse(const QByteArray &text, const QString &labelColumn = {},
              Task task = Task::Classification)
{
    return ds::parseCsv(std::string_view(text.constData(), static_cast<std::size_t>(text.size())),
                        "test.csv", {labelColumn.toStdString(), task, {}});
}

std::filesystem::path tempPath(const QTemporaryDir &dir)
{
    return std::filesystem::path(dir.path().toStdString());
}

// A ',' decimal separator and '.' thousands grouping, as in a German locale.
struct CommaDecimal : std::numpunct<char>
{
    char do_decimal_point() const override { return ','; }
    char do_thousands_sep() const override { return '.'; }
    std::string do_grouping() const override { return "\3"; }
};

} // namespace

class TestCsvLoader : public QObject
{
    Q_OBJECT

private slots:
    void wellFormed_data();
    void wellFormed();
    void regression();
    void malformed_data();
    void malformed();
    void numbersIgnoreGlobalLocale();
    void fileErrors();
    void loadsFileWithStemAsName();
    void shippedDigits();
    void shippedIris();
};

void TestCsvLoader::wellFormed_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("labelColumn");
    QTest::addColumn<QStringList>("featureNames");
    QTest::addColumn<Index>("rows");
    QTest::addColumn<int>("classes");
    QTest::addColumn<float>("lastFeature"); // features(rows-1, cols-1)
    QTest::addColumn<int>("lastLabel");

    const QStringList ab {"a", "b"};
    QTest::newRow("plain") << QByteArray("a,b,label\n1,2,0\n3,4.5,1\n") << "" << ab << Index(2) << 2
                           << 4.5f << 1;
    QTest::newRow("no trailing newline")
        << QByteArray("a,b,label\n1,2,0\n3,4.5,1") << "" << ab << Index(2) << 2 << 4.5f << 1;
    QTest::newRow("trailing blank lines") << QByteArray("a,b,label\n1,2,0\n3,4.5,1\n\n  \n") << ""
                                          << ab << Index(2) << 2 << 4.5f << 1;
    QTest::newRow("UTF-8 BOM") << QByteArray("\xEF\xBB\xBF"
                                             "a,b,label\n1,2,0\n3,4.5,1\n")
                               << "" << ab << Index(2) << 2 << 4.5f << 1;
    QTest::newRow("CRLF") << QByteArray("a,b,label\r\n1,2,0\r\n3,4.5,1\r\n") << "" << ab << Index(2)
                          << 2 << 4.5f << 1;
    QTest::newRow("surrounding spaces") << QByteArray(" a , b ,label \n 1 ,\t2, 0\n3 , 4.5 ,1 \n")
                                        << "" << ab << Index(2) << 2 << 4.5f << 1;
    QTest::newRow("quoted fields and escaped quote")
        << QByteArray("\"a\",\"b \"\"x\"\", y\",\"label\"\n\"1\",2,\"0\"\n3, \"4.5\" ,1\n") << ""
        << QStringList {"a", "b \"x\", y"} << Index(2) << 2 << 4.5f << 1;
    QTest::newRow("integer-valued float labels")
        << QByteArray("a,b,label\n1,2,0.0\n3,4.5,1.0\n5,6,2e0\n") << "" << ab << Index(3) << 3
        << 6.0f << 2;
    QTest::newRow("named label column in the middle")
        << QByteArray("a,species,b\n1,1,2\n3,0,-4.5\n") << "species" << ab << Index(2) << 2 << -4.5f
        << 0;
    QTest::newRow("exponents and signs") << QByteArray("a,b,label\n-1e-3,+2,1\n.5,1.5E2,0\n") << ""
                                         << ab << Index(2) << 2 << 150.0f << 0;
    const QByteArray tenClasses("x,y\n0,0\n1,1\n2,2\n3,3\n4,4\n5,5\n6,6\n7,7\n8,8\n9,9\n");
    QTest::newRow("ten classes") << tenClasses << "" << QStringList {"x"} << Index(10) << 10 << 9.0f
                                 << 9;
}

void TestCsvLoader::wellFormed()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, labelColumn);
    QFETCH(QStringList, featureNames);
    QFETCH(Index, rows);
    QFETCH(int, classes);
    QFETCH(float, lastFeature);
    QFETCH(int, lastLabel);
    const Dataset data = parse(text, labelColumn);
    QCOMPARE(data.name, std::string("test"));
    QVERIFY(data.isClassification());
    QCOMPARE(data.size(), rows);
    QCOMPARE(data.inputDim(), static_cast<int>(featureNames.size()));
    QStringList names;
    for (const auto &name : data.featureNames)
        names << QString::fromStdString(name);
    QCOMPARE(names, featureNames);
    QCOMPARE(data.numClasses, classes);
    QCOMPARE(data.features(rows - 1, data.inputDim() - 1), lastFeature);
    QCOMPARE(data.labels.back(), lastLabel);
    QCOMPARE(data.labels.size(), static_cast<std::size_t>(rows));
}

void TestCsvLoader::regression()
{
    const Dataset data = parse("x1,x2,price\n1,2,-0.25\n3,4,1e3\n5,6,7.5\n", "", Task::Regression);
    QVERIFY(!data.isClassification());
    QCOMPARE(data.targets.rows(), Index(3));
    QCOMPARE(data.targets.cols(), Index(1));
    QCOMPARE(data.targets(0, 0), -0.25f);
    QCOMPARE(data.targets(1, 0), 1000.0f);
    QCOMPARE(data.features(2, 0), 5.0f);
    QCOMPARE(data.targetName, std::string("price"));
    QVERIFY(data.labels.empty());
    // A named target column; the remaining columns are features in file order.
    const Dataset named = parse("t,x1,x2\n0.5,1,2\n0.75,3,4\n", "t", Task::Regression);
    QCOMPARE(named.targets(1, 0), 0.75f);
    QCOMPARE(named.features(1, 1), 4.0f);
}

void TestCsvLoader::malformed_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("labelColumn");
    QTest::addColumn<Task>("task");
    QTest::addColumn<QStringList>("expected"); // all must appear in the message

    const Task cls = Task::Classification;
    QTest::newRow("empty") << QByteArray() << "" << cls << QStringList {"test.csv", "empty"};
    QTest::newRow("only whitespace")
        << QByteArray(" \n\r\n") << "" << cls << QStringList {"test.csv", "empty"};
    QTest::newRow("header only") << QByteArray("a,b,label\n") << "" << cls
                                 << QStringList {"test.csv", "no samples"};
    QTest::newRow("ragged short") << QByteArray("a,b,label\n1,2,0\n1,0\n") << "" << cls
                                  << QStringList {"test.csv", "line 3", "expected 3 fields",
                                                  "found 2"};
    QTest::newRow("ragged long") << QByteArray("a,b,label\n1,2,0,7\n") << "" << cls
                                 << QStringList {"line 2", "expected 3 fields", "found 4"};
    QTest::newRow("non-numeric") << QByteArray("a,b,label\n1,2,0\n1,abc,1\n") << "" << cls
                                 << QStringList {"test.csv", "line 3", "column 2", "(\"b\")",
                                                 "\"abc\" is not a number"};
    QTest::newRow("decimal comma (quoted)")
        << QByteArray("a,b,label\n1,\"2,5\",0\n") << "" << cls
        << QStringList {"line 2", "column 2", "\"2,5\" is not a number"};
    QTest::newRow("long cell is truncated")
        << QByteArray("a,label\n" + QByteArray(100, 'z') + ",0\n") << "" << cls
        << QStringList {"line 2", "column 1", "(\"a\")", "\"" + QString(29, 'z') + "...\"",
                        "is not a number"};
    QTest::newRow("NaN") << QByteArray("a,b,label\n1,NaN,0\n") << "" << cls
                         << QStringList {"line 2", "column 2", "\"NaN\"", "not a finite number"};
    QTest::newRow("-inf") << QByteArray("a,b,label\n-inf,1,0\n") << "" << cls
                          << QStringList {"line 2", "column 1", "not a finite number"};
    QTest::newRow("overflow") << QByteArray("a,b,label\n1,1e999,0\n") << "" << cls
                              << QStringList {"line 2", "column 2", "out of range"};
    QTest::newRow("beyond float") << QByteArray("a,b,label\n1,1e39,0\n") << "" << cls
                                  << QStringList {"line 2", "column 2", "too large"};
    QTest::newRow("empty cell") << QByteArray("a,b,label\n1,2,0\n3,,1\n") << "" << cls
                                << QStringList {"line 3", "column 2", "(\"b\")", "empty cell"};
    QTest::newRow("empty quoted cell")
        << QByteArray("a,b,label\n\"\",2,0\n") << "" << cls
        << QStringList {"line 2", "column 1", "(\"a\")", "empty cell"};
    QTest::newRow("empty label cell")
        << QByteArray("a,b,label\n1,2,\n") << "" << cls
        << QStringList {"line 2", "column 3", "(\"label\")", "empty cell"};
    QTest::newRow("blank line inside") << QByteArray("a,b,label\n1,2,0\n\n3,4,1\n") << "" << cls
                                       << QStringList {"line 3", "blank line"};
    QTest::newRow("unknown label column")
        << QByteArray("a,b,label\n1,2,0\n") << "target" << cls
        << QStringList {"no column named \"target\"", "\"a\", \"b\", \"label\""};
    QTest::newRow("duplicate header")
        << QByteArray("a,b,a,label\n1,2,3,0\n") << "" << cls
        << QStringList {"line 1", "column 3", "duplicate column name \"a\"", "also column 1"};
    QTest::newRow("empty header name") << QByteArray("a,,label\n1,2,0\n") << "" << cls
                                       << QStringList {"line 1", "column 2", "empty column name"};
    QTest::newRow("no feature column")
        << QByteArray("label\n0\n1\n") << "" << cls
        << QStringList {"line 1", "only one column", "at least one feature column"};
    QTest::newRow("label gap") << QByteArray("a,label\n1,0\n2,1\n3,3\n") << "" << cls
                               << QStringList {"test.csv", "column 2", "(\"label\")",
                                               "class 2 has no samples"};
    QTest::newRow("no class 0") << QByteArray("a,label\n1,1\n2,2\n") << "" << cls
                                << QStringList {"class 0 has no samples"};
    QTest::newRow("one class") << QByteArray("a,label\n1,0\n2,0\n") << "" << cls
                               << QStringList {"column 2", "only one class (0)"};
    QTest::newRow("fractional label")
        << QByteArray("a,b,label\n1,2,0\n3,4,2.5\n") << "" << cls
        << QStringList {"line 3", "column 3", "(\"label\")", "\"2.5\" is not a class id",
                        "non-negative integers"};
    QTest::newRow("negative label")
        << QByteArray("a,b,label\n1,2,-1\n3,4,0\n") << "" << cls
        << QStringList {"line 2", "column 3", "\"-1\" is not a class id"};
    QTest::newRow("huge class id") << QByteArray("a,label\n1,0\n2,5000\n") << "" << cls
                                   << QStringList {"line 3", "column 2", "above the limit"};
    QTest::newRow("text label") << QByteArray("a,label\n1,setosa\n") << "" << cls
                                << QStringList {"line 2", "column 2", "\"setosa\" is not a number"};
    QTest::newRow("semicolon-separated")
        << QByteArray("a;b;label\n1,5;2;0\n") << "" << cls
        << QStringList {"test.csv", "line 1",
                        "looks semicolon-separated; MoE Lab reads comma-separated files"};
    QTest::newRow("tab-separated") << QByteArray("a\tb\tlabel\n1\t2\t0\n") << "" << cls
                                   << QStringList {"line 1", "looks tab-separated"};
    QTest::newRow("semicolon data row")
        << QByteArray("a,b,label\n1;2;0\n") << "" << cls
        << QStringList {"line 2", "expected 3 fields", "found 1", "semicolon-separated"};
    QTest::newRow("unterminated quote")
        << QByteArray("a,b,label\n1,2,0\n3,\"4,1\n5,6,0\n") << "" << cls
        << QStringList {"line 3", "column 2", "never closed"};
    QTest::newRow("quote inside unquoted field")
        << QByteArray("a,b,label\n1,2\"3,0\n") << "" << cls
        << QStringList {"line 2", "column 2", "double quote inside an unquoted field"};
    QTest::newRow("text after closing quote")
        << QByteArray("a,b,label\n1,\"2\"3,0\n") << "" << cls
        << QStringList {"line 2", "column 2", "after a closing double quote"};
    QTest::newRow("line count after quoted line break")
        << QByteArray("\"a\nwith break\",label\n1,0\nx,1\n") << "" << cls
        << QStringList {"line 4", "column 1", "\"x\" is not a number"};
    QTest::newRow("line count with CRLF") << QByteArray("a,label\r\n1,0\r\n2,1\r\nx,1\r\n") << ""
                                          << cls << QStringList {"line 4", "column 1", "\"x\""};
    QTest::newRow("UTF-16") << QByteArray("\xFF\xFE"
                                          "a\0,\0")
                            << "" << cls << QStringList {"UTF-16"};
    QTest::newRow("regression non-numeric target")
        << QByteArray("a,y\n1,0.5\n2,high\n") << "" << Task::Regression
        << QStringList {"line 3", "column 2", "(\"y\")", "\"high\" is not a number"};
    QTest::newRow("regression infinite target")
        << QByteArray("a,y\n1,0.5\n2,inf\n") << "" << Task::Regression
        << QStringList {"line 3", "column 2", "not a finite number"};
}

void TestCsvLoader::malformed()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, labelColumn);
    QFETCH(Task, task);
    QFETCH(QStringList, expected);
    const QString message = thrownMessage<moe::DataError>([&] { parse(text, labelColumn, task); });
    for (const QString &part : expected)
        QVERIFY2(message.contains(part), qPrintable(message + "\n  lacks: " + part));
}

void TestCsvLoader::numbersIgnoreGlobalLocale()
{
    // With a global locale whose decimal point is ',', "1.5" must still be one and a half.
    const std::locale previous
        = std::locale::global(std::locale(std::locale::classic(), new CommaDecimal));
    const Dataset data = parse("a,label\n1.5,0\n2.25,1\n");
    const ds::ParsedNumber grouped = ds::parseNumber("1.500");
    std::locale::global(previous);
    QCOMPARE(data.features(0, 0), 1.5f);
    QCOMPARE(data.features(1, 0), 2.25f);
    QCOMPARE(grouped.value, 1.5);
}

void TestCsvLoader::fileErrors()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::filesystem::path missing = tempPath(dir) / "missing.csv";
    QString message = thrownMessage<moe::DataError>([&] { ds::loadCsv(missing); });
    QVERIFY2(message.contains("missing.csv") && message.contains("file not found"),
             qPrintable(message));
    message = thrownMessage<moe::DataError>([&] { ds::loadCsv(tempPath(dir)); });
    QVERIFY2(message.contains("is a directory"), qPrintable(message));

    const std::filesystem::path empty = tempPath(dir) / "empty.csv";
    std::ofstream(empty).close();
    message = thrownMessage<moe::DataError>([&] { ds::loadCsv(empty); });
    QVERIFY2(message.contains("empty.csv") && message.contains("empty"), qPrintable(message));
}

void TestCsvLoader::loadsFileWithStemAsName()
{
    QTemporaryDir dir;
    const std::filesystem::path path = tempPath(dir) / "my_points.csv";
    std::ofstream(path, std::ios::binary) << "u,v,class\r\n0.5,1,1\r\n-2,3,0\r\n";
    const Dataset data = ds::loadCsv(path, {"class", Task::Classification, {}});
    QCOMPARE(data.name, std::string("my_points"));
    QCOMPARE(data.size(), Index(2));
    QCOMPARE(data.features(1, 0), -2.0f);
    QCOMPARE(data.targetName, std::string("class"));

    // A bad cell in a file names the file path, line and column.
    const std::filesystem::path bad = tempPath(dir) / "bad.csv";
    std::ofstream(bad, std::ios::binary) << "u,v,class\n0.5,1,1\n-2,?,0\n";
    const QString message = thrownMessage<moe::DataError>([&] { ds::loadCsv(bad); });
    QVERIFY2(
        message.startsWith(QString::fromStdString(bad.string()) + ", line 3, column 2 (\"v\")"),
        qPrintable(message));
}

void TestCsvLoader::shippedDigits()
{
    const Dataset data = ds::loadCsv(std::filesystem::path(MOELAB_TEST_DATA_DIR) / "digits.csv");
    QCOMPARE(data.name, std::string("digits"));
    QCOMPARE(data.size(), Index(1797));
    QCOMPARE(data.inputDim(), 64);
    QCOMPARE(data.numClasses, 10);
    for (Index count : data.classCounts())
        QVERIFY(count >= 170 && count <= 190); // 174..183 per digit
    QCOMPARE(data.features.minCoeff(), 0.0f);
    QCOMPARE(data.features.maxCoeff(), 16.0f);
    QCOMPARE(data.featureNames.front(), std::string("p0"));
}

void TestCsvLoader::shippedIris()
{
    const Dataset data = ds::loadCsv(std::filesystem::path(MOELAB_TEST_DATA_DIR) / "iris.csv");
    QCOMPARE(data.size(), Index(150));
    QCOMPARE(data.inputDim(), 4);
    QCOMPARE(data.numClasses, 3);
    QCOMPARE(data.classCounts(), (std::vector<Index> {50, 50, 50}));
    QCOMPARE(data.features(0, 0), 5.1f);
    QCOMPARE(data.features(0, 3), 0.2f);
    QCOMPARE(data.featureNames.back(), std::string("petal_width"));
}

QTEST_APPLESS_MAIN(TestCsvLoader)
#include "tst_csvloader.moc"
