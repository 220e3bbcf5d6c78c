// Presentation mode on a small screen with a lesson open, and the pieces that keep it legible:
// the narrow views drop their secondary views before squeezing the primary ones, map titles wrap
// instead of being cut, the lesson's buttons take two rows where one does not fit, and the class
// table's key is never cut.

#include "ui/charts/expertloadpanel.h"
#include "ui/export/arenaviews.h"
#include "ui/lessons/lessonpanel.h"
#include "ui/maps/affinityview.h"
#include "ui/maps/mapspanel.h"
#include "ui/maps/maptitle.h"
#include "ui/maps/mapview.h"
#include "ui/window/mainwindow.h"

#include <QApplication>
#include <QDockWidget>
#include <QFontMetrics>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace moe;
using namespace moe::ui;

class TestPresentLayout : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void mapTitlesWrapInsteadOfEliding();
    void lessonButtonsTakeTwoRowsWhenNarrow();
    void classTableKeyIsNeverCut();
    void narrowViewsDropSecondaryViewsFirst_data();
    void narrowViewsDropSecondaryViewsFirst();
};

void TestPresentLayout::initTestCase()
{
    static QTemporaryDir config; // no saved layout from another run
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, config.path());
    QApplication::setOrganizationName(QStringLiteral("moelab-test-presentlayout"));
}

void TestPresentLayout::mapTitlesWrapInsteadOfEliding()
{
    const QString title = QStringLiteral("Dense h=40, matched total compute");
    QFont font;
    font.setPointSizeF(font.pointSizeF() * 1.45); // presentation's type
    QFont bold = font;
    bold.setBold(true);
    const int oneLine = QFontMetrics(bold).horizontalAdvance(title);
    int twoLines = 0;
    int threeLines = 0;
    // From two fifths of its one-line width up, the title always fits whole, in one to three
    // lines.
    for (int width = oneLine * 2 / 5; width <= oneLine + 10; width += 5) {
        const MapTitle laid = layOutTitle(title, font, width);
        QVERIFY(laid.lines.size() >= 1 && laid.lines.size() <= 3);
        threeLines += int(laid.lines.size() == 3);
        twoLines += int(laid.lines.size() == 2);
        // Every word is there, none cut to "...", each line within the width.
        QCOMPARE(laid.lines.join(QLatin1Char(' ')), title);
        for (const QString &line : laid.lines)
            QVERIFY2(QFontMetrics(laid.font).horizontalAdvance(line) <= width,
                     qPrintable(QStringLiteral("%1 in %2 px").arg(line).arg(width)));
        QVERIFY(laid.font.pointSizeF() >= 0.85 * font.pointSizeF() - 1e-9);
    }
    QVERIFY(twoLines > 0 && threeLines > 0);
    QCOMPARE(layOutTitle(title, font, oneLine + 10).lines.size(), qsizetype(1));
    // A closing aside goes before a second line does.
    const QString aside = title + QStringLiteral(" (router included)");
    QCOMPARE(layOutTitle(aside, font, oneLine + 10).lines, QStringList {title});
}

void TestPresentLayout::lessonButtonsTakeTwoRowsWhenNarrow()
{
    LessonPanel panel(bundledLessons(QCoreApplication::applicationDirPath()));
    QVERIFY(!panel.lessons().isEmpty());
    QHash<QString, QPushButton *> buttons;
    for (QPushButton *b : panel.findChildren<QPushButton *>())
        buttons.insert(b->text(), b);
    QVERIFY(buttons.contains("Back") && buttons.contains("Next")
            && buttons.contains("Set up and play") && buttons.contains("Check now"));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    for (const int limit : {1200, 220}) {
        panel.setWidthLimit(limit);
        panel.resize(limit, 600);
        QTest::qWait(50);
        const bool oneRow = limit == 1200;
        QCOMPARE(buttons["Back"]->y() == buttons["Set up and play"]->y(), oneRow);
        QCOMPARE(buttons["Next"]->y() == buttons["Check now"]->y(), oneRow);
        for (QPushButton *b : std::as_const(buttons)) { // whole, inside the panel
            QVERIFY2(b->width() >= b->minimumSizeHint().width(), qPrintable(b->text()));
            QVERIFY2(b->geometry().right() < panel.width(), qPrintable(b->text()));
        }
    }
}

void TestPresentLayout::classTableKeyIsNeverCut()
{
    // Two experts: a grid narrower than its key ("0.5 share (scale max)").
    AffinityView view;
    Matrix shares(4, 2);
    shares.setConstant(0.5);
    view.setAffinity(shares);
    const int key = QFontMetrics(view.font())
                        .horizontalAdvance(QStringLiteral("0.5 share "
                                                          "(scale max)"));
    QVERIFY(view.minimumSizeHint().width() > key + 20);
}

void TestPresentLayout::narrowViewsDropSecondaryViewsFirst_data()
{
    QTest::addColumn<int>("lesson");
    QTest::addColumn<QString>("front"); // the view the lesson's first step points at
    QTest::newRow("6: collapse, the load") << 5 << QStringLiteral("expert-load");
    QTest::newRow("3: payoff, the accuracy") << 2 << QStringLiteral("accuracy");
}

void TestPresentLayout::narrowViewsDropSecondaryViewsFirst()
{
    QFETCH(int, lesson);
    QFETCH(QString, front);
    QSettings().clear();
    MainWindow window(false);
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *views = window.findChild<ArenaViews *>();
    QVERIFY(views);
    QVERIFY(!views->isCompact()); // windowed at 1280x720: everything side by side
    window.showLessons();
    window.lessons()->showLesson(lesson);
    window.lessons()->setUpStep();
    window.setPresentationMode(true);
    QSignalSpy shown(&window, &MainWindow::snapshotShown);
    QVERIFY(shown.wait(10000));
    QTest::qWait(400); // the lesson's view to the front, layouts settled

    // The lesson panel keeps to 30% of the window (at least 240 px) and its buttons are whole.
    auto *dock = window.findChild<QDockWidget *>(QStringLiteral("lessons"));
    QVERIFY(dock && dock->isVisible());
    QVERIFY2(window.lessons()->width() <= std::max(240, window.width() * 3 / 10),
             qPrintable(QString::number(window.lessons()->width())));
    for (QPushButton *b : window.lessons()->findChildren<QPushButton *>())
        QVERIFY2(b->width() >= b->minimumSizeHint().width(), qPrintable(b->text()));

    // Narrow: the class table went, the load is a tab beside the curves, the lesson's view is in
    // front, and no map title is cut.
    QVERIFY(views->isCompact());
    QVERIFY(!window.maps()->affinity()->isVisible());
    QWidget *target = views->bringToFront(front);
    QVERIFY(target && target->isVisible());
    auto *load = window.findChild<ExpertLoadPanel *>();
    QVERIFY(qobject_cast<QTabWidget *>(load->parentWidget()->parentWidget()));
    for (MapView *map : {window.maps()->denseMap(), window.maps()->moeMap()}) {
        const MapTitle title = layOutTitle(map->title(), map->font(), map->width());
        for (const QString &line : title.lines)
            QVERIFY2(!line.contains(QChar(0x2026)), qPrintable(line));
    }
    // Every map at least a fifth of the views' width: the maps kept their room.
    QVERIFY(window.maps()->denseMap()->width() >= views->width() / 5);

    // Back to the window: everything side by side again.
    window.setPresentationMode(false);
    QTRY_VERIFY(!views->isCompact());
    QTRY_VERIFY(window.maps()->affinity()->isVisible());
    QVERIFY(!qobject_cast<QTabWidget *>(load->parentWidget()->parentWidget()));
    QVERIFY(load->isVisible());
}

QTEST_MAIN(TestPresentLayout)
#include "tst_presentlayout.moc"
