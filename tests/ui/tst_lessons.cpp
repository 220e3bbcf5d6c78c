// Every bundled lesson, run headlessly as the app runs it (the training worker, step after step):
// each check a step makes must pass on the live run. Also the lesson format's refusals.

#include "core/base/error.h"
#include "ui/lessons/lesson.h"
#include "ui/text/textworker.h"
#include "ui/worker/trainingworker.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

using namespace moe;
using namespace moe::ui;

class TestLessons : public QObject
{
    Q_OBJECT

private slots:
    void everyLessonShowsItsEffects_data();
    void everyLessonShowsItsEffects();
    void badLessonsSayWhatIsWrong();
    void textLessonsPatchTheTextArena();
    void bundledLessonsAreFoundBesideTheProgram();

private:
    void runTextLesson(const Lesson &lesson, int seed);
};

void TestLessons::everyLessonShowsItsEffects_data()
{
    // Every claim a lesson makes must hold for three seeds (data, initial weights and batches).
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("seed");
    // CTest runs one seed per process (MOELAB_LESSON_SEED, tests/ui/CMakeLists.txt); run by hand
    // without it, all three.
    const int only = qEnvironmentVariableIntValue("MOELAB_LESSON_SEED");
    const QVector<Lesson> lessons = bundledLessons(QCoreApplication::applicationDirPath());
    QVERIFY(lessons.size() >= 8);
    for (const Lesson &lesson : lessons)
        for (int seed = 1; seed <= 3; ++seed)
            if (only == 0 || only == seed)
                QTest::addRow("%s, seed %d", qPrintable(lesson.title), seed) << lesson.path << seed;
    if (only > 1)
        return;
    // The custom lesson the docs show must work too.
    QTest::newRow("docs example") << QStringLiteral(MOELAB_SOURCE_DIR
                                                    "/docs/lessons/example-xor.json")
                                  << 1;
}

void TestLessons::everyLessonShowsItsEffects()
{
    // As the app runs a lesson: each step from the defaults with this seed, its patches and the
    // ones before it, fresh models, its training, then its checks on the last snapshot (with the
    // step before's last snapshot for "before." comparisons).
    QFETCH(QString, path);
    QFETCH(int, seed);
    const Lesson lesson = loadLesson(path);
    if (lesson.text) {
        runTextLesson(lesson, seed);
        return;
    }
    TrainingWorker worker;
    ArenaSnapshot last;
    connect(&worker, &TrainingWorker::snapshotReady, [&](const ArenaSnapshot &s) { last = s; });
    QSignalSpy errors(&worker, &TrainingWorker::errorOccurred);
    std::optional<ArenaSnapshot> before;
    for (int i = 0; i < lesson.steps.size(); ++i) {
        const LessonStep &step = lesson.steps[i];
        const Experiment experiment = stepExperiment(lesson, i, std::uint64_t(seed));
        QCOMPARE(experiment.stepBudget, step.train);
        worker.configure(experiment);
        worker.reset();
        worker.trainFor(step.train);
        QCOMPARE(errors.count(), 0);
        QCOMPARE(last.step, step.train);
        if (!step.checks.isEmpty()) {
            const CheckOutcome outcome = evaluateChecks(step, last, before ? &*before : nullptr);
            qInfo("%s / %s / seed %d: %s", qPrintable(lesson.title), qPrintable(step.title), seed,
                  qPrintable(outcome.message));
            QVERIFY2(outcome.passed,
                     qPrintable(step.title + QStringLiteral(": ") + outcome.message));
        }
        before = last;
    }
}

void TestLessons::runTextLesson(const Lesson &lesson, int seed)
{
    // As the app runs a text lesson: the Text arena's worker, each step from the text demo with
    // this seed and the patches up to it, fresh models, its training, then its checks.
    TextWorker worker;
    TextSnapshot last;
    connect(&worker, &TextWorker::snapshotReady, [&](const TextSnapshot &s) { last = s; });
    QSignalSpy errors(&worker, &TextWorker::errorOccurred);
    std::optional<TextSnapshot> before;
    for (int i = 0; i < lesson.steps.size(); ++i) {
        const LessonStep &step = lesson.steps[i];
        const TextExperiment experiment = textStepExperiment(lesson, i, std::uint64_t(seed));
        QCOMPARE(qint64(experiment.stepBudget), step.train);
        worker.configure(experiment);
        worker.reset();
        worker.trainFor(step.train);
        QCOMPARE(errors.count(), 0);
        QCOMPARE(last.step, step.train);
        if (!step.checks.isEmpty()) {
            const CheckOutcome outcome
                = evaluateTextChecks(step, last, before ? &*before : nullptr);
            qInfo("%s / %s / seed %d: %s", qPrintable(lesson.title), qPrintable(step.title), seed,
                  qPrintable(outcome.message));
            QVERIFY2(outcome.passed,
                     qPrintable(step.title + QStringLiteral(": ") + outcome.message));
        }
        before = last;
    }
}

// <bin>/../share/moelab/lessons, the installed layout that the build tree mirrors; a lessons
// folder next to the program (the old build layout) or in the source tree is not looked at.
void TestLessons::bundledLessonsAreFoundBesideTheProgram()
{
    const QString bundled = QStringLiteral(MOELAB_SOURCE_DIR "/lessons/01-dense.json");
    QTemporaryDir prefix;
    QVERIFY(QDir(prefix.path()).mkpath(QStringLiteral("bin/lessons")));
    QVERIFY(QDir(prefix.path()).mkpath(QStringLiteral("share/moelab/lessons")));
    QVERIFY(QFile::copy(bundled, prefix.filePath(QStringLiteral("share/moelab/lessons/a.json"))));
    const QVector<Lesson> lessons = bundledLessons(prefix.filePath(QStringLiteral("bin")));
    QCOMPARE(lessons.size(), 1);
    QCOMPARE(lessons[0].title, loadLesson(bundled).title);

    QTemporaryDir bare;
    QVERIFY(QDir(bare.path()).mkpath(QStringLiteral("bin/lessons")));
    QVERIFY(QFile::copy(bundled, bare.filePath(QStringLiteral("bin/lessons/a.json"))));
    try {
        bundledLessons(bare.filePath(QStringLiteral("bin")));
        QFAIL("found lessons where none are installed");
    } catch (const DataError &e) {
        QCOMPARE(QString::fromUtf8(e.what()),
                 QStringLiteral("cannot find the MoE Lab lessons folder; searched:\n  ")
                     + bare.filePath(QStringLiteral("share/moelab/lessons")));
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
        error(head + R"("steps": [{"title": "a", "text": "b", "set": {"moe": {"experts": 999}}}]})")
            .contains("moe.experts must be an integer from 1 to 256"));
    const QByteArray check
        = R"({"left": "before.moe.loadCv", "op": ">", "value": 1, "passed": "p", "failed": "f"})";
    QVERIFY(error(head + R"("steps": [{"title": "a", "text": "b", "train": 5, "check": )" + check
                  + "}]}")
                .contains("steps[0].check.left 'before.moe.loadCv' compares with the step "
                          "before, and the first step has none"));
    QVERIFY(error(head + R"("steps": [{"title": "a", "text": "b", "train": 5}, )"
                  + R"({"title": "c", "text": "d", "checks": [)" + check + "]}]}")
                .contains("steps[1].train must be at least 1 in a step that checks"));
    QVERIFY(
        error(
            head + R"("steps": [{"title": "a", "text": "b", "train": 5}, )"
            + R"({"title": "c", "text": "d", "train": 5, "checks": [{"left": "step", "op": "=="}]}]})")
            .contains("steps[1].checks[0].op must be one of"));
}

void TestLessons::textLessonsPatchTheTextArena()
{
    QTemporaryDir dir;
    const auto write = [&](const QByteArray &json) {
        const QString path = dir.filePath(QStringLiteral("text.json"));
        QFile file(path);
        file.open(QIODevice::WriteOnly | QIODevice::Truncate);
        file.write(json);
        file.close();
        return path;
    };
    const auto error = [&](const QByteArray &json) {
        try {
            loadLesson(write(json));
        } catch (const DataError &e) {
            return QString::fromUtf8(e.what());
        }
        return QStringLiteral("(no error)");
    };
    const QByteArray head = R"({"format": "moelab-lesson", "version": 1, "title": "t", )"
                            R"("summary": "s", "arena": "text", )";
    // Text metrics and views in a text lesson; the 2-D arena's are unknown there.
    QVERIFY(error(head + R"("steps": [{"title": "a", "text": "b", "train": 5, "check": )"
                  + R"({"left": "moe.testAccuracy", "op": ">", "value": 1, "passed": "p", )"
                  + R"("failed": "f"}}]})")
                .contains("unknown metric 'moe.testAccuracy'"));
    QVERIFY(error(head + R"("steps": [{"title": "a", "text": "b", "view": "routing-map"}]})")
                .contains("view must be one of text-loss"));
    QVERIFY(error(head + R"("steps": [{"title": "a", "text": "b", "set": {"model": )"
                  + R"({"heads": 5}}}]})")
                .contains("multiple of the attention heads"));
    QVERIFY(error(R"({"format": "moelab-lesson", "version": 1, "title": "t", "summary": "s", )"
                  R"("arena": "3d", "steps": []})")
                .contains("arena must be 2d or text"));
    const Lesson lesson = loadLesson(
        write(head + R"("stepsPerSecond": 50, "steps": [{"title": "a", "text": "b", "train": 40, )"
              + R"("view": "text-drops-by-position", "set": {"text": {"corpus": "mixed"}, )"
              + R"("moe": {"experts": 16, "capacityFactor": 0.5}}, "checks": [{"left": )"
              + R"("moe.lateDropShare", "op": ">", "right": "moe.earlyDropShare", "passed": "p", )"
              + R"("failed": "f"}]}, {"title": "c", "text": "d", "train": 30, "set": {"moe": )"
              + R"({"dropPolicy": "random"}}}]})"));
    QVERIFY(lesson.text);
    const TextExperiment second = textStepExperiment(lesson, 1, 7);
    QCOMPARE(second.corpus, std::string("mixed"));
    QCOMPARE(second.model.moe.experts, 16);
    QCOMPARE(second.model.moe.dropPolicy, DropPolicy::Random);
    QCOMPARE(second.seed, std::uint64_t(7));
    QCOMPARE(second.stepBudget, 30);
    QCOMPARE(second.training.steps, 30);
    QCOMPARE(second.stepsPerSecond, 50);
    TextSnapshot now;
    QVERIFY(!evaluateTextChecks(lesson.steps[0], now).passed); // nothing measured yet
    now.analysis.layers.resize(1);
    now.analysis.layers[0].dropByPosition = {0.0, 0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
    const CheckOutcome seen = evaluateTextChecks(lesson.steps[0], now);
    QVERIFY(seen.passed);
    QCOMPARE(seen.message,
             QStringLiteral("p (drops in the last quarter of positions: 55.0%, "
                            "drops in the first quarter of positions: 0.0%)"));
}

QTEST_MAIN(TestLessons)
#include "tst_lessons.moc"
