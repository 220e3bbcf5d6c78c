// The window as a teacher uses it: one-key shortcuts whatever has focus, dock sizes at 1280x720
// and after a crushed saved layout, and what the controls and the title say about the run.

#include "core/train/model.h"
#include "files/experiment.h"
#include "files/experimentfile.h"
#include "ui/charts/curvespanel.h"
#include "ui/controls/controlpanel.h"
#include "ui/lessons/lessonpanel.h"
#include "ui/maps/mapspanel.h"
#include "ui/style/livelabel.h"
#include "ui/window/mainwindow.h"
#include "ui/window/shortcutkeys.h"
#include "ui/window/statusline.h"
#include "ui/window/tour.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QTimer>
#include <QToolBar>
#include <cmath>

using namespace moe;
using namespace moe::ui;

namespace {
// The window at `size` (the screens the issue names), on screen.
bool showAt(MainWindow &window, QSize size)
{
    window.resize(size);
    window.show();
    return QTest::qWaitForWindowExposed(&window);
}
} // namespace

class TestWindow : public QObject
{
    Q_OBJECT

private slots:
    void statusMessagesAreReadWhole();
    void initTestCase();
    void shortcutsWorkAfterTypingInASpinBox();
    void textFieldsKeepTheirLetters();
    void lessonPanelLeavesTheControlsWhole_data();
    void lessonPanelLeavesTheControlsWhole();
    void aCrushedSavedLayoutIsRestoredWhole();
    void lessonButtonsStayPut();
    void everyStepByHandShowsOnTheCurves();
    void tourWalksFourStopsAndIsRemembered();
    void restoreDefaultsBringsBackTheDemo();
    void presentationKeepsTheHeadlineWholeAndDropsOptions();
};

void TestWindow::initTestCase()
{
    // A settings file of this test's own: no saved layout from another run.
    static QTemporaryDir config;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, config.path());
    QApplication::setOrganizationName(QStringLiteral("moelab-test-window"));
}

void TestWindow::shortcutsWorkAfterTypingInASpinBox()
{
    MainWindow window(false);
    // Listening before the window shows: its first snapshot can arrive while it is being shown.
    QSignalSpy shown(&window, &MainWindow::snapshotShown);
    window.resize(1280, 720);
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTRY_VERIFY_WITH_TIMEOUT(shown.count() > 0, 20000);
    auto *budget = window.controls()->findChild<QSpinBox *>(QStringLiteral("stepBudget"));
    QVERIFY(budget);
    // The teacher types a budget (the same one: nothing restarts) and, with the cursor still in
    // the box, presses the keys the lessons name.
    budget->setFocus();
    QTRY_VERIFY(budget->hasFocus());
    budget->selectAll();
    QTest::keyClicks(QApplication::focusWidget(), QString::number(budget->value()));
    QVERIFY(budget->hasFocus());
    const QString typed = budget->text();

    QTest::keyClick(QApplication::focusWidget(), Qt::Key_S); // one step
    QTRY_COMPARE_WITH_TIMEOUT(window.latest().step, qint64(1), 5000);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_S);
    QTRY_COMPARE_WITH_TIMEOUT(window.latest().step, qint64(2), 5000);
    QCOMPARE(budget->text(), typed); // no "s" went into the box

    const int run = window.latest().run;
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_R); // a fresh start
    QTRY_VERIFY_WITH_TIMEOUT(window.latest().run > run, 5000);
    QCOMPARE(window.latest().step, qint64(0));

    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space); // play
    QTRY_VERIFY_WITH_TIMEOUT(window.latest().playing, 5000);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space); // and pause
    QTRY_VERIFY_WITH_TIMEOUT(!window.latest().playing, 5000);
    QCOMPARE(budget->text(), typed);

    // Esc hands focus back to the window; the keys still work there.
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
    QVERIFY(!budget->hasFocus());
    const qint64 step = window.latest().step;
    QTest::keyClick(&window, Qt::Key_S);
    QTRY_COMPARE_WITH_TIMEOUT(window.latest().step, step + 1, 5000);
}

void TestWindow::textFieldsKeepTheirLetters()
{
    // Where a key types text, it types: the shortcuts never take letters from a text field.
    QLineEdit text;
    QVERIFY(!ShortcutKeys::keyIsShortcutFor(&text));
    text.setReadOnly(true);
    QVERIFY(ShortcutKeys::keyIsShortcutFor(&text));
    QSpinBox spin;
    QVERIFY(ShortcutKeys::keyIsShortcutFor(spin.findChild<QLineEdit *>()));
    QPushButton button;
    QVERIFY(ShortcutKeys::keyIsShortcutFor(&button));
}

namespace {
QDockWidget *controlsDock(MainWindow &window)
{
    return window.findChild<QDockWidget *>(QStringLiteral("controls"));
}

// Every button of the controls is on screen at least as wide as its text needs.
void verifyButtonsWhole(MainWindow &window)
{
    QDockWidget *dock = controlsDock(window);
    const QRect dockArea(dock->mapTo(&window, QPoint(0, 0)), dock->size());
    for (QPushButton *button : window.controls()->findChildren<QPushButton *>()) {
        if (!button->isVisibleTo(window.controls()))
            continue;
        QVERIFY2(button->width() >= button->minimumSizeHint().width(),
                 qPrintable(button->text() + QStringLiteral(" is cut off")));
        const QRect area(button->mapTo(&window, QPoint(0, 0)), button->size());
        QVERIFY2(dockArea.contains(area.topLeft()) && area.right() <= dockArea.right(),
                 qPrintable(button->text() + QStringLiteral(" is outside the dock")));
    }
}
} // namespace

void TestWindow::lessonPanelLeavesTheControlsWhole_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<bool>("beside"); // the lesson on the right, else in a tab over the controls
    QTest::newRow("1280x720") << QSize(1280, 720) << false;
    QTest::newRow("1920x1080") << QSize(1920, 1080) << true;
}

void TestWindow::lessonPanelLeavesTheControlsWhole()
{
    QFETCH(QSize, size);
    QFETCH(bool, beside);
    QSettings().clear();
    MainWindow window(false);
    QVERIFY(showAt(window, size));
    window.showLessons();
    auto *lesson = window.findChild<QDockWidget *>(QStringLiteral("lessons"));
    QVERIFY(lesson);
    QTRY_VERIFY(lesson->isVisible());
    QTest::qWait(100);
    QCOMPARE(window.size(), size); // the window never grows past the screen
    QCOMPARE(window.tabifiedDockWidgets(lesson).isEmpty(), beside);
    if (!beside) {
        QVERIFY(!lesson->visibleRegion().isEmpty()); // the lesson is the tab in front
        controlsDock(window)->raise();
        QTRY_VERIFY(!controlsDock(window)->visibleRegion().isEmpty());
    }
    QVERIFY(!window.centralWidget()->visibleRegion().isEmpty());
    verifyButtonsWhole(window);
}

void TestWindow::aCrushedSavedLayoutIsRestoredWhole()
{
    // A layout saved with the controls dragged narrow (or crushed by an older version) comes back
    // with the controls whole.
    QSettings().clear();
    {
        MainWindow window(false);
        QVERIFY(showAt(window, QSize(1280, 720)));
        window.resizeDocks({controlsDock(window)}, {120}, Qt::Horizontal);
        QTest::qWait(50);
        window.close();
    }
    QVERIFY(QSettings().contains(QStringLiteral("window/state")));
    MainWindow window(false);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTest::qWait(50);
    QVERIFY(controlsDock(window)->width() > 250);
    verifyButtonsWhole(window);
}

void TestWindow::lessonButtonsStayPut()
{
    // Steps with longer or shorter text, and a check's result appearing: Next stays where it was.
    LessonPanel panel(bundledLessons(QCoreApplication::applicationDirPath()));
    QVERIFY(panel.lessons().size() >= 8);
    panel.resize(380, 640);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QPushButton *next = nullptr, *check = nullptr;
    for (QPushButton *b : panel.findChildren<QPushButton *>()) {
        if (b->text() == QLatin1String("Next"))
            next = b;
        if (b->text() == QLatin1String("Check now"))
            check = b;
    }
    QVERIFY(next && check);
    const QPoint where = next->mapTo(&panel, QPoint(0, 0));
    for (int lesson = 0; lesson < panel.lessons().size(); ++lesson) {
        panel.showLesson(lesson);
        for (int step = 0; step < panel.lessons()[lesson].steps.size(); ++step) {
            QCoreApplication::processEvents();
            QCOMPARE(next->mapTo(&panel, QPoint(0, 0)), where);
            if (check->isEnabled()) { // a step with checks: a result line appears
                check->click();
                QCoreApplication::processEvents();
                QVERIFY(!panel.outcome().isEmpty());
                QCOMPARE(next->mapTo(&panel, QPoint(0, 0)), where);
            }
            panel.next();
        }
    }
}

void TestWindow::everyStepByHandShowsOnTheCurves()
{
    MainWindow window(false);
    QSignalSpy shown(&window, &MainWindow::snapshotShown);
    QVERIFY(shown.wait(5000));
    for (qint64 step = 1; step <= 3; ++step) {
        emit window.controls()->stepRequested();
        QTRY_COMPARE_WITH_TIMEOUT(window.latest().step, step, 5000);
        // Evaluated at this step (the first point is the evaluation before any training).
        QCOMPARE(window.latest().moe.testAccuracy.size(), step + 1);
        QCOMPARE(window.latest().dense.trainLoss.back().x(), double(step));
    }
}

void TestWindow::tourWalksFourStopsAndIsRemembered()
{
    QSettings().clear();
    for (const QSize size : {QSize(1280, 720), QSize(1920, 1080)}) {
        MainWindow window(false);
        QVERIFY(showAt(window, size));
        window.startTour();
        Tour *tour = window.tour();
        QVERIFY(tour);
        auto *next = tour->findChildren<QPushButton *>().last();
        QCOMPARE(next->text(), QStringLiteral("Next"));
        QStringList texts;
        for (int stop = 0; stop < 4; ++stop) {
            QCOMPARE(tour->stopIndex(), stop);
            QVERIFY(tour->isVisible());
            // The whole callout is inside the window.
            QVERIFY(window.rect().contains(tour->geometry()));
            texts << tour->text();
            next->click();
        }
        QCOMPARE(tour->stopIndex(), -1);
        QVERIFY(!tour->isVisible());
        QCOMPARE(texts.removeDuplicates(), 0);
        QVERIFY(QSettings().value(Tour::seenKey()).toBool());
        // Again on request; Esc ends it.
        window.startTour();
        QCOMPARE(tour->stopIndex(), 0);
        QTest::keyClick(tour, Qt::Key_Escape);
        QCOMPARE(tour->stopIndex(), -1);
    }
}

void TestWindow::restoreDefaultsBringsBackTheDemo()
{
    QSettings().clear();
    MainWindow window(false);
    QVERIFY(showAt(window, QSize(1280, 720)));
    ArenaConfig changed = window.controls()->config();
    changed.model.moe.experts = 64;
    changed.dataset.name = "moons";
    window.controls()->apply(changed);
    window.curves()->setSmoothing(0.0);
    window.curves()->setLogSteps(true);
    window.showLessons();
    window.restoreDefaults();
    const QJsonObject shown = files::experimentToJson(window.controls()->config());
    // The demo as the controls show it when the app opens (the dataset's own noise and sample
    // count filled in).
    ControlPanel fresh;
    fresh.apply(classroomDemo());
    const QJsonObject demo = files::experimentToJson(fresh.config());
    for (const QString &key : demo.keys())
        QVERIFY2(
            shown.value(key) == demo.value(key),
            qPrintable(key + QStringLiteral(": ")
                       + QString::fromUtf8(QJsonDocument(shown.value(key).toObject()).toJson())
                       + QStringLiteral(" vs ")
                       + QString::fromUtf8(QJsonDocument(demo.value(key).toObject()).toJson())));
    QCOMPARE(window.curves()->smoothing(), CurvesPanel::kDefaultSmoothing);
    QVERIFY(!window.curves()->logSteps());
    QTRY_VERIFY(!window.findChild<QDockWidget *>(QStringLiteral("lessons"))->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(window.latest().datasetKey.contains(QStringLiteral("grid")), 20000);
}

void TestWindow::presentationKeepsTheHeadlineWholeAndDropsOptions()
{
    QSettings().clear();
    MainWindow window(false);
    QVERIFY(showAt(window, QSize(1280, 720)));
    window.showLessons();
    window.setPresentationMode(true);
    QSignalSpy shown(&window, &MainWindow::snapshotShown);
    emit window.controls()->stepRequested();
    QVERIFY(shown.wait(5000));
    QTest::qWait(100);
    auto *bar = window.findChild<QToolBar *>(QStringLiteral("headline"));
    QVERIFY(bar && bar->isVisible());
    auto *headline = bar->findChild<LiveLabel *>();
    QVERIFY(headline);
    // Every number of the headline is on screen: its text, laid out at the label's width, fits
    // the label's height (it wraps instead of running off the right edge).
    QTextDocument doc;
    doc.setDocumentMargin(0);
    doc.setDefaultFont(headline->font());
    doc.setHtml(headline->text());
    doc.setTextWidth(headline->width());
    QVERIFY2(doc.size().height() <= headline->height() + 1,
             qPrintable(QStringLiteral("%1 px of text in %2 px")
                            .arg(doc.size().height())
                            .arg(headline->height())));
    QVERIFY(headline->text().contains(QStringLiteral("MoE")));
    // The view options give their room to the views, and come back after.
    QVERIFY(!window.maps()->testDataBox()->isVisible());
    QVERIFY(!window.maps()->discretizeBox()->isVisible());
    window.setPresentationMode(false);
    QTRY_VERIFY(window.maps()->testDataBox()->isVisible());
}

// SGD at a learning rate of 50 pauses at step 2 or 3 with a message the status bar never showed
// (its figures took the whole bar, QStatusBar::addPermanentWidget). Every message now shows whole
// above the figures, wrapped, at 1280x720, and a timed one leaves again.
void TestWindow::statusMessagesAreReadWhole()
{
    QSettings().clear();
    MainWindow window(false);
    QVERIFY(showAt(window, QSize(1280, 720)));
    ArenaConfig config = window.controls()->config();
    config.training.optimizer.kind = OptimizerKind::Sgd;
    config.training.optimizer.learningRate = 50.0f;
    config.stepsPerSecond = 0;
    window.controls()->apply(config);
    emit window.controls()->playToggled();
    QTRY_VERIFY_WITH_TIMEOUT(window.latest().message.startsWith(QStringLiteral("Training paused")),
                             30000);
    QTest::qWait(100);
    auto *line = window.findChild<StatusLine *>();
    QVERIFY(line);
    QCOMPARE(line->message(), window.latest().message);
    QLabel *shown = nullptr;
    for (QLabel *label : line->findChildren<QLabel *>())
        if (label->isVisible() && label->text() == window.latest().message)
            shown = label;
    QVERIFY2(shown, "the divergence message is not on screen");
    // Whole: as tall as its wrapped text, as wide as the window allows, inside the window.
    QVERIFY(shown->height() >= shown->heightForWidth(shown->width()));
    QVERIFY(shown->width() >= window.width() / 2);
    QVERIFY(window.rect().contains(QRect(shown->mapTo(&window, QPoint(0, 0)), shown->size())));
    QVERIFY(!line->figures().isEmpty()); // the run's figures stay below it
    // Nothing exploded reached a curve: not a step's loss, nor an evaluation after an update
    // that blew up (6e6 at step 1 was drawn).
    for (const ModelSnapshot *m : {&window.latest().moe, &window.latest().dense})
        for (const QVector<QPointF> *curve : {&m->trainLoss, &m->testLoss, &m->batchLoss})
            for (const QPointF &p : *curve)
                QVERIFY2(std::isfinite(p.y()) && p.y() < 100.0,
                         qPrintable(QStringLiteral("%1 at step %2").arg(p.y()).arg(p.x())));

    window.statusBar()->showMessage(QStringLiteral("Saved the experiment to x.json."), 200);
    QCOMPARE(line->message(), QStringLiteral("Saved the experiment to x.json."));
    QTRY_VERIFY_WITH_TIMEOUT(line->message().isEmpty(), 5000);
}

QTEST_MAIN(TestWindow)
#include "tst_window.moc"
