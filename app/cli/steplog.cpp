#include "app/cli/steplog.h"

#include <cmath>
#include <cstdio>

namespace moe::cli {

namespace {
QString number(double value)
{
    return QString::number(value, 'g', 8);
}

QString optionalNumber(const std::optional<double> &value)
{
    return value ? number(*value) : QString();
}
} // namespace

StepLog::StepLog(const QString &csvPath, bool printProgress)
    : m_printProgress(printProgress)
{
    if (csvPath.isEmpty())
        return;
    m_file = std::make_unique<files::AtomicFile>(csvPath);
    // One row per step; the evaluation columns are filled on the steps that were evaluated.
    m_rows = "step,epoch,batch_size,batch_loss,batch_accuracy,aux_loss,step_seconds,"
             "train_loss,train_accuracy,test_loss,test_accuracy\n";
}

void StepLog::onStep(const StepStats &stats)
{
    if (!m_firstNonFinite && !std::isfinite(stats.loss + stats.auxLoss))
        m_firstNonFinite = stats.step;
    writePendingRow(nullptr);
    m_pending = stats;
}

void StepLog::onEvaluation(const EvalStats &stats)
{
    writePendingRow(&stats);
    if (!m_printProgress)
        return;
    if (!std::isfinite(stats.train.loss) || (stats.test && !std::isfinite(stats.test->loss))) {
        std::printf("step %7lld  the loss is no longer finite: training diverged\n",
                    (long long)stats.step);
        return;
    }
    QString line = QStringLiteral("step %1  train loss %2")
                       .arg(stats.step, 7)
                       .arg(stats.train.loss, 0, 'f', 4);
    if (stats.train.accuracy)
        line += QStringLiteral(" acc %1").arg(*stats.train.accuracy, 0, 'f', 4);
    if (stats.test) {
        line += QStringLiteral("  |  test loss %1").arg(stats.test->loss, 0, 'f', 4);
        if (stats.test->accuracy)
            line += QStringLiteral(" acc %1").arg(*stats.test->accuracy, 0, 'f', 4);
    }
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

void StepLog::writePendingRow(const EvalStats *evaluation)
{
    if (!m_pending || !m_file) {
        m_pending.reset();
        return;
    }
    const StepStats &s = *m_pending;
    QString row = QStringLiteral("%1,%2,%3,%4,%5,%6,%7")
                      .arg(s.step)
                      .arg(s.epoch)
                      .arg(s.samples)
                      .arg(number(s.loss), optionalNumber(s.accuracy), number(s.auxLoss),
                           number(s.time.total));
    if (evaluation && evaluation->step == s.step) {
        row += QLatin1Char(',') + number(evaluation->train.loss) + QLatin1Char(',')
            + optionalNumber(evaluation->train.accuracy);
        if (evaluation->test)
            row += QLatin1Char(',') + number(evaluation->test->loss) + QLatin1Char(',')
                + optionalNumber(evaluation->test->accuracy);
        else
            row += QStringLiteral(",,");
    } else {
        row += QStringLiteral(",,,,");
    }
    m_rows += row.toUtf8() + '\n';
    m_pending.reset();
    flushRows(64 * 1024);
}

void StepLog::flushRows(qsizetype atLeast)
{
    if (m_rows.size() < atLeast)
        return;
    m_file->write(m_rows);
    m_rows.clear();
}

void StepLog::finish()
{
    writePendingRow(nullptr);
    if (!m_file)
        return;
    flushRows(0);
    m_file->commit();
    m_file.reset();
}

} // namespace moe::cli
