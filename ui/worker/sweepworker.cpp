#include "ui/worker/sweepworker.h"

#include "core/base/parallel.h"
#include "core/train/trainer.h"
#include "ui/worker/arenadata.h"

#include <cmath>

namespace moe::ui {

SweepWorker::SweepWorker(QObject *parent)
    : QObject(parent)
{
    registerArenaConfigType();
}

void SweepWorker::run(const ArenaConfig &config, int stepsPerRun, int threads)
{
    setThreadCount(std::max(1, threads));
    const std::vector<ModelConfig> grid = sweepGrid(config);
    emit started(int(grid.size()));
    ArenaData data;
    try {
        data = loadArenaData(config);
    } catch (const std::exception &error) {
        emit finished(false, QString::fromStdString(error.what()));
        return;
    }
    const Dataset &train = data.scaled.train, &test = data.scaled.test;
    const QString key = datasetKey(config);
    for (std::size_t i = 0; i < grid.size(); ++i) {
        if (m_cancel.load())
            break;
        ModelConfig model = grid[i];
        model.inputDim = train.inputDim();
        model.outputDim = train.outputDim();
        SweepRun run;
        try {
            Trainer trainer(model, train, test, config.training);
            bool finite = true;
            while (trainer.stepsDone() < stepsPerRun && finite && !m_cancel.load()) {
                const StepStats s = trainer.step();
                finite = std::isfinite(s.loss + s.auxLoss);
            }
            if (m_cancel.load())
                break;
            run.config = trainer.model().config();
            run.steps = trainer.stepsDone();
            run.stepMs = trainer.timeSpent().scaled(1000.0 / double(std::max<Index>(1, run.steps)));
            if (finite) {
                const Metrics m
                    = test.size() > 0 ? trainer.evaluate(test) : trainer.evaluate(train);
                run.loss = m.loss;
                run.accuracy = m.accuracy.value_or(NAN);
            }
            const ModelCost cost = trainer.model().cost();
            run.totalParams = cost.totalParams;
            run.flops = cost.forwardFlopsPerSample;
        } catch (const std::exception &error) { // a grid point the data cannot take
            emit finished(false, QString::fromStdString(error.what()));
            return;
        }
        run.label = runLabel(run.config);
        run.dataset = key;
        run.fromSweep = true;
        emit runFinished(run);
        emit progress(int(i) + 1, int(grid.size()));
    }
    emit finished(m_cancel.load(), QString());
}

} // namespace moe::ui
