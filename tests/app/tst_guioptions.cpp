// The desktop app's start-up settings are the settings tables' options: a value the CLI refuses,
// the app refuses too (exit status 2, a message naming the option and its range), where it used
// to clamp it or fall back to a default in silence.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestGuiOptions : public QObject
{
    Q_OBJECT

private slots:
    void badStartSettingsAreRefused_data();
    void badStartSettingsAreRefused();
    void helpNeedsNoDisplay();
    void lessonsFolderEmptyOrBroken();
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
    // The app's own options (app/gui/startoptions.h): a huge window crashed, a negative delay
    // hung, a lesson out of range was ignored.
    QTest::newRow("huge window") << QStringList {"--size", "100000x100000"}
                                 << "--size expects WxH, a width from 320 to 7680";
    QTest::newRow("size without x") << QStringList {"--size", "1280"} << "got '1280'";
    QTest::newRow("negative delay") << QStringList {"--after", "-5", "--screenshot", "x.png"}
                                    << "--after expects a number from 0 to 86400, got '-5'";
    QTest::newRow("lesson 0") << QStringList {"--lesson", "0"}
                              << "--lesson expects a whole number from 1 to 12, got '0'";
    QTest::newRow("lesson 99") << QStringList {"--lesson", "99"} << "got '99'";
    QTest::newRow("lesson abc") << QStringList {"--lesson", "abc"} << "got 'abc'";
    QTest::newRow("lesson step past the end")
        << QStringList {"--lesson", "2", "--lesson-step", "40"}
        << "--lesson-step 40: lesson 2 has 2 steps";
    QTest::newRow("sweep too short")
        << QStringList {"--sweep", "5"} << "--sweep expects a whole number from 100 to 50000";
    QTest::newRow("unknown theme")
        << QStringList {"--theme", "blue"} << "--theme must be light or dark";
    QTest::newRow("learning rate past the range")
        << QStringList {"--lr", "1000"} << "--lr expects a number from 0.0001 to 100";
}

// The app from a copy whose lessons folder is empty, or holds one good and one broken lesson:
// --lesson crashed in LessonPanel::setUpStep with none; one bad file hid all of them.
void TestGuiOptions::lessonsFolderEmptyOrBroken()
{
    QTemporaryDir prefix;
    QVERIFY(QDir(prefix.path()).mkpath(QStringLiteral("bin")));
    QVERIFY(QDir(prefix.path()).mkpath(QStringLiteral("share/moelab/lessons")));
    const QString app = prefix.filePath(QStringLiteral("bin/moelab"));
    QVERIFY(QFile::copy(QStringLiteral(MOELAB_GUI_PATH), app));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), prefix.filePath(QStringLiteral("cfg")));
    const auto run = [&](const QStringList &arguments, QByteArray *err) {
        QProcess process;
        process.setProcessEnvironment(environment);
        process.setWorkingDirectory(prefix.path());
        process.start(app, arguments);
        if (!process.waitForFinished(120000)) {
            process.kill();
            return -1;
        }
        *err = process.readAllStandardError();
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    };
    QByteArray err;
    QCOMPARE(run({"--lesson", "1", "--paused"}, &err), 2);
    QVERIFY2(err.contains("--lesson: no lesson could be read: the lessons folder")
                 && err.contains("holds no lesson"),
             err.constData());

    const QString lessons = prefix.filePath(QStringLiteral("share/moelab/lessons/"));
    QVERIFY(QFile::copy(QStringLiteral(MOELAB_SOURCE_DIR "/lessons/02-router.json"),
                        lessons + QStringLiteral("01-good.json")));
    QFile bad(lessons + QStringLiteral("02-bad.json"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write(R"({"format": "moelab-lesson", "version": 1, "title": "x"})");
    bad.close();
    QCOMPARE(run({"--lesson", "2", "--paused"}, &err), 2);
    QVERIFY2(err.contains("from 1 to 1") && err.contains("02-bad.json.summary is missing"),
             err.constData());
    // The good lesson opens, sets up and the window is saved: no crash.
    QCOMPARE(run({"--lesson", "1", "--screenshot", "shot.png", "--after", "1"}, &err), 0);
    QVERIFY(QFileInfo(prefix.filePath(QStringLiteral("shot.png"))).size() > 0);
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
