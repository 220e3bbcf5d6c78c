// moelab: the MoE Lab desktop app. Opens on the default demo (MoE vs dense on the spiral) and
// starts training at once unless --paused is given.

#include "app/gui/soak.h"
#include "ui/charts/capacitypanel.h"
#include "ui/controls/controlpanel.h"
#include "ui/export/exports.h"
#include "ui/lessons/lessonpanel.h"
#include "ui/style/theme.h"
#include "ui/window/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTimer>
#include <algorithm>
#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("MoE Lab"));
    QApplication::setApplicationName(QStringLiteral("moelab"));
    QApplication::setApplicationVersion(QStringLiteral(MOELAB_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("MoE Lab: watch a Mixture-of-Experts learn next to a dense network."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {QStringLiteral("paused"), QStringLiteral("Open the demo without starting training.")},
        {QStringLiteral("screenshot"),
         QStringLiteral("Save the window to FILE after --after seconds, then quit."),
         QStringLiteral("FILE")},
        {QStringLiteral("after"), QStringLiteral("Seconds before the screenshot."),
         QStringLiteral("S"), QStringLiteral("8")},
        {QStringLiteral("size"),
         QStringLiteral(
             "Window size (for --screenshot and --measure 1280x720 unless given), e.g. 1920x1080."),
         QStringLiteral("WxH"), QStringLiteral("1280x720")},
        {QStringLiteral("dataset"), QStringLiteral("Start on this dataset (name or .csv file)."),
         QStringLiteral("NAME")},
        {QStringLiteral("experts"), QStringLiteral("Start with E experts."), QStringLiteral("E")},
        {QStringLiteral("top-k"), QStringLiteral("Start with top-k."), QStringLiteral("K")},
        {QStringLiteral("expert-hidden"), QStringLiteral("Start with experts of hidden width H."),
         QStringLiteral("H")},
        {QStringLiteral("router"), QStringLiteral("Start with this router."), QStringLiteral("R")},
        {QStringLiteral("balance-loss"), QStringLiteral("Start with this balance-loss weight."),
         QStringLiteral("A")},
        {QStringLiteral("view"),
         QStringLiteral("Chart shown first: curves, parameters, accuracy or time (the last three "
                        "are the capacity-versus-compute views)."),
         QStringLiteral("VIEW"), QStringLiteral("curves")},
        {QStringLiteral("present"), QStringLiteral("Start in presentation mode (F11).")},
        {QStringLiteral("theme"), QStringLiteral("light or dark."), QStringLiteral("THEME")},
        {QStringLiteral("lesson"),
         QStringLiteral("Open lesson N (from 1) in the Lessons panel and set up its first step (or "
                        "--lesson-step S)."),
         QStringLiteral("N")},
        {QStringLiteral("lesson-step"), QStringLiteral("The lesson step to set up (from 1)."),
         QStringLiteral("S"), QStringLiteral("1")},
        {QStringLiteral("report"),
         QStringLiteral("Write the PDF report to FILE after --after seconds (or after --sweep), "
                        "then quit."),
         QStringLiteral("FILE")},
        {QStringLiteral("sweep"),
         QStringLiteral("Start a sweep of N steps per run at once; with --screenshot, after "
                        "--after seconds of live training, and the screenshot is taken when it "
                        "finishes."),
         QStringLiteral("N")},
        {QStringLiteral("soak"),
         QStringLiteral("Train N steps, printing the resident memory every second and its growth "
                        "after warm-up at the end, then quit (a memory soak benchmark)."),
         QStringLiteral("N")},
        {QStringLiteral("measure"),
         QStringLiteral("Train for S seconds, then print steps/s, view refreshes/s and the longest "
                        "UI-thread stall (a 5 ms event-loop probe), and quit."),
         QStringLiteral("S")},
    });
    parser.process(app);
    moe::ui::MainWindow window(!parser.isSet(QStringLiteral("paused")));
    moe::ui::ArenaConfig config = window.controls()->config();
    bool custom = false;
    const auto value = [&](const char *name) {
        custom = custom || parser.isSet(QString::fromLatin1(name));
        return parser.value(QString::fromLatin1(name));
    };
    if (const QString v = value("dataset"); !v.isEmpty())
        config.dataset.name = v.toStdString();
    if (const QString v = value("experts"); !v.isEmpty())
        config.model.moe.experts = std::clamp(v.toInt(), 1, 64);
    if (const QString v = value("top-k"); !v.isEmpty())
        config.model.moe.topK = v.toInt();
    if (const QString v = value("expert-hidden"); !v.isEmpty())
        config.model.moe.expertHidden = std::clamp(v.toInt(), 1, 512);
    if (const QString v = value("router"); !v.isEmpty())
        config.model.moe.router = moe::parseRouter(v.toStdString()).value_or(moe::RouterKind::TopK);
    if (const QString v = value("balance-loss"); !v.isEmpty())
        config.model.moe.balanceLoss = v.toDouble();
    if (custom)
        window.controls()->apply(config);
    if (parser.isSet(QStringLiteral("lesson"))) {
        moe::ui::LessonPanel *lessons = window.lessons();
        lessons->showLesson(parser.value(QStringLiteral("lesson")).toInt() - 1);
        for (int s = 1; s < parser.value(QStringLiteral("lesson-step")).toInt(); ++s)
            lessons->next();
        if (QWidget *dock = lessons->parentWidget())
            dock->show();
        QTimer::singleShot(0, lessons, &moe::ui::LessonPanel::setUpStep);
    }
    if (parser.isSet(QStringLiteral("theme")))
        moe::ui::applyTheme(parser.value(QStringLiteral("theme")) == QLatin1String("dark")
                                ? moe::ui::Theme::Dark
                                : moe::ui::Theme::Light,
                            &window);
    if (parser.isSet(QStringLiteral("present")))
        QTimer::singleShot(0, &window, [&window] { window.setPresentationMode(true); });
    using View = moe::ui::CapacityPanel::View;
    const QString view = parser.value(QStringLiteral("view"));
    const QStringList views {QStringLiteral("parameters"), QStringLiteral("accuracy"),
                             QStringLiteral("time")};
    if (views.contains(view)) {
        window.capacity()->setView(View(views.indexOf(view)));
        window.showCapacityView();
    } else if (view != QLatin1String("curves")) {
        std::fprintf(stderr,
                     "moelab: --view must be curves, parameters, accuracy or time, not "
                     "'%s'\n",
                     qPrintable(view));
        return 2;
    }
    const bool sweep = parser.isSet(QStringLiteral("sweep"));
    const bool screenshot
        = parser.isSet(QStringLiteral("screenshot")) || parser.isSet(QStringLiteral("report"));
    const int afterMs = int(parser.value(QStringLiteral("after")).toDouble() * 1000);
    if (sweep) { // for a screenshot, the live demo trains for --after seconds first
        const int steps = std::clamp(parser.value(QStringLiteral("sweep")).toInt(), 100, 50000);
        QTimer::singleShot(screenshot ? afterMs : 0, &window,
                           [&window, steps] { window.startSweep(steps); });
    }
    if (parser.isSet(QStringLiteral("soak")))
        moe::gui::startSoak(window,
                            std::max(1000LL, parser.value(QStringLiteral("soak")).toLongLong()));
    if (screenshot || parser.isSet(QStringLiteral("measure"))
        || parser.isSet(QStringLiteral("size"))) {
        const QStringList size = parser.value(QStringLiteral("size")).split(QLatin1Char('x'));
        if (size.size() == 2)
            window.resize(size[0].toInt(), size[1].toInt());
    }
    if (screenshot) {
        const QString file = parser.value(QStringLiteral("screenshot"));
        const QString report = parser.value(QStringLiteral("report"));
        const auto shoot = [&window, file, report] {
            bool saved = file.isEmpty() || window.grab().save(file);
            if (!file.isEmpty())
                std::fprintf(saved ? stdout : stderr, "%s %s\n", saved ? "saved" : "could not save",
                             qPrintable(file));
            if (!report.isEmpty()) {
                try {
                    moe::ui::writeReport(report, window.exportables(), window.controls()->config(),
                                         window.latest());
                    std::printf("saved %s\n", qPrintable(report));
                } catch (const std::exception &error) {
                    std::fprintf(stderr, "%s\n", error.what());
                    saved = false;
                }
            }
            QApplication::exit(saved ? 0 : 1);
        };
        if (sweep) // when the sweep is done and its last run drawn
            QObject::connect(&window, &moe::ui::MainWindow::sweepFinished, &window,
                             [&window, shoot] { QTimer::singleShot(1500, &window, shoot); });
        else
            QTimer::singleShot(afterMs, &window, shoot);
    }
    // The event-loop latency probe: a 5 ms timer on the UI thread; any gap beyond that is a stall.
    QElapsedTimer sinceTick, sinceStart;
    qint64 longestStall = 0;
    int repaints = 0;
    QTimer probe;
    if (parser.isSet(QStringLiteral("measure"))) {
        const double seconds = std::max(2.0, parser.value(QStringLiteral("measure")).toDouble());
        probe.setInterval(5);
        QObject::connect(&probe, &QTimer::timeout, [&] {
            const qint64 gap = sinceTick.restart();
            if (sinceStart.elapsed() > 1000) // after the first second (start-up, first maps)
                longestStall = std::max(longestStall, gap - 5);
        });
        QObject::connect(&window, &moe::ui::MainWindow::snapshotShown, [&] {
            if (sinceStart.elapsed() > 1000)
                ++repaints;
        });
        QTimer::singleShot(int(seconds * 1000), &window, [&, seconds] {
            const moe::ui::ArenaSnapshot &s = window.latest();
            std::printf("%s: %lld steps in %.0f s, %.0f steps/s, %.1f view refreshes/s, longest "
                        "UI-thread stall %lld ms, maps %dx%d in %.0f ms\n",
                        qPrintable(s.moe.title), (long long)s.step, seconds, s.stepsPerSecond,
                        repaints / (seconds - 1.0), (long long)longestStall, s.mapResolution,
                        s.mapResolution, s.mapMs);
            QApplication::exit(0);
        });
        sinceStart.start();
        sinceTick.start();
        probe.start();
    }
    window.show();
    return QApplication::exec();
}
