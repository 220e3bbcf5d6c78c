#include "core/train/memoryestimate.h"

#include "core/base/error.h"
#include "core/moe/moeflops.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>

namespace moe {

namespace {
constexpr double kFloat = 4.0;
constexpr double kEvalRows = 512.0; // the largest evaluation pass (core/train/trainer.cpp)

std::string gigabytes(double bytes)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f GB", bytes / 1e9);
    return text;
}
} // namespace

MemoryEstimate estimateTrainingMemory(const ModelConfig &c, Index batch, Index samples)
{
    const double d = c.width, blocks = c.blocks;
    double perBlock = 0.0, unitsPerRow = 4.0 * d;
    if (c.blockKind == BlockKind::Moe) {
        const MoeConfig &m = c.moe;
        const double he = m.expertHidden, experts = m.experts + m.sharedExperts;
        perBlock
            = routerMatrices(m.router) * double(m.experts) * d + experts * (2.0 * d * he + he + d);
        unitsPerRow += 4.0 * double(m.effectiveTopK() + m.sharedExperts) * he;
    } else {
        perBlock = 2.0 * d * c.hidden + c.hidden + d;
        unitsPerRow += 4.0 * c.hidden;
    }
    MemoryEstimate e;
    e.parameters = double(c.inputDim) * d + d + blocks * perBlock + d * c.outputDim + c.outputDim;
    const double rows = std::max(double(batch), kEvalRows);
    e.bytes = kFloat
        * (4.0 * e.parameters + rows * blocks * unitsPerRow
           + double(samples) * double(c.inputDim + c.outputDim));
    return e;
}

double availableMemoryBytes()
{
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    double kilobytes = 0.0;
    std::string unit;
    while (meminfo >> key >> kilobytes >> unit)
        if (key == "MemAvailable:")
            return kilobytes * 1024.0;
    return double(sysconf(_SC_PHYS_PAGES)) * double(sysconf(_SC_PAGE_SIZE));
}

void checkFitsInMemory(double bytes, double parameters, const std::string &what)
{
    const double available = availableMemoryBytes();
    if (bytes <= 0.8 * available)
        return;
    char count[32];
    std::snprintf(count, sizeof count, "%.3g", parameters);
    throw ConfigError(what + " would need about " + gigabytes(bytes) + " of memory to train ("
                      + count
                      + " parameters, each with its gradient and optimiser state, and "
                        "the activations of a batch), more than the "
                      + gigabytes(available)
                      + " this machine has available; lower the width, the expert or hidden "
                        "width, the number of experts or blocks");
}

} // namespace moe
