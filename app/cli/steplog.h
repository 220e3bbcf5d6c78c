#pragma once

// The CLI's training observer: optionally writes one CSV row per step (--log-csv) and, in the
// readable mode, prints a progress line at every evaluation.
//
// The log streams into a temporary file for the whole run (files::AtomicFile) in blocks of 64 KB,
// so memory stays flat over any number of steps, and replaces an older log of the same name only
// at finish(): a run that fails, a full disk or a kill leave the old log as it was.

#include "core/train/trainingstats.h"
#include "files/atomicfile.h"

#include <QByteArray>
#include <memory>
#include <optional>

namespace moe::cli {

class StepLog : public TrainingObserver
{
public:
    // Opens `csvPath` when not empty; throws DataError (naming the file and the reason) if it
    // cannot be written. A write that fails during the run throws from onStep.
    StepLog(const QString &csvPath, bool printProgress);

    void onStep(const StepStats &stats) override;
    void onEvaluation(const EvalStats &stats) override;
    // Writes the last rows and replaces the old log by the new one. Throws DataError.
    void finish();
    // The first step whose batch loss was NaN or infinite (training diverged), if any.
    std::optional<Index> firstNonFiniteStep() const { return m_firstNonFinite; }

private:
    void writePendingRow(const EvalStats *evaluation);

    void flushRows(qsizetype atLeast);

    std::unique_ptr<files::AtomicFile> m_file;
    QByteArray m_rows; // rows not yet written
    bool m_printProgress;
    std::optional<StepStats> m_pending; // last step, written once we know if it was evaluated
    std::optional<Index> m_firstNonFinite;
};

} // namespace moe::cli
