// libFuzzer target: experiment and model files (moe::files) on arbitrary bytes, through the same
// entry points the app and the CLI use (loadExperiment, loadModel read a path, so each input is
// written to a scratch file first). A moe::Error subclass with a message is the loader doing its
// job; anything else escaping, a crash, UB or a huge allocation (-rss_limit_mb) is a finding.
// Built and run by scripts/fuzz.sh.

#include "core/base/error.h"
#include "files/experimentfile.h"
#include "files/modelfile.h"
#include "scratchfile.h"

#include <QCoreApplication>
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QString path = writeScratchFile("files", data, size);
    if (path.isEmpty())
        return 0;
    try {
        const moe::Experiment experiment = moe::files::loadExperiment(path);
        (void)experiment;
    } catch (const moe::DataError &) {
    } catch (const moe::ConfigError &) { }
    try {
        moe::files::ModelInfo info;
        const std::unique_ptr<moe::Model> model = moe::files::loadModel(path, info);
        (void)model;
    } catch (const moe::DataError &) {
    } catch (const moe::ConfigError &) { }
    return 0;
}
