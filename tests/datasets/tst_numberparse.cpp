// Locale-independent number parsing of CSV cells: what counts as a number, and which status a
// rejected cell gets (the loader turns each status into its own message).

#include "datasets/numberparse.h"

#include <QTest>
#include <string>

namespace ds = moe::datasets;

class TestNumberParse : public QObject
{
    Q_OBJECT

private slots:
    void numberParsing_data();
    void numberParsing();
};

void TestNumberParse::numberParsing_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("status"); // ds::NumberStatus
    QTest::addColumn<double>("value");
    const int ok = int(ds::NumberStatus::Ok);
    const int nan = int(ds::NumberStatus::NotANumber);
    QTest::newRow("integer") << "42" << ok << 42.0;
    QTest::newRow("padded") << " \t-3.25 " << ok << -3.25;
    QTest::newRow("plus") << "+0.5" << ok << 0.5;
    QTest::newRow("leading dot") << ".5" << ok << 0.5;
    QTest::newRow("exponent") << "1.5e-3" << ok << 1.5e-3;
    QTest::newRow("decimal comma") << "1,5" << nan << 0.0;
    QTest::newRow("trailing text") << "3kg" << nan << 0.0;
    QTest::newRow("two signs") << "+-1" << nan << 0.0;
    QTest::newRow("hex") << "0x1A" << nan << 0.0;
    QTest::newRow("only sign") << "-" << nan << 0.0;
    QTest::newRow("empty") << "" << nan << 0.0;
    QTest::newRow("word starting with inf") << "information" << nan << 0.0;
    QTest::newRow("infinity") << "-Infinity" << int(ds::NumberStatus::NotFinite) << 0.0;
    QTest::newRow("overflow") << "1e400" << int(ds::NumberStatus::OutOfRange) << 0.0;
    // A non-zero literal that a double cannot hold (0 or a denormal) is refused, never read as 0.
    const int under = int(ds::NumberStatus::Underflow);
    QTest::newRow("underflow is refused") << "1e-400" << under << 0.0;
    QTest::newRow("negative underflow") << "-2.5E-999" << under << 0.0;
    QTest::newRow("denormal is refused") << "1e-310" << under << 0.0;
    QTest::newRow("zero with a tiny exponent") << "0e-400" << ok << 0.0;
    QTest::newRow("smallest normal") << "2.2250738585072014e-308" << ok << 2.2250738585072014e-308;
}

void TestNumberParse::numberParsing()
{
    QFETCH(QString, text);
    QFETCH(int, status);
    QFETCH(double, value);
    const std::string utf8 = text.toStdString();
    const ds::ParsedNumber parsed = ds::parseNumber(utf8);
    QCOMPARE(int(parsed.status), status);
    if (parsed.status == ds::NumberStatus::Ok)
        QCOMPARE(parsed.value, value);
}

QTEST_APPLESS_MAIN(TestNumberParse)
#include "tst_numberparse.moc"
