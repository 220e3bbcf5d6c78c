// moelab: the MoE Lab desktop app. Opens on the default demo (MoE vs dense on the spiral) and
// starts training at once unless --paused is given. The start-up settings (--experts, --top-k, ...)
// are the settings tables' options, checked as moelab-cli checks them: a bad value is refused with
// a message and exit status 2, never clamped or replaced in silence.

#include "app/gui/measureprobe.h"
#include "app/gui/soak.h"
#include "app/gui/startoptions.h"
#include "app/gui/textstart.h"
#include "app/options/settingoptions.h"
#include "files/textexperiment.h"
#include "ui/charts/capacitypanel.h"
#include "ui/controls/controlpanel.h"
#include "ui/controls/textcontrolpanel.h"
#include "ui/export/chartexport.h"
#include "ui/export/exports.h"
#include "ui/lessons/lesson.h"
#include "ui/lessons/lessonpanel.h"
#include "ui/maps/mapspanel.h"
#include "ui/style/theme.h"
#include "ui/text/textarenaviews.h"
#include "ui/text/textexports.h"
#include "ui/text/textsnapshot.h"
#include "ui/window/inputpathdock.h"
#include "ui/window/mainwindow.h"
#include "ui/window/textarena.h"
#include "ui/window/tour.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QSettings>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <string_view>

namespace {

using moe::ui::MainWindow;

// The settings a run can start with, from the settings tables.
void addStartSettingOptions(QCommandLineParser &parser)
{
    using namespace moe::settings;
    const QString start = QStringLiteral("Start with this setting: ");
    parser.addOptions({
        {QStringLiteral("dataset"),
         QStringLiteral("Start on this dataset (name or .csv file; with --arena text a corpus: "
                        "shakespeare, python, arithmetic, mixed or a .txt file)."),
         QStringLiteral("NAME")},
        moe::cli::settingOption(kExperts, QStringLiteral("E"), start, QString()),
        moe::cli::settingOption(kTopK, QStringLiteral("K"), start, QString()),
        moe::cli::settingOption(kExpertHidden, QStringLiteral("H"), start, QString()),
        {QStringLiteral("router"),
         start + QString::fromStdString(moe::choiceList(moe::kRouterChoices, " or ")) + '.',
         QStringLiteral("R")},
        moe::cli::settingOption(kBalanceLoss, QStringLiteral("A"), start, QString()),
        moe::cli::settingOption(kCapacityFactor, QStringLiteral("F"), start, QString()),
        moe::cli::settingOption(kLearningRate, QStringLiteral("LR"), start, QString()),
        {QStringLiteral("optimizer"),
         start + QString::fromStdString(moe::choiceList(moe::kOptimizerChoices, " or ")) + '.',
         QStringLiteral("O")},
        moe::cli::settingOption(QStringLiteral("steps-per-second"), kStepsPerSecond,
                                QStringLiteral("N"), start),
        moe::cli::settingOption(QStringLiteral("step-budget"), kStepBudget, QStringLiteral("N"),
                                start),
    });
}

void addAppOptions(QCommandLineParser &parser)
{
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
        {QStringLiteral("view"),
         QStringLiteral("Chart shown first: curves, parameters, accuracy, time or router (the "
                        "last four are the capacity-versus-compute views); with --arena text, "
                        "a text view's export name (text-token-strip, text-expert-tokens, "
                        "text-domain-by-expert, text-capacity-loss, ...)."),
         QStringLiteral("VIEW"), QStringLiteral("curves")},
        {QStringLiteral("present"), QStringLiteral("Start in presentation mode (F11).")},
        {QStringLiteral("passage"),
         QStringLiteral("With --arena text: the token strip routes this text instead of a "
                        "passage of the validation text."),
         QStringLiteral("TEXT")},
        {QStringLiteral("arena"),
         QStringLiteral("The arena shown first: 2d (points in the plane) or text (a tiny MoE "
                        "language model on Shakespeare)."),
         QStringLiteral("ARENA"), QStringLiteral("2d")},
        {QStringLiteral("follow"),
         QStringLiteral("Follow one input: pin the input at X,Y of the maps (plane coordinates; "
                        "the nearest sample when one is drawn there) once the maps show."),
         QStringLiteral("X,Y")},
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
        {QStringLiteral("sweep-shot"),
         QStringLiteral("With --sweep and --screenshot: take the screenshot once R runs of the "
                        "sweep are drawn, while it goes on, instead of when it finishes."),
         QStringLiteral("R")},
        {QStringLiteral("soak"),
         QStringLiteral("Train N steps, printing the resident memory every second and its growth "
                        "after warm-up at the end, then quit (a memory soak benchmark)."),
         QStringLiteral("N")},
        {QStringLiteral("measure"),
         QStringLiteral("Train for S seconds, then print steps/s, view refreshes/s and the longest "
                        "UI-thread stall (a 5 ms event-loop probe), and quit."),
         QStringLiteral("S")},
    });
}

// The controls take the start-up settings given on the command line (none: the default demo).
// `flatOut` (--measure, --soak): as fast as possible and without a step budget unless the
// options say otherwise. Throws moe::cli::UsageError for a value out of its setting's range or an
// unknown name.
void applyStartSettings(const QCommandLineParser &parser, MainWindow &window, bool flatOut)
{
    using namespace moe::settings;
    using moe::cli::settingIfSet;
    const QStringList names {
        "dataset",      "experts",          "top-k",       "expert-hidden",   "router",
        "balance-loss", "steps-per-second", "step-budget", "capacity-factor", "lr",
        "optimizer"};
    moe::ui::ArenaConfig config = moe::classroomDemo(); // the default demo, changed by the options
    if (!flatOut && std::none_of(names.cbegin(), names.cend(), [&parser](const QString &name) {
            return parser.isSet(name);
        })) {
        window.controls()->apply(config);
        return;
    }
    if (flatOut) {
        config.stepsPerSecond = 0;
        config.stepBudget = 0;
    }
    moe::MoeConfig &moe = config.model.moe;
    if (parser.isSet(QStringLiteral("dataset"))) {
        config.dataset.name = parser.value(QStringLiteral("dataset")).toStdString();
        // The dataset's own sample count and noise, not the demo's.
        config.dataset.samples = 0;
        config.dataset.noise.reset();
    }
    moe.experts = int(settingIfSet(parser, kExperts).value_or(moe.experts));
    moe.topK = int(settingIfSet(parser, kTopK).value_or(moe.topK));
    if (moe.topK > moe.experts)
        throw moe::cli::UsageError("--top-k " + std::to_string(moe.topK) + " is more than the "
                                   + std::to_string(moe.experts)
                                   + " experts: a sample cannot use more experts than exist");
    moe.expertHidden = int(settingIfSet(parser, kExpertHidden).value_or(moe.expertHidden));
    if (parser.isSet(QStringLiteral("router")))
        moe.router = moe::cli::choiceOption(parser, "router", moe::kRouterChoices);
    moe.balanceLoss = settingIfSet(parser, kBalanceLoss).value_or(moe.balanceLoss);
    if (const std::optional<double> factor = settingIfSet(parser, kCapacityFactor))
        moe.capacityFactor = factor;
    moe::OptimizerConfig &optimizer = config.training.optimizer;
    optimizer.learningRate
        = float(settingIfSet(parser, kLearningRate).value_or(optimizer.learningRate));
    if (parser.isSet(QStringLiteral("optimizer")))
        optimizer.kind = moe::cli::choiceOption(parser, "optimizer", moe::kOptimizerChoices);
    config.stepsPerSecond
        = int(settingIfSet(parser, QStringLiteral("steps-per-second"), kStepsPerSecond)
                  .value_or(config.stepsPerSecond));
    config.stepBudget = moe::Index(settingIfSet(parser, QStringLiteral("step-budget"), kStepBudget)
                                       .value_or(double(config.stepBudget)));
    window.controls()->apply(config);
}

// Throws UsageError for a lesson or step that does not exist (or no readable lessons).
void openLesson(const QCommandLineParser &parser, MainWindow &window, int step)
{
    moe::ui::LessonPanel *lessons = window.lessons();
    const int index
        = moe::gui::lessonIndex(parser, int(lessons->lessons().size()), lessons->problems());
    moe::gui::checkLessonStep(parser, step, int(lessons->lessons()[index].steps.size()));
    lessons->showLesson(index);
    for (int s = 1; s < step; ++s)
        lessons->next();
    window.showLessons();
    QTimer::singleShot(0, lessons, &moe::ui::LessonPanel::setUpStep);
}

// Throws UsageError for an unknown view.
void showFirstView(const QCommandLineParser &parser, MainWindow &window)
{
    using View = moe::ui::CapacityPanel::View;
    const QString view = parser.value(QStringLiteral("view"));
    if (parser.value(QStringLiteral("arena")) == QLatin1String("text")) {
        if (!parser.isSet(QStringLiteral("view")))
            return;
        if (!window.textArena()->views()->bringToFront(view))
            throw moe::cli::UsageError(
                "--view with --arena text must be one of "
                + moe::ui::textLessonViews().join(QStringLiteral(", ")).toStdString() + ", not '"
                + view.toStdString() + "'");
        return;
    }
    const QStringList views {QStringLiteral("parameters"), QStringLiteral("accuracy"),
                             QStringLiteral("time"), QStringLiteral("router")};
    if (views.contains(view)) {
        window.capacity()->setView(View(views.indexOf(view)));
        window.showCapacityView();
    } else if (view != QLatin1String("curves")) {
        throw moe::cli::UsageError(
            "--view must be curves, parameters, accuracy, time or router, not '"
            + view.toStdString() + "'");
    }
}

// --follow X,Y: after the first snapshot with maps, the input at (X, Y) is pinned as a click
// there would pin it. Throws UsageError for a malformed value.
void followAtStart(const QCommandLineParser &parser, MainWindow &window)
{
    const QStringList xy = parser.value(QStringLiteral("follow")).split(QLatin1Char(','));
    bool okX = false, okY = false;
    const double x = xy.size() == 2 ? xy[0].toDouble(&okX) : 0.0;
    const double y = xy.size() == 2 ? xy[1].toDouble(&okY) : 0.0;
    if (!okX || !okY)
        throw moe::cli::UsageError("--follow expects X,Y (two numbers), not '"
                                   + parser.value(QStringLiteral("follow")).toStdString() + "'");
    auto *once = new QObject(&window);
    QObject::connect(&window, &MainWindow::snapshotShown, once, [&window, once, x, y] {
        const moe::ui::ArenaSnapshot &s = window.latest();
        if (s.points.train.isEmpty())
            return;
        // As a click on the MoE's map: a sample drawn within a few of its pixels is the input.
        const double perPixel = (s.xMax - s.xMin) / std::max(1, window.maps()->moeMap()->width());
        window.inputPath()->pinAt(QPointF(x, y), perPixel);
        once->deleteLater();
    });
}

// --screenshot and --report: the window and/or the report are saved after --after seconds (or
// when the sweep is done, or once --sweep-shot runs of it are drawn), then the app quits with 0, or
// 1 if anything could not be written.
void scheduleCapture(const QCommandLineParser &parser, MainWindow &window, bool sweep,
                     int shotAtRun, int afterMs)
{
    const QString file = parser.value(QStringLiteral("screenshot"));
    const QString report = parser.value(QStringLiteral("report"));
    const auto shoot = [&window, file, report] {
        bool saved = true;
        if (!file.isEmpty()) {
            try { // the old file stays until the new one is whole (ui/export/chartexport.h)
                moe::ui::saveImage(window.grab().toImage(), file);
                std::printf("saved %s\n", qPrintable(file));
            } catch (const std::exception &error) {
                std::fprintf(stderr, "%s\n", error.what());
                saved = false;
            }
        }
        if (!report.isEmpty()) {
            try {
                if (window.arena() == MainWindow::Arena::Text)
                    moe::ui::writeTextReport(report, window.textArena()->views()->exportables(),
                                             window.textArena()->controls()->config(),
                                             window.textArena()->latest());
                else
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
    const bool text = window.arena() == MainWindow::Arena::Text; // its sweep: when done
    if (sweep && shotAtRun > 0 && !text) { // mid-sweep: once that many of its runs are drawn
        QObject::connect(window.capacity(), &moe::ui::CapacityPanel::sweepProgressed, &window,
                         [&window, shoot, shotAtRun, taken = false](int done, int) mutable {
                             if (done < shotAtRun || taken)
                                 return;
                             taken = true;
                             QTimer::singleShot(1000, &window, shoot);
                         });
    } else if (sweep && text) {
        QObject::connect(window.textArena(), &moe::ui::TextArena::sweepFinished, &window,
                         [&window, shoot] { QTimer::singleShot(1500, &window, shoot); });
    } else if (sweep) { // when the sweep is done and its last run drawn
        QObject::connect(&window, &MainWindow::sweepFinished, &window,
                         [&window, shoot] { QTimer::singleShot(1500, &window, shoot); });
    } else {
        QTimer::singleShot(afterMs, &window, shoot);
    }
}

// --help and --version print and quit: they need no display, so they must not fail without one
// (over ssh, in a build script) for want of a windowing platform.
void printWithoutDisplay(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "-h" || arg == "--help" || arg == "--help-all" || arg == "-v"
            || arg == "--version" || arg == "-?") {
            qputenv("QT_QPA_PLATFORM", "offscreen");
            return;
        }
    }
}

} // namespace

int main(int argc, char *argv[])
{
    printWithoutDisplay(argc, argv);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("MoE Lab"));
    QApplication::setApplicationName(QStringLiteral("moelab"));
    QApplication::setApplicationVersion(QStringLiteral(MOELAB_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("MoE Lab: watch a Mixture-of-Experts learn next to a dense network."));
    parser.addHelpOption();
    parser.addVersionOption();
    addStartSettingOptions(parser);
    addAppOptions(parser);
    parser.process(app);

    moe::gui::StartOptions start;
    try {
        start = moe::gui::readStartOptions(parser);
    } catch (const moe::cli::UsageError &error) {
        std::fprintf(stderr, "moelab: %s\n", error.what());
        return 2;
    }
    const QString arena = parser.value(QStringLiteral("arena"));
    if (arena != QLatin1String("2d") && arena != QLatin1String("text")) {
        std::fprintf(stderr, "moelab: --arena must be 2d or text, not '%s'\n", qPrintable(arena));
        return 2;
    }
    MainWindow window(!parser.isSet(QStringLiteral("paused")));
    const bool sweep = start.sweepSteps > 0;
    const bool capture
        = parser.isSet(QStringLiteral("screenshot")) || parser.isSet(QStringLiteral("report"));
    try {
        if (arena == QLatin1String("text"))
            moe::gui::applyTextStartSettings(parser, window, parser.isSet(QStringLiteral("soak")));
        else
            applyStartSettings(parser, window,
                               parser.isSet(QStringLiteral("measure"))
                                   || parser.isSet(QStringLiteral("soak")));
        showFirstView(parser, window);
        if (parser.isSet(QStringLiteral("follow")))
            followAtStart(parser, window);
        // The window's size first: where the lesson panel goes depends on it.
        if (capture || parser.isSet(QStringLiteral("measure"))
            || parser.isSet(QStringLiteral("size")))
            window.resize(start.size);
        if (parser.isSet(QStringLiteral("lesson")))
            openLesson(parser, window, start.lessonStep);
    } catch (const moe::cli::UsageError &error) {
        std::fprintf(stderr, "moelab: %s\n", error.what());
        return 2;
    }
    if (parser.isSet(QStringLiteral("theme")))
        moe::ui::applyTheme(start.dark ? moe::ui::Theme::Dark : moe::ui::Theme::Light, &window);
    if (parser.value(QStringLiteral("arena")) == QLatin1String("text")) {
        window.showArena(MainWindow::Arena::Text);
        if (parser.isSet(QStringLiteral("passage")))
            window.textArena()->setPassage(parser.value(QStringLiteral("passage")));
    }
    if (parser.isSet(QStringLiteral("present")))
        QTimer::singleShot(0, &window, [&window] { window.setPresentationMode(true); });

    if (sweep) { // for a capture, the live demo trains for --after seconds first
        QTimer::singleShot(capture ? start.afterMs : 0, &window,
                           [&window, steps = start.sweepSteps] {
                               if (window.arena() == MainWindow::Arena::Text)
                                   window.textArena()->startSweep(steps);
                               else
                                   window.startSweep(steps);
                           });
    }
    if (start.soak > 0)
        moe::gui::startSoak(window, start.soak);
    if (capture)
        scheduleCapture(parser, window, sweep, start.sweepShot, start.afterMs);
    moe::gui::MeasureProbe probe;
    if (start.measure > 0)
        probe.start(window, start.measure);
    window.show();
    // The first time the app opens as itself (not for a capture, a measurement, a lesson or a
    // presentation), a short tour of the window; Help > Take the tour shows it again.
    const bool ownStart = !capture && !parser.isSet(QStringLiteral("measure"))
        && !parser.isSet(QStringLiteral("soak")) && !parser.isSet(QStringLiteral("lesson"))
        && !parser.isSet(QStringLiteral("present"));
    if (ownStart && !QSettings().value(moe::ui::Tour::seenKey(), false).toBool())
        QTimer::singleShot(800, &window, [&window] { window.startTour(); });
    return QApplication::exec();
}
