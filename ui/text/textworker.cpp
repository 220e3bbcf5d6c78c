#include "ui/text/textworker.h"

#include "core/base/error.h"
#include "core/base/parallel.h"
#include "datasets/builtins.h"
#include "ui/style/numberformat.h"
#include "ui/text/textsweep.h"
#include "ui/worker/trainingworker.h"

#include <QThread>
#include <cmath>
#include <numbers>

namespace moe::ui {

namespace {
constexpr int kSliceMs = 25;
constexpr int kSnapshotMs = 33;
constexpr int kMaxCurvePoints = 2000;

QString moeTitle(const TextModelConfig &c)
{
    const MoeConfig &m = c.moe;
    QString title = QStringLiteral("MoE: %1 experts of %2").arg(m.experts).arg(m.expertHidden);
    if (m.router != RouterKind::ExpertChoice)
        title += QStringLiteral(", top-%1").arg(m.effectiveTopK());
    else
        title += QStringLiteral(", expert choice");
    if (m.sharedExperts > 0)
        title += QStringLiteral(" + %1 shared").arg(m.sharedExperts);
    return title
        + (c.moeEvery == 2 ? QStringLiteral(", every other block")
                           : QStringLiteral(", every block"));
}
} // namespace

TextWorker::TextWorker(QObject *parent)
    : QObject(parent)
    , m_timer(this)
{
    qRegisterMetaType<moe::TextExperiment>("moe::TextExperiment");
    qRegisterMetaType<moe::ui::TextSnapshot>("moe::ui::TextSnapshot");
    m_timer.setInterval(0);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &TextWorker::tick);
    connect(this, &TextWorker::submitted, this, &TextWorker::applySubmitted, Qt::QueuedConnection);
}

TextWorker::~TextWorker()
{
    const QMutexLocker lock(&m_submittedMutex);
    m_submitted.reset();
    m_submittedPassage.reset();
}

void TextWorker::setThreads(int threads)
{
    m_threads = std::max(1, threads);
    setThreadCount(m_threads);
}

void TextWorker::submit(const TextExperiment &experiment)
{
    {
        const QMutexLocker lock(&m_submittedMutex);
        const bool queued = m_submitted.has_value() || m_submittedPassage.has_value();
        m_submitted = experiment;
        if (queued)
            return;
    }
    emit submitted(QPrivateSignal {});
}

void TextWorker::submitPassage(const QString &passage)
{
    {
        const QMutexLocker lock(&m_submittedMutex);
        const bool queued = m_submitted.has_value() || m_submittedPassage.has_value();
        m_submittedPassage = passage;
        if (queued)
            return;
    }
    emit submitted(QPrivateSignal {});
}

void TextWorker::applySubmitted()
{
    std::optional<TextExperiment> experiment;
    std::optional<QString> passage;
    {
        const QMutexLocker lock(&m_submittedMutex);
        experiment.swap(m_submitted);
        passage.swap(m_submittedPassage);
    }
    if (experiment)
        configure(*experiment);
    if (passage) {
        m_passage = *passage; // before the first run too: it starts with this passage
        if (m_pair) {
            routeCurrentPassage();
            publish();
        }
    }
}

void TextWorker::configure(const TextExperiment &experiment)
{
    try {
        applyConfig(experiment);
    } catch (const Cancelled &) {
        emit loadingFinished();
        emit loadCancelled(m_experiment);
    } catch (const std::exception &error) {
        emit loadingFinished();
        emit errorOccurred(QString::fromStdString(error.what()), m_experiment);
    }
}

void TextWorker::applyConfig(const TextExperiment &e, bool rebuild)
{
    e.validate();
    if (!m_text || m_experiment.needsNewData(e)) {
        emit loadingStarted(QString::fromStdString(e.corpus));
        m_cancelLoad.store(false);
        const std::filesystem::path dataDir = textDataDirectory(e.corpus);
        const auto progress = [this](double fraction, const std::string &stage) {
            if (m_cancelLoad.load())
                throw Cancelled("loading cancelled");
            emit loadingProgress(fraction);
            emit loadingStage(QString::fromStdString(stage));
        };
        auto text = std::make_unique<datasets::PreparedText>(datasets::prepareText(
            e.corpus, dataDir, e.seed, e.tokenizer, e.vocab, e.model.context, progress));
        auto bigram
            = std::make_unique<BigramCounts>(text->tokens.train.ids, text->tokenizer->vocabSize());
        emit loadingFinished();
        datasets::requireTokens(text->corpus.name, text->tokens, std::size_t(e.model.context) + 1);
        // Only now, with everything read, does the new text replace the old.
        const TextExperiment previous = m_experiment;
        m_experiment = e;
        std::swap(m_text, text);
        std::swap(m_bigram, bigram);
        try {
            start();
        } catch (...) { // the models do not fit this text: back to the run that was going on
            m_experiment = previous;
            std::swap(m_text, text);
            std::swap(m_bigram, bigram);
            throw;
        }
        return;
    }
    if (rebuild || m_experiment.needsRebuild(e) || !m_pair) {
        datasets::requireTokens(m_text->corpus.name, m_text->tokens,
                                std::size_t(e.model.context) + 1);
        const TextExperiment previous = m_experiment;
        m_experiment = e;
        try {
            start();
        } catch (...) {
            m_experiment = previous;
            throw;
        }
        return;
    }
    TextTrainConfig training = e.training;
    training.steps = std::max(1, e.stepBudget);
    m_pair->setLiveSettings(training, e.moeModel(m_text->tokenizer->vocabSize()).moe);
    if (e.stepsPerSecond != m_experiment.stepsPerSecond) {
        m_rateClock.start();
        m_stepsAtRateClock = m_state.step;
        m_pace.restart();
    }
    if (e.stepBudget != m_experiment.stepBudget) {
        m_stopAt = TrainingWorker::nextStop(m_state.step, e.stepBudget);
        m_state.atBudget = false;
        m_state.message.clear();
    }
    const bool resample = e.temperature != m_experiment.temperature;
    m_experiment = e;
    if (resample) {
        generateSamples();
    }
    publish();
}

void TextWorker::start()
{
    const int vocab = m_text->tokenizer->vocabSize();
    const TextModelConfig moe = m_experiment.moeModel(vocab),
                          dense = m_experiment.denseModel(vocab);
    TextTrainConfig training = m_experiment.training;
    training.steps = std::max(1, m_experiment.stepBudget);
    auto pair = std::make_unique<TextPair>(moe, dense, training, m_text->tokens.train.ids,
                                           m_experiment.seed);
    m_pair = std::move(pair);
    const int run = m_state.run + 1, evaluation = m_state.evaluation + 1;
    m_state = TextSnapshot {};
    m_state.run = run;
    m_state.evaluation = evaluation;
    m_state.corpus = QString::fromStdString(m_text->corpus.name);
    m_state.tokenizer = QString::fromLatin1(
        choiceName(datasets::kTokenizerChoices, m_experiment.tokenizer).data());
    for (const std::string &domain : m_text->corpus.domains)
        m_state.domains.append(QString::fromStdString(domain));
    m_state.vocab = vocab;
    m_state.moe.config = moe;
    m_state.dense.config = dense;
    m_state.moe.cost = textModelCost(moe);
    m_state.dense.cost = textModelCost(dense);
    m_state.moe.title = moeTitle(moe);
    m_state.dense.title = QStringLiteral("Dense: FFN %1, the same FLOPs per token")
                              .arg(dense.effectiveDenseHidden());
    m_moeMs = m_denseMs = 0.0;
    m_lossStride = 1;
    m_evaluatedStep = -1;
    m_rateClock.start();
    m_stepsAtRateClock = 0;
    m_pace.restart();
    m_stopAt = TrainingWorker::nextStop(0, m_experiment.stepBudget);
    evaluate();
    publish();
}

void TextWorker::reset()
{
    if (!m_pair)
        return;
    try {
        start();
    } catch (const std::exception &error) {
        emit errorOccurred(QString::fromStdString(error.what()), m_experiment);
    }
}

void TextWorker::play()
{
    if (!m_pair || m_playing)
        return;
    if (budgetReached())
        m_stopAt = TrainingWorker::nextStop(m_state.step, m_experiment.stepBudget);
    m_state.atBudget = false;
    m_state.message.clear();
    m_playing = true;
    m_rateClock.start();
    m_stepsAtRateClock = m_state.step;
    m_pace.restart();
    m_sinceSnapshot.start();
    m_timer.start();
    emit playingChanged(true);
}

void TextWorker::pause()
{
    if (!m_playing)
        return;
    m_playing = false;
    m_timer.stop();
    emit playingChanged(false);
    publish();
}

void TextWorker::stepOnce()
{
    if (!m_pair)
        return;
    trainOneStep();
    if (m_evaluatedStep != m_state.step)
        evaluate();
    publish();
}

void TextWorker::trainFor(qint64 steps)
{
    if (!m_pair)
        return;
    for (qint64 i = 0; i < steps; ++i)
        trainOneStep();
    if (m_evaluatedStep != m_state.step)
        evaluate();
    publish();
}

qint64 TextWorker::evaluationInterval() const
{
    return m_experiment.evalEvery;
}

void TextWorker::trainOneStep()
{
    const TextPairStep step = m_pair->step();
    m_moeMs += step.moeMs;
    m_denseMs += step.denseMs;
    ++m_state.step;
    const datasets::TokenStream &train = m_text->tokens.train;
    const double tokensPerChar
        = double(train.ids.size()) / double(std::max<std::size_t>(1, train.characters));
    const auto bits
        = [tokensPerChar](double nats) { return nats / std::numbers::ln2 * tokensPerChar; };
    if (m_state.step % m_lossStride == 0) {
        m_state.moe.batchBits.append(QPointF(double(m_state.step), bits(step.moe.loss)));
        m_state.dense.batchBits.append(QPointF(double(m_state.step), bits(step.dense.loss)));
        if (m_state.moe.batchBits.size() > kMaxCurvePoints) {
            for (QVector<QPointF> *curve : {&m_state.moe.batchBits, &m_state.dense.batchBits}) {
                QVector<QPointF> kept;
                for (qsizetype i = 0; i < curve->size(); i += 2)
                    kept.append((*curve)[i]);
                *curve = kept;
            }
            m_lossStride *= 2;
        }
    }
    if (TrainingWorker::evaluatesAt(m_state.step, evaluationInterval()))
        evaluate();
}

void TextWorker::tick()
{
    QElapsedTimer slice;
    slice.start();
    const int rate = m_experiment.stepsPerSecond;
    while (m_playing && !budgetReached() && slice.elapsed() < kSliceMs
           && (m_sinceSnapshot.elapsed() < kSnapshotMs || m_state.step == m_publishedStep)) {
        if (rate > 0 && !m_pace.due(rate))
            break;
        trainOneStep();
    }
    if (budgetReached()) {
        stopAtBudget();
        return;
    }
    const bool changed = m_state.step != m_publishedStep;
    if (m_sinceSnapshot.elapsed() >= kSnapshotMs && changed)
        publish();
    if (rate == 0) {
        m_timer.setInterval(0);
        return;
    }
    double wait = m_pace.msToNext();
    if (m_state.step != m_publishedStep)
        wait = std::min(wait, double(kSnapshotMs - m_sinceSnapshot.elapsed()));
    m_timer.setInterval(int(std::clamp(std::ceil(wait), 0.0, double(kSnapshotMs))));
}

void TextWorker::stopAtBudget()
{
    m_playing = false;
    m_timer.stop();
    m_state.atBudget = true;
    if (m_evaluatedStep != m_state.step)
        evaluate();
    m_state.message
        = QStringLiteral("Paused at the step budget (step %1): Play trains %2 steps "
                         "more.")
              .arg(grouped(double(m_state.step)), grouped(double(m_experiment.stepBudget)));
    emit playingChanged(false);
    publish();
}

void TextWorker::publish()
{
    const double seconds = double(m_rateClock.elapsed()) / 1000.0;
    m_state.stepsPerSecond
        = seconds > 0.2 ? double(m_state.step - m_stepsAtRateClock) / seconds : 0.0;
    m_state.playing = m_playing;
    m_state.threads = m_threads;
    m_state.stopAt = m_stopAt;
    const double steps = double(std::max<qint64>(1, m_state.step));
    m_state.moe.msPerStep = m_state.step > 0 ? m_moeMs / steps : 0.0;
    m_state.dense.msPerStep = m_state.step > 0 ? m_denseMs / steps : 0.0;
    m_publishedStep = m_state.step;
    m_sinceSnapshot.restart();
    emit snapshotReady(m_state);
}

} // namespace moe::ui
