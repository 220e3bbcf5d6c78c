// Every bundled lesson, run headlessly as the app runs it (the training worker, step after step):
// each check a step makes must pass on the live run. Also the lesson format's refusals.

#include "core/base/error.h"
#include "ui/lessons/lesson.h"
#include "ui/worker/trainingworker.h"

#include <QCoreApplication>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace moe;
using namespace moe::ui;

class TestLessons : public QObject
{
    Q_OBJECT

private slots:
    void everyLessonShowsItsEffects_data();
    void everyLessonShowsItsEffects();
    void badLessonsSayWhatIsWrong();
};

void TestLessons::everyLessonShowsItsEffects_data()
{
    QTest::addColumn<QString>("path");
    const QVector<Lesson> lessons = bundledLessons(QCoreApplication::applicationDirPath());
    QVERIFY(lessons.size() >= 7);
    for (const Lesson &lesson : lessons)
        QTest::newRow(qPrintable(lesson.title)) << lesson.path;
    // The custom lesson the docs show must work too.
    QTest::newRow("docs example") << QStringLiteral(MOELAB_SOURCE_DIR
                                                    "/docs/lessons/example-xor.json");
}

void TestLessons::everyLessonShowsItsEffects()
{
    QFETCH(QString, path);
    const Lesson lesson = loadLesson(path);
    TrainingWorker worker;
    ArenaSnapshot last;
    connect(&worker, &TrainingWorker::snapshotReady, [&](const ArenaSnapshot &s) { last = s; });
    QSignalSpy errors(&worker, &TrainingWorker::errorOccurred);
    Experiment experiment;
    worker.configure(experiment);
    for (const LessonStep &step : lesson.steps) {
        experiment = applyStep(experiment, step);
        worker.configure(experiment);
        if (step.reset)
            worker.reset();
        worker.trainFor(step.train);
        QCOMPARE(errors.count(), 0);
        if (!step.check)
            continue;
        const CheckOutcome outcome = evaluateCheck(*step.check, last);
        qInfo("%s / %s: %s", qPrintable(lesson.title), qPrintable(step.title),
              qPrintable(outcome.message));
        QVERIFY2(outcome.passed, qPrintable(step.title + QStringLiteral(": ") + outcome.message));
    }
}

void TestLessons::badLessonsSayWhatIsWrong()
{
    QTemporaryDir dir;
    const auto error = [&](const QByteArray &json) {
        const QString path = dir.filePath(QStringLiteral("bad.json"));
        QFile file(path);
        file.open(QIODevice::WriteOnly | QIODevice::Truncate);
        file.write(json);
        file.close();
        try {
            loadLesson(path);
        } catch (const DataError &e) {
            return QString::fromUtf8(e.what());
        }
        return QStringLiteral("(no error)");
    };
    const QByteArray head
        = R"({"format": "moelab-lesson", "version": 1, "title": "t", "summary": "s", )";
    QVERIFY(error(head + R"("steps": []})").contains("at least one step"));
    QVERIFY(error(head + R"("steps": [{"title": "a", "text": "b", "view": "nowhere"}]})")
                .contains("steps[0].view must be one of"));
    QVERIFY(
        error(
            head
            + R"("steps": [{"title": "a", "text": "b", "check": {"left": "moe.magic", "op": ">", "value": 1, "passed": "p", "failed": "f"}}]})")
            .contains("unknown metric 'moe.magic'"));
    QVERIFY(
        error(head + R"("steps": [{"title": "a", "text": "b", "set": {"moe": {"experts": 99}}}]})")
            .contains("moe.experts must be an integer from 1 to 64"));
}

QTEST_MAIN(TestLessons)
#include "tst_lessons.moc"
