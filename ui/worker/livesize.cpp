#include "ui/worker/livesize.h"

#include "core/base/error.h"
#include "core/train/memoryestimate.h"
#include "ui/style/numberformat.h"

#include <algorithm>
#include <cmath>

namespace moe::ui {

void checkLiveSize(const ArenaConfig &config, Index samples)
{
    const double batch = double(config.training.batchSize);
    const double grid = double(config.mapResolution) * double(config.mapResolution);
    const double rows = std::max({batch, double(samples), grid});
    const ModelConfig moe = config.moeModel(), dense = config.denseModel();
    // Units a row passes through: the k chosen and the shared experts' hidden layers, or the
    // dense FFN's, in every block.
    const double moeUnits = double(moe.moe.effectiveTopK() + moe.moe.sharedExperts)
        * double(moe.moe.expertHidden) * double(moe.blocks);
    const double denseUnits = double(dense.hidden) * double(dense.blocks);
    const bool denseLarger = denseUnits >= moeUnits;
    const double activations = rows * std::max(moeUnits, denseUnits);
    if (activations <= kMaxLiveActivations) {
        // Both models live side by side: their weights, gradients and optimiser state together.
        const MemoryEstimate moeNeed = estimateTrainingMemory(moe, Index(batch), samples),
                             denseNeed = estimateTrainingMemory(dense, Index(batch), samples);
        checkFitsInMemory(moeNeed.bytes + denseNeed.bytes,
                          moeNeed.parameters + denseNeed.parameters,
                          "The MoE with its dense baseline");
        return;
    }
    const QString which = rows == batch ? QStringLiteral("a batch of %1").arg(grouped(batch))
        : rows == grid ? QStringLiteral("the %1 x %1 map").arg(config.mapResolution)
                       : QStringLiteral("all %1 samples (the class-by-expert view routes them at "
                                        "once)")
                             .arg(grouped(double(samples)));
    const QString model = denseLarger
        ? QStringLiteral("the dense baseline (h = %1, %2 blocks)")
              .arg(grouped(double(dense.hidden)))
              .arg(dense.blocks)
        : QStringLiteral("the MoE (k = %1 + %2 shared experts of h = %3, %4 blocks)")
              .arg(moe.moe.effectiveTopK())
              .arg(moe.moe.sharedExperts)
              .arg(moe.moe.expertHidden)
              .arg(moe.blocks);
    const QString lower = denseLarger
        ? QStringLiteral(
            "pick a smaller dense baseline (matched expert or total compute, or a custom "
            "width), "
            "fewer or narrower experts")
        : QStringLiteral("lower top-k, the shared experts or the expert width");
    throw ConfigError(QStringLiteral("Too large to train live: %1 through %2 is %3 million "
                                     "activations, over the app's limit of %4 million (about "
                                     "2 GB of memory). To fit, %5, or use fewer samples or a "
                                     "smaller batch.")
                          .arg(which, model)
                          .arg(grouped(std::round(activations / 1e6)))
                          .arg(grouped(std::round(kMaxLiveActivations / 1e6)))
                          .arg(lower)
                          .toStdString());
}

} // namespace moe::ui
