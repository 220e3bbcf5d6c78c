#pragma once

// Initialisation of the text model, as nanoGPT does it: every weight ~ N(0, 0.02^2), the
// projections back into the residual stream (attention out, FFN down) ~ N(0, (0.02 / sqrt(2N))^2)
// for N blocks, biases 0, LayerNorm gains 1.

#include "core/base/parameter.h"
#include "core/base/rng.h"

namespace moe {

inline constexpr float kTextInitStddev = 0.02f;

inline void fillNormal(Parameter &p, float stddev, Rng &rng)
{
    for (Index i = 0; i < p.value.size(); ++i)
        p.value.data()[i] = float(stddev * rng.normal());
}

} // namespace moe
