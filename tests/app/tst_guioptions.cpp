// The desktop app's start-up settings are the settings tables' options: a value the CLI refuses,
// the app refuses too (exit status 2, a message naming the option and its range), where it used
// to clamp it or fall back to a default in silence.

#include <QProcess>
#include <QTest>

class TestGuiOptions : public QObject
{
    Q_OBJECT

private slots:
    void badStartSettingsAreRefused_data();
    void badStartSettingsAreRefused();
    void helpNeedsNoDisplay();
};

void TestGuiOptions::badStartSettingsAreRefused_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("experts past the range")
        << QStringList {"--experts", "257"} << "--experts expects a whole number from 1 to 256";
    QTest::newRow("expert width past the range")
        << QStringList {"--expert-hidden", "20000"}
        << "--expert-hidden expects a whole number from 1 to 16384";
    QTest::newRow("unknown router")
        << QStringList {"--router", "magic"}
        << "--router expects topk, switch, noisy-topk, expert-choice or aux-free";
    QTest::newRow("k above E") << QStringList {"--experts", "2", "--top-k", "4"}
                               << "--top-k 4 is more than the 2 experts";
    QTest::newRow("negative balance loss")
        << QStringList {"--balance-loss", "-1"} << "--balance-loss expects a number from 0 to 10";
    QTest::newRow("unknown view") << QStringList {"--view", "magic"} << "--view must be curves";
    QTest::newRow("capacity factor below the range")
        << QStringList {"--capacity-factor", "0.1"}
        << "--capacity-factor expects a number from 0.25 to 4";
    QTest::newRow("follow without a point")
        << QStringList {"--follow", "here"} << "--follow expects X,Y (two numbers)";
}

void TestGuiOptions::badStartSettingsAreRefused()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QProcess app;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    app.setProcessEnvironment(environment);
    app.start(QStringLiteral(MOELAB_GUI_PATH), arguments + QStringList {"--paused"});
    QVERIFY(app.waitForFinished(60000)); // refused at once: it never opens its window
    QCOMPARE(app.exitStatus(), QProcess::NormalExit);
    QCOMPARE(app.exitCode(), 2);
    const QByteArray err = app.readAllStandardError();
    QVERIFY2(err.contains(message.toUtf8()), err.constData());
}

void TestGuiOptions::helpNeedsNoDisplay()
{
    // No display and no platform chosen (over ssh, in a script): --help and --version still print.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
        environment.remove(QString::fromLatin1(name));
    for (const QString &option : {QStringLiteral("--help"), QStringLiteral("--version")}) {
        QProcess app;
        app.setProcessEnvironment(environment);
        app.start(QStringLiteral(MOELAB_GUI_PATH), {option});
        QVERIFY(app.waitForFinished(60000));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);
        const QByteArray out = app.readAllStandardOutput();
        QVERIFY2(out.contains(option == QLatin1String("--help") ? "--lesson" : "moelab"),
                 out.constData());
    }
}

QTEST_MAIN(TestGuiOptions)
#include "tst_guioptions.moc"
