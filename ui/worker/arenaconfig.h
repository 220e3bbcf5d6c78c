#pragma once

// The app's name for an experiment: what the control panel edits and the training worker runs.

#include "files/experiment.h"

#include <QMetaType>

Q_DECLARE_METATYPE(moe::Experiment)

namespace moe::ui {

using ArenaConfig = moe::Experiment;

// Queued calls name the type as their signatures spell it: register that name too. Called by
// every object that receives an ArenaConfig across threads; registering twice is harmless.
inline void registerArenaConfigType()
{
    qRegisterMetaType<moe::Experiment>("moe::ui::ArenaConfig");
}

} // namespace moe::ui
