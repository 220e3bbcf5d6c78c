// The classroom parts of the window: the Lessons panel (set up a step, check it once the run has
// trained enough), presentation mode (bigger everything, controls folded, back again), and a
// "What am I seeing?" text for every chart.

#include "ui/controls/controlpanel.h"
#include "ui/export/arenaviews.h"
#include "ui/export/chartexport.h"
#include "ui/lessons/explanations.h"
#include "ui/lessons/lessonpanel.h"
#include "ui/maps/mapspanel.h"
#include "ui/style/theme.h"
#include "ui/window/mainwindow.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDockWidget>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QToolBar>

using namespace moe;
using namespace moe::ui;

class TestClassroom : public QObject
{
    Q_OBJECT

private slots:
    void lessonStepSetsUpAndChecks();
    void noLessonsAndRefusedStepsAreSaid();
    void presentationModeScalesAndComesBack();
    void mapsLeaveNoBlankBand_data();
    void mapsLeaveNoBlankBand();
    void everyChartIsExplained();
    void commandLineDrawsTheViewsAtTheWindowsSizes();
    void themesSwitchBackgroundsAndNeutralLines();
};

// No readable lesson (an empty or broken lessons folder): every button and slot is safe (setUpStep
// crashed), and the panel names what could not be read. A step whose settings the worker refused
// is not checked against the untouched run ("Seen: ..." about a run the step never started).
void TestClassroom::noLessonsAndRefusedStepsAreSaid()
{
    LessonPanel empty({});
    empty.showProblems({QStringLiteral("03-payoff.json: steps[2].train must be ...")});
    QSignalSpy none(&empty, &LessonPanel::setUpRequested);
    empty.setUpStep();
    empty.next();
    empty.back();
    empty.settingsRefused(QStringLiteral("no"));
    ArenaSnapshot s;
    s.step = 10;
    empty.observe(s, Experiment {});
    QCOMPARE(none.count(), 0);
    QCOMPARE(empty.problems().size(), 1);
    for (QPushButton *button : empty.findChildren<QPushButton *>())
        QVERIFY(!button->isEnabled());
    bool named = false;
    for (QLabel *label : empty.findChildren<QLabel *>())
        named = named || (label->isVisibleTo(&empty) && label->text().contains("03-payoff.json"));
    QVERIFY(named);

    LessonPanel panel(bundledLessons(QCoreApplication::applicationDirPath()));
    panel.showLesson(5);
    QSignalSpy refused(&panel, &LessonPanel::stepRefused);
    panel.setUpStep();
    panel.settingsRefused(QStringLiteral("--top-k 4 is more than the 2 experts"));
    QCOMPARE(refused.count(), 1);
    QVERIFY2(panel.outcome().contains(QStringLiteral("refused")), qPrintable(panel.outcome()));
    ArenaSnapshot untouched;
    untouched.run = 5;
    untouched.step = 100000;
    untouched.routing.steps = 100;
    panel.observe(untouched, Experiment {});
    QVERIFY2(!panel.outcome().startsWith(QStringLiteral("Seen")), qPrintable(panel.outcome()));
    // A refusal with no step being set up (a slider's) leaves the panel alone.
    panel.settingsRefused(QStringLiteral("again"));
    QCOMPARE(refused.count(), 1);
}

void TestClassroom::lessonStepSetsUpAndChecks()
{
    QVector<Lesson> lessons = bundledLessons(QCoreApplication::applicationDirPath());
    QVERIFY(lessons.size() >= 8);
    LessonPanel panel(lessons);
    panel.showLesson(5); // collapse
    QVERIFY(lessons[5].title.contains(QStringLiteral("Collapse")));
    QSignalSpy setUp(&panel, &LessonPanel::setUpRequested);
    // Leftovers from earlier play (capacity 4, 64 experts) do not carry into the step; the seed
    // does.
    Experiment leftover;
    leftover.model.moe.capacityFactor = 4.0;
    leftover.model.moe.experts = 64;
    leftover.training.seed = 7;
    ArenaSnapshot before;
    before.run = 1;
    before.step = 500;
    panel.observe(before, leftover);
    panel.setUpStep();
    QCOMPARE(setUp.count(), 1);
    const Experiment e = setUp.first().at(0).value<Experiment>();
    QCOMPARE(e.model.moe.experts, classroomDemo().model.moe.experts);
    QVERIFY(!e.model.moe.capacityFactor);
    QCOMPARE(e.model.moe.balanceLoss, 0.0);
    QCOMPARE(e.training.seed, std::uint64_t(7));
    QCOMPARE(e.stepBudget, lessons[5].steps[0].train); // the run stops where the check is made
    QCOMPARE(e.stepsPerSecond, lessons[5].stepsPerSecond);
    QCOMPARE(setUp.first().at(1).toString(), QStringLiteral("expert-load"));
    // The old run's snapshots do not count; the new run's do, once it has trained enough.
    ArenaSnapshot old = before;
    old.step = 5000;
    old.routing.steps = 100;
    old.routing.deadExperts = 9;
    panel.observe(old, e);
    QVERIFY(panel.outcome().startsWith(QStringLiteral("Training")));
    ArenaSnapshot fresh = old;
    fresh.run = 2;
    fresh.step = e.stepBudget;
    fresh.routing.deadExperts = 4;
    fresh.moe.testAccuracy = {QPointF(double(e.stepBudget), 0.85)};
    panel.observe(fresh, e);
    QVERIFY2(panel.outcome().startsWith(QStringLiteral("Seen: ")), qPrintable(panel.outcome()));
    QVERIFY(panel.outcome().contains(QStringLiteral("dead experts: 4")));
    panel.next();
    QCOMPARE(panel.stepIndex(), 1);
    QVERIFY(panel.outcome().isEmpty());
    // The payoff lesson: step 2 builds on step 1's settings and compares with how step 1 ended.
    panel.showLesson(2);
    QVERIFY(lessons[2].title.contains(QStringLiteral("payoff")));
    panel.setUpStep();
    const Experiment e1 = setUp.last().at(0).value<Experiment>();
    QCOMPARE(e1.model.moe.experts, 2);
    ArenaSnapshot two = fresh;
    two.run = 3;
    two.step = e1.stepBudget;
    two.moe.testAccuracy = {QPointF(double(two.step), 0.55)};
    two.dense.testAccuracy = {QPointF(double(two.step), 0.56)};
    panel.observe(two, e1);
    QVERIFY2(panel.outcome().startsWith(QStringLiteral("Seen: ")), qPrintable(panel.outcome()));
    panel.next();
    panel.setUpStep();
    const Experiment e2 = setUp.last().at(0).value<Experiment>();
    QCOMPARE(e2.model.moe.experts, 16);
    QCOMPARE(e2.model.moe.topK, 2);
    ArenaSnapshot sixteen = two;
    sixteen.run = 4;
    sixteen.moe.testAccuracy = {QPointF(double(two.step), 0.70)};
    panel.observe(sixteen, e2);
    QVERIFY2(panel.outcome().startsWith(QStringLiteral("Seen: ")), qPrintable(panel.outcome()));
    QVERIFY2(
        panel.outcome().contains(QStringLiteral("MoE test accuracy: 55.0% in the step before")),
        qPrintable(panel.outcome()));
    // Straight to step 2 of a lesson whose step 1 has not run: the check says so.
    panel.showLesson(2);
    panel.next();
    panel.setUpStep();
    sixteen.run = 5;
    panel.observe(sixteen, e2);
    QVERIFY2(panel.outcome().contains(QStringLiteral("run that step first")),
             qPrintable(panel.outcome()));
    // Each of several checks says whether it held.
    QVERIFY2(panel.outcome().startsWith(QStringLiteral("Not yet: \u2713 The MoE beats")),
             qPrintable(panel.outcome()));
    QVERIFY2(panel.outcome().contains(QStringLiteral("\u2717 This check compares")),
             qPrintable(panel.outcome()));
}

void TestClassroom::presentationModeScalesAndComesBack()
{
    MainWindow window(false);
    window.resize(1280, 720);
    window.show();
    const double before = QApplication::font().pointSizeF();
    window.setPresentationMode(true);
    QVERIFY(window.presenting());
    QVERIFY(QApplication::font().pointSizeF() > 1.3 * before);
    bool stripShown = false;
    for (QToolBar *bar : window.findChildren<QToolBar *>())
        stripShown = stripShown || (bar->objectName() == "presentation" && bar->isVisible());
    QVERIFY(stripShown);
    for (QDockWidget *dock : window.findChildren<QDockWidget *>())
        if (dock->objectName() == "controls")
            QVERIFY(!dock->isVisible());
    QDockWidget *lessonDock = nullptr;
    for (QDockWidget *dock : window.findChildren<QDockWidget *>())
        if (dock->objectName() == "lessons")
            lessonDock = dock;
    QVERIFY(lessonDock);
    // The lesson takes at most 22 lines of its (larger) text across and 30% of the window (at
    // least 240 px): on a small screen the text wraps sooner instead of crushing the maps.
    const auto limit = [&] {
        return std::min(22 * lessonDock->widget()->fontMetrics().height(),
                        std::max(window.width() * 3 / 10, 240));
    };
    QTRY_COMPARE(lessonDock->widget()->maximumWidth(), limit());
    window.setPresentationMode(false);
    QTRY_COMPARE(lessonDock->widget()->maximumWidth(), limit());
    QVERIFY(lessonDock->widget()->maximumWidth() <= 384); // at 1280 px: as wide as before
    QVERIFY(std::abs(QApplication::font().pointSizeF() - before) < 0.01);
    for (QDockWidget *dock : window.findChildren<QDockWidget *>())
        if (dock->objectName() == "controls")
            QVERIFY(dock->isVisible());
}

void TestClassroom::mapsLeaveNoBlankBand_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<bool>("lesson");
    QTest::newRow("1280x720") << QSize(1280, 720) << false;
    QTest::newRow("1920x1080 with a lesson") << QSize(1920, 1080) << true;
}

void TestClassroom::mapsLeaveNoBlankBand()
{
    // The maps are squares: the panel above the charts is only as tall as the routing map's
    // square needs, so no empty band sits between the maps and the charts.
    QFETCH(QSize, size);
    QFETCH(bool, lesson);
    MainWindow window(false);
    window.resize(size);
    window.show();
    for (QDockWidget *dock : window.findChildren<QDockWidget *>())
        if (dock->objectName() == "lessons")
            dock->setVisible(lesson);
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY2(window.maps()->spareHeight() <= 4,
                 qPrintable(QString::number(window.maps()->spareHeight())));
}

void TestClassroom::everyChartIsExplained()
{
    MainWindow window(false);
    for (Exportable *item : window.exportables()) {
        const QString text = explanation(item->exportName());
        QVERIFY2(text.size() > 150, qPrintable(item->exportName()));
    }
    QVERIFY(explanation(QStringLiteral("loss")).contains(QStringLiteral("&alpha; &middot; E")));
}

void TestClassroom::commandLineDrawsTheViewsAtTheWindowsSizes()
{
    // The command line draws the views alone at ArenaViews::kWindowedSize: the central area of a
    // 1280x720 window. Fed the same snapshot, every chart and map has the window's size.
    MainWindow window(true);
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.centralWidget()->size(), ArenaViews::kWindowedSize);
    QTRY_VERIFY_WITH_TIMEOUT(window.latest().routing.steps > 0 && window.latest().step >= 200,
                             60000);
    emit window.controls()->playToggled();
    QTRY_VERIFY_WITH_TIMEOUT(!window.latest().playing, 10000);
    QTRY_VERIFY(std::abs(window.maps()->spareHeight()) < 4);
    ArenaViews views;
    views.resize(ArenaViews::kWindowedSize);
    views.show();
    views.showSnapshot(window.latest());
    QCOMPARE(views.exportables().size(), window.exportables().size());
    for (std::size_t i = 0; i < views.exportables().size(); ++i)
        QTRY_COMPARE(views.exportables()[i]->exportSize(), window.exportables()[i]->exportSize());
}

void TestClassroom::themesSwitchBackgroundsAndNeutralLines()
{
    MainWindow window(false);
    QChart *load = nullptr;
    for (QChartView *view : window.findChildren<QChartView *>())
        if (view->chart()->title().startsWith(QStringLiteral("Tokens per expert")))
            load = view->chart();
    QVERIFY(load);
    const auto capacityLine = [load] {
        for (QAbstractSeries *s : load->series())
            if (auto *line = qobject_cast<QLineSeries *>(s))
                return line->pen().color();
        return QColor();
    };
    applyTheme(Theme::Dark, &window);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 40);
    QVERIFY(load->backgroundBrush().color().lightness() < 40);
    QVERIFY(capacityLine().lightness() > 200); // the dashed capacity line stays visible
    // Files are for paper: an export made in the dark theme is drawn light, and dark comes back.
    const QImage exported = renderImage(*window.exportables()[4]); // the load chart
    QVERIFY(exported.pixelColor(exported.width() / 2, 8).lightness() > 200);
    QVERIFY(load->backgroundBrush().color().lightness() < 40);
    applyTheme(Theme::Light, &window);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 200);
    QVERIFY(load->backgroundBrush().color().lightness() > 240);
    QVERIFY(capacityLine().lightness() < 60);
}

QTEST_MAIN(TestClassroom)
#include "tst_classroom.moc"
