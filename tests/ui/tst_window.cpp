// The window as a teacher uses it: one-key shortcuts whatever has focus, dock sizes at 1280x720
// and after a crushed saved layout, and what the controls and the title say about the run.

#include "ui/controls/controlpanel.h"
#include "ui/lessons/lessonpanel.h"
#include "ui/window/mainwindow.h"
#include "ui/window/shortcutkeys.h"

#include <QApplication>
#include <QDockWidget>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace moe;
using namespace moe::ui;

class TestWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void shortcutsWorkAfterTypingInASpinBox();
    void textFieldsKeepTheirLetters();
    void lessonPanelLeavesTheControlsWhole_data();
    void lessonPanelLeavesTheControlsWhole();
    void aCrushedSavedLayoutIsRestoredWhole();
    void lessonButtonsStayPut();
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
    window.resize(1280, 720);
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QSignalSpy shown(&window, &MainWindow::snapshotShown);
    QVERIFY(shown.wait(5000));
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
    window.resize(size);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
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
        window.resize(1280, 720);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
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

QTEST_MAIN(TestWindow)
#include "tst_window.moc"
