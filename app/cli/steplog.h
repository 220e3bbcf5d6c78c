#pragma once

// The CLI's training observer: optionally writes one CSV row per step (--log-csv) and, in the
// readable mode, prints a progress line at every evaluation.

#include "core/train/trainingstats.h"

#include <QFile>
#include <QTextStream>
#include <optional>

namespace moe::cli {

class StepLog : public TrainingObserver
{
public:
    // Opens `csvPath` when not empty; throws std::runtime_error if it cannot be written.
    StepLog(const QString &csvPath, bool printProgress);

    void onStep(const StepStats &stats) override;
    void onEvaluation(const EvalStats &stats) override;
    void finish();
    // The first step whose batch loss was NaN or infinite (training diverged), if any.
    std::optional<Index> firstNonFiniteStep() const { return m_firstNonFinite; }

private:
    void writePendingRow(const EvalStats *evaluation);

    QFile m_file;
    QTextStream m_csv;
    bool m_printProgress;
    std::optional<StepStats> m_pending; // last step, written once we know if it was evaluated
    std::optional<Index> m_firstNonFinite;
};

} // namespace moe::cli
