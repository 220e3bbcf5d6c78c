// libFuzzer target: lesson files (docs/lessons.md) on arbitrary bytes, through loadLesson, the
// entry point of the app's Lessons menu. A lesson that loads is then played the way the panel
// plays it without training: every step's patch applied in order, and every check evaluated on an
// empty snapshot and on one with numbers. A moe::Error subclass with a message is the loader doing
// its job; anything else escaping, a crash, UB or a huge allocation (-rss_limit_mb) is a finding.
// Built and run by scripts/fuzz.sh.

#include "core/base/error.h"
#include "scratchfile.h"
#include "ui/lessons/lesson.h"

#include <cstddef>
#include <cstdint>

namespace {

moe::ui::ArenaSnapshot snapshotWithNumbers()
{
    moe::ui::ArenaSnapshot s;
    s.step = 1000;
    s.dense.testAccuracy = {{1000.0, 0.8}};
    s.moe.testAccuracy = {{1000.0, 0.9}};
    s.dense.testLoss = {{1000.0, 0.5}};
    s.moe.testLoss = {{1000.0, 0.3}};
    s.moe.cost.totalParams = 4355;
    s.moe.cost.activeParamsPerSample = 1200;
    s.routing.steps = 10;
    s.routing.loadCv = 0.25;
    s.routing.maxEntropy = 2.0;
    s.routing.routerEntropy = 1.5;
    return s;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QString path = writeScratchFile("lesson", data, size);
    if (path.isEmpty())
        return 0;
    try {
        const moe::ui::Lesson lesson = moe::ui::loadLesson(path);
        static const moe::ui::ArenaSnapshot empty;
        static const moe::ui::ArenaSnapshot numbers = snapshotWithNumbers();
        moe::Experiment experiment;
        for (const moe::ui::LessonStep &step : lesson.steps) {
            experiment = moe::ui::applyStep(experiment, step);
            // Every check of the step, on an empty snapshot and on one with numbers (also as
            // the step before, for "before." metrics).
            (void)moe::ui::evaluateChecks(step, empty);
            (void)moe::ui::evaluateChecks(step, numbers, &empty);
            (void)moe::ui::evaluateChecks(step, numbers, &numbers);
        }
    } catch (const moe::DataError &) {
    } catch (const moe::ConfigError &) { }
    return 0;
}
