// The CSV loader against hostile input (issue 17): only regular files are read (a FIFO, a device,
// a directory or a symbolic link loop is refused by name, without hanging), files above the size
// limit are refused with the limit in the message, a header of a million columns is checked in
// linear time, numbers a float cannot hold are refused (never read as 0), a header must be UTF-8,
// a message never lists thousands of columns, and a load reports its progress and can be
// cancelled.

#include "core/base/error.h"
#include "core/base/userfile.h"
#include "datasets/csvloader.h"
#include "testhelpers.h"

#include <QTemporaryDir>
#include <QTest>
#include <atomic>
#include <chrono>
#include <fcntl.h>
#include <fstream>
#include <future>
#include <sys/stat.h>
#include <unistd.h>

using moe::Dataset;
using moe::Index;
using moe::testing::thrownMessage;
namespace ds = moe::datasets;
namespace fs = std::filesystem;

namespace {

fs::path tempPath(const QTemporaryDir &dir)
{
    return fs::path(dir.path().toStdString());
}

QString loadMessage(const fs::path &path)
{
    return thrownMessage<moe::DataError>([&] { ds::loadCsv(path); });
}

Dataset parse(const std::string &text, const std::string &labelColumn = {})
{
    return ds::parseCsv(text, "test.csv", {labelColumn, moe::Task::Classification, {}});
}

QString parseMessage(const std::string &text, const std::string &labelColumn = {})
{
    return thrownMessage<moe::DataError>([&] { parse(text, labelColumn); });
}

// "c1,c2,...,cN" (and a line break).
std::string header(int columns)
{
    std::string text;
    for (int c = 1; c <= columns; ++c)
        text += (c > 1 ? ",c" : "c") + std::to_string(c);
    return text + '\n';
}

} // namespace

class TestCsvLimits : public QObject
{
    Q_OBJECT

private slots:
    void fifoIsRefusedWithoutHanging();
    void devicesAreRefused_data();
    void devicesAreRefused();
    void directoryAndSymlinkLoop();
    void fileAboveTheLimitIsRefused();
    void millionColumnHeader();
    void tinyNumbersAreRefused_data();
    void tinyNumbersAreRefused();
    void headerMustBeUtf8();
    void missingLabelColumnMessageIsCapped();
    void quotedNamesInOneRow();
    void progressAndCancel();
};

void TestCsvLimits::fifoIsRefusedWithoutHanging()
{
    QTemporaryDir dir;
    const fs::path fifo = tempPath(dir) / "data.csv";
    QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
    // Before the fix the open blocked for a writer: the load runs on another thread, and if it
    // has not returned after a while, a writer is opened (and closed) to release it.
    auto load = std::async(std::launch::async, [&] { return loadMessage(fifo); });
    if (load.wait_for(std::chrono::seconds(20)) != std::future_status::ready) {
        const int writer = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
        if (writer >= 0)
            ::close(writer);
        load.wait();
        QFAIL("loading a FIFO blocked");
    }
    const QString message = load.get();
    QVERIFY2(message.contains("data.csv is a named pipe (FIFO), not a regular file"),
             qPrintable(message));
}

void TestCsvLimits::devicesAreRefused_data()
{
    QTest::addColumn<QString>("device");
    QTest::newRow("/dev/zero") << "/dev/zero";
    QTest::newRow("/dev/urandom") << "/dev/urandom";
    QTest::newRow("/dev/null") << "/dev/null";
}

void TestCsvLimits::devicesAreRefused()
{
    QFETCH(QString, device);
    QTemporaryDir dir;
    const fs::path link = tempPath(dir) / "zeros.csv";
    fs::create_symlink(device.toStdString(), link);
    const QString message = loadMessage(link);
    QVERIFY2(message.contains("zeros.csv (a link to " + device
                              + ") is a character device, not a "
                                "regular file"),
             qPrintable(message));
    // The device itself, named directly.
    QVERIFY(loadMessage(device.toStdString()).contains("is a character device"));
}

void TestCsvLimits::directoryAndSymlinkLoop()
{
    QTemporaryDir dir;
    const fs::path folder = tempPath(dir) / "folder.csv";
    fs::create_directory(folder);
    QString message = loadMessage(folder);
    QVERIFY2(message.contains("folder.csv is a directory, not a regular file"),
             qPrintable(message));

    const fs::path a = tempPath(dir) / "a.csv", b = tempPath(dir) / "b.csv";
    fs::create_symlink(b, a);
    fs::create_symlink(a, b);
    message = loadMessage(a);
    QVERIFY2(message.contains("a.csv: too many levels of symbolic links"), qPrintable(message));
    QVERIFY2(!message.contains("not found"), qPrintable(message));

    const fs::path dangling = tempPath(dir) / "dangling.csv";
    fs::create_symlink(tempPath(dir) / "nowhere.csv", dangling);
    QVERIFY(loadMessage(dangling).contains("dangling.csv: file not found"));
}

void TestCsvLimits::fileAboveTheLimitIsRefused()
{
    QTemporaryDir dir;
    const fs::path big = tempPath(dir) / "big.csv";
    std::ofstream(big) << "a,label\n1,0\n2,1\n";
    fs::resize_file(big, moe::kMaxCsvFileBytes + 1); // sparse: no disk space used
    const QString message = loadMessage(big);
    QVERIFY2(message.contains("big.csv: is 512.0 MiB; MoE Lab reads files of at most 512 MiB "
                              "(536,870,912 bytes)"),
             qPrintable(message));
}

void TestCsvLimits::millionColumnHeader()
{
    // A duplicate found by a hash set: an O(n^2) scan of 10^6 names would take about half an
    // hour (10^5 took 15 s), past the test's time limit.
    constexpr int kColumns = 1'000'000;
    std::string text = header(kColumns);
    const std::string duplicate = text;
    std::string row;
    for (int c = 1; c <= kColumns; ++c)
        row += c == kColumns ? "1\n" : "0.5,";
    const Dataset data = parse(text + row + row.substr(0, row.size() - 2) + "0\n");
    QCOMPARE(data.inputDim(), kColumns - 1);
    QCOMPARE(data.featureNames[123456], std::string("c123457"));
    QCOMPARE(data.numClasses, 2);

    // The last column named like the 3rd: the message names both, with the right numbers.
    std::string dup = duplicate;
    dup.replace(dup.rfind(",c1000000"), 9, ",c3");
    const QString message = parseMessage(dup + row);
    QVERIFY2(message.contains("line 1, column 1000000: duplicate column name \"c3\" "
                              "(also column 3)"),
             qPrintable(message));
}

void TestCsvLimits::tinyNumbersAreRefused_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<QString>("expected");
    QTest::newRow("double underflow") << "1e-400"
                                      << "\"1e-400\" is too small for a double";
    QTest::newRow("negative underflow") << "-2.5e-999"
                                        << "\"-2.5e-999\" is too small";
    QTest::newRow("double denormal") << "1e-310"
                                     << "\"1e-310\" is too small";
    QTest::newRow("float denormal") << "1e-40"
                                    << "\"1e-40\" is too small (below single";
    QTest::newRow("zero with a tiny exponent") << "0e-400"
                                               << "";
    QTest::newRow("smallest normal float") << "1.2e-38"
                                           << "";
}

void TestCsvLimits::tinyNumbersAreRefused()
{
    QFETCH(QString, cell);
    QFETCH(QString, expected);
    const std::string text = "a,b,label\n1,2,0\n3," + cell.toStdString() + ",1\n";
    if (expected.isEmpty()) {
        QCOMPARE(parse(text).features(1, 1), float(cell.toDouble()));
        return;
    }
    const QString message = parseMessage(text);
    QVERIFY2(message.contains("test.csv, line 3, column 2 (\"b\"): " + expected),
             qPrintable(message));
}

void TestCsvLimits::headerMustBeUtf8()
{
    QString message = parseMessage("a,b\xFFz,label\n1,2,0\n3,4,1\n");
    QVERIFY2(message.contains("test.csv, line 1, column 2: the header is not valid UTF-8 (byte "
                              "0xFF at byte offset 3 of the file)"),
             qPrintable(message));
    // Offsets count the byte-order mark; an overlong form and a lone continuation byte count
    // as invalid too.
    message = parseMessage("\xEF\xBB\xBF"
                           "a,b,\xC0\xAFlabel\n1,2,0\n3,4,1\n");
    QVERIFY2(message.contains("column 3: the header is not valid UTF-8 (byte 0xC0 at byte "
                              "offset 7 of the file)"),
             qPrintable(message));
    QVERIFY(parseMessage("\x80,b\n1,0\n2,1\n").contains("column 1: the header is not valid"));
    // Valid multi-byte names are kept as they are.
    const Dataset data = parse("längd,größe,klass\n1,2,0\n3,4,1\n");
    QCOMPARE(data.featureNames[1], std::string("größe"));
}

void TestCsvLimits::missingLabelColumnMessageIsCapped()
{
    const std::string text = header(10'000) + "1" + std::string(9'999, ',') + "\n";
    const QString message = parseMessage(text, "target");
    QVERIFY2(message.contains("no column named \"target\" for the label; the 10,000 columns are "
                              "\"c1\", \"c2\""),
             qPrintable(message.left(300)));
    QVERIFY2(message.endsWith("\"c10\" ... and 9,990 more"), qPrintable(message.right(300)));
    QVERIFY(message.size() < 300);
}

void TestCsvLimits::quotedNamesInOneRow()
{
    // Several unquoted fields in one row: each keeps its own text (no buffer shared by columns).
    const Dataset data = parse("\"a\"\"1\",\"b\nline\",\"c\"\"3\",label\n1,2,3,0\n4,5,6,1\n");
    QCOMPARE(data.featureNames, (std::vector<std::string> {"a\"1", "b\nline", "c\"3"}));
    QCOMPARE(data.features(1, 2), 6.0f);
}

void TestCsvLimits::progressAndCancel()
{
    // About 4 MiB: a report after every megabyte, fractions rising to at most 1.
    std::string text = "a,b,label\n";
    for (int i = 0; text.size() < (4u << 20); ++i)
        text += std::to_string(i) + ".25,-" + std::to_string(i) + ".5," + std::to_string(i % 2)
            + '\n';
    std::vector<double> fractions;
    ds::CsvOptions options;
    options.progress.report = [&](double f) { fractions.push_back(f); };
    const Dataset data = ds::parseCsv(text, "big.csv", options);
    QVERIFY(data.size() > 100'000);
    QVERIFY2(fractions.size() >= 3, qPrintable(QString::number(fractions.size())));
    QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
    QVERIFY(fractions.front() > 0.0 && fractions.back() <= 1.0);

    // Cancel (set from the progress callback here; from the UI thread in the app): Cancelled.
    std::atomic<bool> cancel {false};
    int reports = 0;
    options.progress.report = [&](double) {
        ++reports;
        cancel = true;
    };
    options.progress.cancel = &cancel;
    const QString message
        = thrownMessage<moe::Cancelled>([&] { ds::parseCsv(text, "big.csv", options); });
    QCOMPARE(message, QStringLiteral("big.csv: loading cancelled"));
    QCOMPARE(reports, 1); // stopped at the next check
}

QTEST_APPLESS_MAIN(TestCsvLimits)
#include "tst_csvlimits.moc"
