#include "app/cli/steplog.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

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
    m_file.setFileName(csvPath);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        throw std::runtime_error("cannot write the step log " + csvPath.toStdString() + ": "
                                 + m_file.errorString().toStdString());
    m_csv.setDevice(&m_file);
    // One row per step; the evaluation columns are filled on the steps that were evaluated.
    m_csv << "step,epoch,batch_size,batch_loss,batch_accuracy,aux_loss,step_seconds,"
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
    if (!m_pending || !m_file.isOpen()) {
        m_pending.reset();
        return;
    }
    const StepStats &s = *m_pending;
    m_csv << s.step << ',' << s.epoch << ',' << s.samples << ',' << number(s.loss) << ','
          << optionalNumber(s.accuracy) << ',' << number(s.auxLoss) << ',' << number(s.time.total);
    if (evaluation && evaluation->step == s.step) {
        m_csv << ',' << number(evaluation->train.loss) << ','
              << optionalNumber(evaluation->train.accuracy);
        if (evaluation->test)
            m_csv << ',' << number(evaluation->test->loss) << ','
                  << optionalNumber(evaluation->test->accuracy);
        else
            m_csv << ",,";
    } else {
        m_csv << ",,,,";
    }
    m_csv << '\n';
    m_pending.reset();
}

void StepLog::finish()
{
    writePendingRow(nullptr);
    if (!m_file.isOpen())
        return;
    m_csv.flush();
    const bool failed = m_csv.status() != QTextStream::Ok || m_file.error() != QFileDevice::NoError;
    m_file.close();
    if (failed)
        throw std::runtime_error("could not finish writing the step log "
                                 + m_file.fileName().toStdString());
}

} // namespace moe::cli
