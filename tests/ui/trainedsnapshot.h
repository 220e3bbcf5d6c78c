#pragma once

// The snapshot a worker publishes after `steps` steps by hand on `config` (tests of the views).

#include "ui/worker/trainingworker.h"

namespace moe::ui {

inline ArenaSnapshot trainedSnapshot(const ArenaConfig &config, int steps)
{
    TrainingWorker worker;
    ArenaSnapshot last;
    QObject::connect(&worker, &TrainingWorker::snapshotReady,
                     [&](const ArenaSnapshot &s) { last = s; });
    worker.configure(config);
    for (int i = 0; i < steps; ++i)
        worker.stepOnce();
    return last;
}

} // namespace moe::ui
