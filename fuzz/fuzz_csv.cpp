// libFuzzer target: the CSV loader on arbitrary bytes, as a classification and as a regression
// file. A moe::DataError (or ConfigError) is the loader doing its job; anything else escaping,
// a crash, a leak or undefined behaviour (ASan + UBSan) is a finding. Built and run by
// scripts/fuzz.sh; findings are kept in tests/datasets/corpus/fuzz/ as regression inputs.

#include "core/base/error.h"
#include "datasets/csvloader.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    for (moe::Task task : {moe::Task::Classification, moe::Task::Regression}) {
        try {
            const moe::Dataset dataset = moe::datasets::parseCsv(text, "fuzz.csv", {"", task, {}});
            // A dataset that loads is whole: one label or target row per sample.
            if (task == moe::Task::Classification
                && dataset.labels.size() != std::size_t(dataset.size()))
                __builtin_trap();
        } catch (const moe::DataError &) {
        } catch (const moe::ConfigError &) { }
    }
    return 0;
}
