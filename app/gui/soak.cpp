#include "app/gui/soak.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <memory>
#include <unistd.h>

namespace moe::gui {

namespace {
// Resident set size now, in MiB (Linux: /proc/self/statm; 0 elsewhere).
double residentMiB()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0.0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    if (fields.size() < 2)
        return 0.0;
    return fields[1].toDouble() * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}
} // namespace

void startSoak(moe::ui::MainWindow &window, qint64 steps)
{
    struct State
    {
        QElapsedTimer clock;
        double warmRss = 0.0, peakAfterWarm = 0.0;
        qint64 warmStep = 0;
    };
    auto state = std::make_shared<State>();
    state->clock.start();
    std::printf("seconds,step,rss_mib\n");
    auto *sampler = new QTimer(&window);
    sampler->setInterval(1000);
    QObject::connect(sampler, &QTimer::timeout, &window, [&window, steps, state] {
        const qint64 step = window.latest().step;
        const double rss = residentMiB();
        std::printf("%.0f,%lld,%.1f\n", double(state->clock.elapsed()) / 1000.0, (long long)step,
                    rss);
        std::fflush(stdout);
        if (state->warmStep == 0 && step >= steps / 10) { // warm-up over: the baseline
            state->warmStep = step;
            state->warmRss = rss;
        }
        if (state->warmStep > 0)
            state->peakAfterWarm = std::max(state->peakAfterWarm, rss);
        if (step >= steps) {
            const double growth = 100.0 * (rss - state->warmRss) / state->warmRss;
            std::printf("# %lld steps in %.0f s; RSS %.1f MiB after warm-up (step %lld), %.1f MiB "
                        "at the end, peak %.1f MiB after warm-up: growth %.2f%%\n",
                        (long long)step, double(state->clock.elapsed()) / 1000.0, state->warmRss,
                        (long long)state->warmStep, rss, state->peakAfterWarm, growth);
            QApplication::exit(0);
        }
    });
    sampler->start();
}

} // namespace moe::gui
