// TrainingWorker's training steps: one step of both models, the evaluations (periodic, and more
// often over the first steps), the curves they feed (bounded however long the run), and what happens when a loss stops being
// finite or explodes (pause, roll back to the last healthy weights, say why).

#include "ui/worker/trainingworker.h"

#include <cmath>

namespace moe::ui {

namespace {
constexpr int kMaxCurvePoints = 2000;

void appendThinned(QVector<QPointF> &curve, QPointF point, int &stride, qint64 step)
{
    if (step % stride != 0)
        return;
    curve.append(point);
    if (curve.size() > kMaxCurvePoints) { // keep every other point, sample half as often
        QVector<QPointF> kept;
        for (qsizetype i = 0; i < curve.size(); i += 2)
            kept.append(curve[i]);
        curve = kept;
        stride *= 2;
    }
}

// For curves recorded at every evaluation: past the limit, every other point of the history is
// dropped (the newest always stays), so a run of any length keeps at most kMaxCurvePoints, denser
// towards the present. Without this a 10^6-step run would grow every curve by 20,000 points.
void appendBounded(QVector<QPointF> &curve, QPointF point)
{
    curve.append(point);
    if (curve.size() <= kMaxCurvePoints)
        return;
    QVector<QPointF> kept;
    for (qsizetype i = 0; i + 1 < curve.size(); i += 2)
        kept.append(curve[i]);
    kept.append(curve.back());
    curve = kept;
}

std::vector<Matrix> parameterValues(Trainer &trainer)
{
    std::vector<Matrix> values;
    for (const Parameter *p : trainer.model().parameters())
        values.push_back(p->value);
    return values;
}

// Puts saved values back and forgets the optimiser's state (its moments saw the blow-up).
void restoreValues(Trainer &trainer, const std::vector<Matrix> &values)
{
    const std::vector<Parameter *> &parameters = trainer.model().parameters();
    for (std::size_t i = 0; i < parameters.size() && i < values.size(); ++i)
        parameters[i]->value = values[i];
    trainer.optimizer().reset();
}

} // namespace

bool TrainingWorker::checkDiverged(const StepStats &stats, const DivergenceGuard &guard,
                                   const QString &model)
{
    const double loss = stats.loss + stats.auxLoss;
    if (!guard.diverged(loss))
        return true;
    // The loss of a step is computed before its update, so the weights that gave it came from
    // the update before: go back to the last evaluated state whose losses were healthy.
    QString back;
    if (m_good.step >= 0) {
        restoreValues(*m_moe, m_good.moe);
        restoreValues(*m_dense, m_good.dense);
        back = QStringLiteral("Both models are back at their weights of step %1, the last "
                              "healthy state. ")
                   .arg(m_good.step);
    }
    const QString what = std::isfinite(loss)
        ? QStringLiteral("exploded to %1 (more than %2 times where it started)")
              .arg(loss, 0, 'g', 3)
              .arg(DivergenceGuard::kExplodedFactor, 0, 'g', 3)
        : QStringLiteral("overflowed (it is no longer a finite number)");
    m_state.message = QStringLiteral("Training paused: the %1 loss %2 at step %3. %4"
                                     "The learning rate (%5) is probably too high: lower it and "
                                     "press Play, or Reset to start again.")
                          .arg(model, what)
                          .arg(stats.step)
                          .arg(back)
                          .arg(double(m_config.training.optimizer.learningRate));
    m_playing = false;
    m_timer.stop();
    m_diverged = true;
    emit playingChanged(false);
    publish(false); // no maps: a model with NaN weights would only draw noise
    return false;
}

void TrainingWorker::trainOneStep()
{
    const StepStats moe = m_moe->step();
    const StepStats dense = m_dense->step();
    // Where the losses started: the first step's batch loss is the untrained model's (computed
    // before its update); an evaluation after that update may already have exploded.
    m_moeGuard.setStart(moe.loss + moe.auxLoss);
    m_denseGuard.setStart(dense.loss + dense.auxLoss);
    // Checked before anything is recorded: no curve ever holds a NaN or an explosion.
    if (!checkDiverged(moe, m_moeGuard, QStringLiteral("MoE"))
        || !checkDiverged(dense, m_denseGuard, QStringLiteral("dense")))
        return;
    m_state.step = moe.step;
    m_state.epoch = moe.epoch;
    if (!m_moe->moeBlocks().empty()) {
        RoutingCounts counts;
        counts.add(m_moe->moeBlocks().front()->lastDecision());
        m_window.add(std::move(counts));
    }
    appendThinned(m_state.moe.batchLoss, QPointF(double(moe.step), moe.loss), m_lossStride,
                  moe.step);
    int auxStride = m_lossStride; // the same thinning for both curves
    appendThinned(m_state.moe.auxLoss, QPointF(double(moe.step), moe.auxLoss), auxStride, moe.step);
    int denseStride = m_lossStride;
    appendThinned(m_state.dense.batchLoss, QPointF(double(dense.step), dense.loss), denseStride,
                  dense.step);
    if (evaluatesAt(moe.step, evaluationInterval()))
        evaluate();
}

qint64 TrainingWorker::evaluationInterval() const
{
    const qint64 every = m_config.training.evalEvery;
    const int rate = m_config.stepsPerSecond;
    if (!m_playing || rate <= 0 || every <= 0)
        return every;
    // Playing at a chosen speed: a point about five times a second, on a round number of steps
    // (1, 2, 5, 10, 20, ...), so that the curves grow with the maps rather than in jumps of
    // evalEvery steps. An evaluation costs next to nothing beside the time the pace leaves idle.
    qint64 round = 1;
    for (qint64 decade = 1; decade <= rate / 5; decade *= 10)
        for (qint64 m : {1, 2, 5})
            if (m * decade <= rate / 5)
                round = m * decade;
    return std::min(every, round);
}

bool TrainingWorker::evaluatesAt(qint64 step, qint64 evalEvery)
{
    if (evalEvery <= 0 || step <= 0)
        return false;
    if (step % evalEvery == 0)
        return true;
    if (step > evalEvery)
        return false;
    // Before the first regular evaluation: 1, 2, 5, 10, 20, 50, ... (a handful of evaluations of
    // the whole data, next to nothing beside the steps), so that the curves start at once and a
    // log step axis has points in every decade.
    qint64 decade = 1;
    while (decade * 10 <= step)
        decade *= 10;
    return step == decade || step == 2 * decade || step == 5 * decade;
}

void TrainingWorker::evaluateIfStale()
{
    const QVector<QPointF> &last = m_state.moe.trainLoss;
    if (last.isEmpty() || qint64(last.back().x()) != m_state.step)
        evaluate();
}

void TrainingWorker::evaluate()
{
    const EvalStats moe = m_moe->evaluate();
    const EvalStats dense = m_dense->evaluate();
    m_moeGuard.setStart(moe.train.loss); // an evaluation before any step (at step 0)
    m_denseGuard.setStart(dense.train.loss);
    // Checked as a step's loss is, before anything is recorded: an evaluation after an update
    // that exploded (SGD at 50: 6e6 at step 1) never reaches a curve either.
    const auto checked
        = [this](const EvalStats &e, const DivergenceGuard &guard, const QString &model) {
              StepStats probe;
              probe.step = e.step;
              probe.loss = guard.diverged(e.train.loss) || !e.test ? e.train.loss : e.test->loss;
              return checkDiverged(probe, guard, model);
          };
    if (!checked(moe, m_moeGuard, QStringLiteral("MoE"))
        || !checked(dense, m_denseGuard, QStringLiteral("dense")))
        return;
    const auto record = [](const EvalStats &e, ModelSnapshot &view) {
        const double step = double(e.step);
        appendBounded(view.trainLoss, QPointF(step, e.train.loss));
        if (e.train.accuracy)
            appendBounded(view.trainAccuracy, QPointF(step, *e.train.accuracy));
        if (e.test) {
            appendBounded(view.testLoss, QPointF(step, e.test->loss));
            if (e.test->accuracy)
                appendBounded(view.testAccuracy, QPointF(step, *e.test->accuracy));
        }
    };
    record(moe, m_state.moe);
    record(dense, m_state.dense);
    if (m_moeGuard.healthy(moe.train.loss) && m_denseGuard.healthy(dense.train.loss)) {
        m_good.moe = parameterValues(*m_moe);
        m_good.dense = parameterValues(*m_dense);
        m_good.step = moe.step;
    }
    if (!moe.routing.empty() && moe.routing.front().steps > 0) {
        const RoutingStats &r = moe.routing.front();
        m_state.expertShare.resize(r.perExpert.size());
        for (std::size_t e = 0; e < r.perExpert.size(); ++e) // idealShare / E = share of all slots
            appendBounded(m_state.expertShare[e],
                          QPointF(double(moe.step), r.perExpert[e].idealShare / double(r.experts)));
    }
}

} // namespace moe::ui
