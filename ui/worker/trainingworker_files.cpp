// TrainingWorker and files: saving the arena's MoE or dense model, opening a saved one so that it
// trains on from its weights, and reading a CSV dataset with progress and Cancel.

#include "core/base/error.h"
#include "files/modelfile.h"
#include "ui/worker/arenadata.h"
#include "ui/worker/trainingworker.h"

namespace moe::ui {

void TrainingWorker::adoptWeights(Models &models, Model *weights) const
{
    if (!weights)
        return;
    Trainer &target = weights->isMoe() ? *models.moe : *models.dense;
    const ModelConfig &want = target.model().config(), &have = weights->config();
    if (have.inputDim != want.inputDim || have.outputDim != want.outputDim)
        throw DataError(QStringLiteral("the model takes %1 inputs and gives %2 outputs; this data "
                                       "has %3 features and needs %4 outputs")
                            .arg(have.inputDim)
                            .arg(have.outputDim)
                            .arg(want.inputDim)
                            .arg(want.outputDim)
                            .toStdString());
    files::copyWeights(*weights, target.model());
}

void TrainingWorker::openModel(const QString &path)
{
    try {
        files::ModelInfo info;
        std::unique_ptr<Model> model = files::loadModel(path, info);
        const ModelConfig &c = model->config();
        ArenaConfig next = m_config; // the other model keeps its settings
        next.model.width = c.width;
        next.model.blocks = c.blocks;
        next.model.activation = c.activation;
        if (model->isMoe()) {
            next.model.moe = c.moe;
        } else {
            next.baseline = DenseBaseline::Custom;
            next.customHidden = c.hidden;
        }
        if (!info.dataset.name.empty()) { // the data it learned, split as it was
            next.dataset = info.dataset;
            next.testFraction = info.testFraction;
        }
        applyConfig(next, model.get());
        emit configAdopted(next);
        emit fileDone(
            QStringLiteral("Opened %1: the %2 model continues from its saved weights "
                           "(%3 steps).")
                .arg(path, model->isMoe() ? QStringLiteral("MoE") : QStringLiteral("dense"))
                .arg(info.steps));
    } catch (const std::exception &error) {
        emit fileFailed(QString::fromStdString(error.what()));
    }
}

void TrainingWorker::saveModel(const QString &path, bool moe)
{
    try {
        if (!m_moe)
            throw DataError("there is no model to save yet");
        Trainer &trainer = moe ? *m_moe : *m_dense;
        files::ModelInfo info;
        info.task = m_data.train.task;
        info.classes = m_data.train.numClasses;
        info.scaler = m_scaler;
        info.dataset = m_config.dataset;
        info.testFraction = m_config.testFraction;
        info.steps = trainer.stepsDone();
        files::saveModel(path, trainer.model(), info);
        emit fileDone(QStringLiteral("Saved the %1 model (%2 steps) to %3.")
                          .arg(moe ? QStringLiteral("MoE") : QStringLiteral("dense"))
                          .arg(info.steps)
                          .arg(path));
    } catch (const std::exception &error) {
        emit fileFailed(QString::fromStdString(error.what()));
    }
}

ArenaData TrainingWorker::loadData(const ArenaConfig &config)
{
    const bool csv = datasets::endsWithCsv(config.dataset.name);
    if (!csv)
        return loadArenaData(config);
    m_cancelLoad.store(false); // a Cancel pressed before this load does not stop it
    emit loadingStarted(QString::fromStdString(config.dataset.name));
    struct Finished // emitted whatever the outcome: the UI's progress dialog goes away
    {
        TrainingWorker *worker;
        ~Finished() { emit worker->loadingFinished(); }
    } finished {this};
    return loadArenaData(
        config, {[this](double fraction) { emit loadingProgress(fraction); }, &m_cancelLoad});
}

} // namespace moe::ui
