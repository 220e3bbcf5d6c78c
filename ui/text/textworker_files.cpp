// TextWorker's model files: opening a saved text model into the arena and saving either model
// (files/textmodelfile.h).

#include "core/base/error.h"
#include "files/textmodelfile.h"
#include "ui/text/textworker.h"

#include <QFileInfo>

namespace moe::ui {

namespace {
bool sameTokenizer(const datasets::TokenizerState &a, const datasets::TokenizerState &b)
{
    return a.kind == b.kind && a.symbols == b.symbols && a.modelProto == b.modelProto;
}
} // namespace

void TextWorker::openModel(const QString &path)
{
    const QString name = QFileInfo(path).fileName();
    files::TextModelInfo info;
    std::unique_ptr<TextModel> model;
    try {
        model = files::loadTextModel(path, info);
    } catch (const std::exception &error) {
        emit fileFailed(QString::fromStdString(error.what()));
        return;
    }
    const TextModelConfig &c = model->config();
    const bool moe = c.isMoe();
    TextExperiment next = m_experiment; // the other model keeps the arena's settings
    next.corpus = info.corpus;
    next.tokenizer = info.tokenizer.kind;
    if (next.tokenizer != datasets::TokenizerKind::Char)
        next.vocab = c.vocab;
    next.seed = info.seed;
    next.model.context = c.context;
    next.model.width = c.width;
    next.model.heads = c.heads;
    next.model.blocks = c.blocks;
    next.model.denseHidden = c.denseHidden;
    if (moe) {
        next.model.moeEvery = c.moeEvery;
        next.model.moe = c.moe;
        next.matchCompute = c.moe.expertHidden == matchedExpertHidden(c);
    }
    const TextExperiment previous = m_experiment;
    try {
        applyConfig(next, true);
        if (!sameTokenizer(m_text->tokenizer->state(), info.tokenizer))
            throw DataError(name.toStdString()
                            + ": its tokenizer is not the one trained on its corpus (" + info.corpus
                            + ") here; the model cannot be read with it");
        m_pair->replace(moe, std::move(model));
    } catch (const std::exception &error) {
        try { // back to the run that was going on
            applyConfig(previous, true);
        } catch (const std::exception &) { }
        emit fileFailed(QString::fromStdString(error.what()));
        return;
    }
    // Its curves start from where the file left it.
    m_state.moe.validationBits.clear();
    m_state.dense.validationBits.clear();
    m_state.agreement.clear();
    m_state.chance.clear();
    m_state.changed.clear();
    m_state.analysis = {};
    evaluate();
    publish();
    emit configAdopted(m_experiment);
    emit fileDone(tr("Opened %1: the %2 model trained %3 steps on %4; it trains on from there.")
                      .arg(name, moe ? tr("MoE") : tr("dense"))
                      .arg(info.steps)
                      .arg(QString::fromStdString(info.corpus)));
}

void TextWorker::saveModel(const QString &path, bool moe)
{
    if (!m_pair) {
        emit fileFailed(tr("There is no model to save yet."));
        return;
    }
    try {
        files::TextModelInfo info;
        info.tokenizer = m_text->tokenizer->state();
        info.corpus = m_experiment.corpus;
        info.seed = m_experiment.seed;
        info.steps = m_state.step;
        files::saveTextModel(path, moe ? m_pair->moe() : m_pair->dense(), info);
        emit fileDone(tr("Saved the %1 text model (step %2) to %3.")
                          .arg(moe ? tr("MoE") : tr("dense"))
                          .arg(m_state.step)
                          .arg(path));
    } catch (const std::exception &error) {
        emit fileFailed(QString::fromStdString(error.what()));
    }
}

} // namespace moe::ui
