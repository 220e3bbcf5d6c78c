#include "ui/worker/trainingworker.h"

#include "core/base/error.h"
#include "core/base/parallel.h"
#include "core/base/pca.h"
#include "ui/style/numberformat.h"
#include "ui/worker/arenadata.h"
#include "ui/worker/livesize.h"
#include "ui/worker/modeltitle.h"

#include <QThread>
#include <algorithm>
#include <cmath>

namespace moe::ui {

namespace {
constexpr int kSliceMs = 25;    // longest stretch of training between command checks
constexpr int kSnapshotMs = 33; // at most 30 snapshots a second
constexpr int kMapsMs = 200;    // maps are costlier: at most 5 a second while playing
// A map refresh should hold the worker (and so its answer to Pause or Reset) for about this long;
// bigger models get coarser maps, down to kMinMapResolution pixels a side.
constexpr double kMapTargetMs = 40.0;
constexpr int kMinMapResolution = 24;
// First guess before anything is measured: FLOPs a map refresh may cost (~40 ms on one core).
constexpr double kMapBudgetFlops = 4e8;
// The points to draw: raw coordinates for 2-D data, else the standardised features projected on
// their first two principal components.
DataPoints pointsOf(const datasets::TrainTestSplit &raw, const datasets::TrainTestSplit &scaled)
{
    DataPoints p;
    p.classes = raw.train.numClasses;
    p.projected = raw.train.inputDim() != 2;
    const Matrix basis = p.projected ? principalComponents(scaled.train.features, 2) : Matrix();
    auto fill = [&](const Dataset &rawPart, const Dataset &scaledPart, QVector<QPointF> &xy,
                    QVector<int> &labels, QVector<float> &targets) {
        const Matrix coords = p.projected ? Matrix(scaledPart.features * basis) : rawPart.features;
        for (Index i = 0; i < coords.rows() && coords.cols() >= 2; ++i) {
            xy.append(QPointF(coords(i, 0), coords(i, 1)));
            labels.append(rawPart.isClassification() ? rawPart.labels[std::size_t(i)] : 0);
            if (!rawPart.isClassification() && rawPart.targets.rows() == coords.rows())
                targets.append(rawPart.targets(i, 0));
        }
    };
    fill(raw.train, scaled.train, p.train, p.trainLabels, p.trainTargets);
    fill(raw.test, scaled.test, p.test, p.testLabels, p.testTargets);
    if (!raw.train.isClassification() && raw.train.targets.size() > 0)
        p.valueScale = std::max(1e-6f, raw.train.targets.cwiseAbs().maxCoeff());
    return p;
}

Matrix planeExtent(const DataPoints &p)
{
    Matrix xy(p.train.size(), 2);
    for (qsizetype i = 0; i < p.train.size(); ++i) {
        xy(Index(i), 0) = float(p.train[i].x());
        xy(Index(i), 1) = float(p.train[i].y());
    }
    return xy;
}

} // namespace

TrainingWorker::TrainingWorker(QObject *parent)
    : QObject(parent)
    , m_timer(this) // a child, so that moveToThread takes it along
{
    registerArenaConfigType();
    m_timer.setInterval(0);
    m_timer.setTimerType(Qt::PreciseTimer); // a step every 33 ms at 30 steps/s, evenly
    connect(&m_timer, &QTimer::timeout, this, &TrainingWorker::tick);
    // Queued, so that submit() (on the UI thread) hands the work to the worker's thread.
    connect(this, &TrainingWorker::submitted, this, &TrainingWorker::applySubmitted,
            Qt::QueuedConnection);
}

TrainingWorker::~TrainingWorker()
{
    // Settings submitted but never applied go under the lock that guarded them, so that their
    // last writer (the UI thread) is ordered before this thread's destruction of them.
    const QMutexLocker lock(&m_submittedMutex);
    m_submitted.reset();
}

void TrainingWorker::setThreads(int threads)
{
    m_threads = std::max(1, threads);
    setThreadCount(m_threads); // a setting of this (the worker's) thread
}

void TrainingWorker::submit(const ArenaConfig &config)
{
    {
        const QMutexLocker lock(&m_submittedMutex);
        const bool queued = m_submitted.has_value(); // an applySubmitted is on its way
        m_submitted = config;
        if (queued)
            return;
    }
    // A queued signal rather than a queued functor: no slot object is made on this thread.
    emit submitted(QPrivateSignal {});
}

void TrainingWorker::applySubmitted()
{
    std::optional<ArenaConfig> config;
    {
        const QMutexLocker lock(&m_submittedMutex);
        config.swap(m_submitted);
    }
    if (config)
        configure(*config);
}

void TrainingWorker::configure(const ArenaConfig &config)
{
    try {
        applyConfig(config, nullptr);
    } catch (const Cancelled &) {
        emit loadCancelled(m_config);
    } catch (const std::exception &error) {
        emit errorOccurred(QString::fromStdString(error.what()), m_config);
    }
}

void TrainingWorker::applyConfig(const ArenaConfig &config, Model *weights)
{
    if (!m_moe || m_config.needsNewData(config)) {
        ArenaData data = loadData(config);
        checkLiveSize(config, data.scaled.train.size() + data.scaled.test.size());
        Models models = buildModels(config, data.scaled);
        adoptWeights(models, weights);
        // Everything needed exists: only now replace the current run.
        m_state.points = pointsOf(data.raw, data.scaled);
        m_state.twoDimensional = data.raw.train.inputDim() == 2;
        m_grid = PlaneGrid::around(planeExtent(m_state.points), config.mapResolution);
        m_data = std::move(data.scaled);
        m_scaler = data.scaler;
        m_config = config;
        start(std::move(models));
        return;
    }
    checkLiveSize(config, m_data.train.size() + m_data.test.size()); // also for a live batch
    if (weights || m_config.needsRebuild(config)) {
        Models models = buildModels(config, m_data);
        adoptWeights(models, weights);
        m_config = config;
        start(std::move(models));
        return;
    }
    if (config.stepsPerSecond != m_config.stepsPerSecond) {
        // The chosen speed counts steps from now: measured from Play, a slower speed picked
        // after fast training would owe no step for minutes.
        m_rateClock.start();
        m_stepsAtRateClock = m_state.step;
        restartPace();
    }
    if (config.stepBudget != m_config.stepBudget) { // the next multiple of the new budget
        m_stopAt = nextStop(m_state.step, config.stepBudget);
        leaveBudget();
    }
    m_config = config;
    m_diverged = false; // a rolled-back run may go on with the new settings
    m_moe->setLearningRate(config.training.optimizer.learningRate);
    m_dense->setLearningRate(config.training.optimizer.learningRate);
    m_moe->setMoeLiveSettings(config.model.moe);
    publish(false);
}

TrainingWorker::Models TrainingWorker::buildModels(const ArenaConfig &config,
                                                   const datasets::TrainTestSplit &data) const
{
    const auto sized = [&](ModelConfig m) {
        m.inputDim = data.train.inputDim();
        m.outputDim = data.train.outputDim();
        return m;
    };
    Models models;
    models.moe = std::make_unique<Trainer>(sized(config.moeModel()), data.train, data.test,
                                           config.training);
    models.dense = std::make_unique<Trainer>(sized(config.denseModel()), data.train, data.test,
                                             config.training);
    return models;
}

int TrainingWorker::mapResolutionFor(double msAtCurrent) const
{
    const int most = std::max(kMinMapResolution, m_config.mapResolution);
    double resolution;
    if (msAtCurrent <= 0.0) { // not measured yet: from the FLOPs of the forward passes per point
        const double perPoint = 2.0 * m_moe->model().cost().forwardFlopsPerSample
            + m_dense->model().cost().forwardFlopsPerSample;
        resolution = std::sqrt(kMapBudgetFlops / std::max(1.0, perPoint));
    } else { // the cost grows with the number of points, resolution squared
        resolution = m_grid.resolution * std::sqrt(kMapTargetMs / msAtCurrent);
        if (resolution > m_grid.resolution) // grow back slowly, shrink at once
            resolution = std::min(resolution, m_grid.resolution * 1.25);
    }
    const int rounded = int(resolution) / 8 * 8;
    return std::clamp(rounded, kMinMapResolution, most);
}

void TrainingWorker::start(Models models)
{
    m_moe = std::move(models.moe);
    m_dense = std::move(models.dense);
    m_grid.resolution = mapResolutionFor(0.0);
    m_mapsIntervalMs = kMapsMs;
    const DataPoints points = m_state.points;
    const bool twoD = m_state.twoDimensional;
    const int run = m_state.run + 1;
    m_state = ArenaSnapshot {};
    m_state.run = run;
    m_state.points = points;
    m_state.twoDimensional = twoD;
    m_state.datasetKey = datasetKey(m_config);
    m_state.moe.title = modelTitle(m_config.moeModel(), m_config.baseline);
    m_state.dense.title = modelTitle(m_config.denseModel(), m_config.baseline);
    m_state.moe.cost = m_moe->model().cost();
    m_state.dense.cost = m_dense->model().cost();
    m_state.moe.config = m_moe->model().config();
    m_state.dense.config = m_dense->model().config();
    m_window.clear();
    m_lossStride = 1;
    m_good = {}; // evaluate() below takes the first one
    m_moeGuard = {};
    m_denseGuard = {};
    m_diverged = false;
    m_rateClock.start();
    m_stepsAtRateClock = 0;
    restartPace();
    m_stopAt = nextStop(0, m_config.stepBudget);
    evaluate();
    publish(true);
}

void TrainingWorker::reset()
{
    if (!m_moe)
        return;
    try {
        start(buildModels(m_config, m_data));
    } catch (const std::exception &error) {
        emit errorOccurred(QString::fromStdString(error.what()), m_config);
    }
}

void TrainingWorker::play()
{
    if (!m_moe || m_playing || m_diverged) // a diverged run needs new settings or Reset first
        return;
    if (budgetReached()) // Train on: one budget more
        m_stopAt = nextStop(m_state.step, m_config.stepBudget);
    leaveBudget();
    m_playing = true;
    m_rateClock.start();
    m_stepsAtRateClock = m_state.step;
    restartPace();
    m_sinceSnapshot.start();
    m_sinceMaps.start();
    m_timer.start();
    emit playingChanged(true);
}

void TrainingWorker::pause()
{
    if (!m_playing)
        return;
    m_playing = false;
    m_timer.stop();
    emit playingChanged(false);
    publish(true);
}

void TrainingWorker::stepOnce()
{
    if (!m_moe || m_diverged)
        return;
    trainOneStep();
    // Stepping by hand, every press shows its point on the curves (playing evaluates every
    // evalEvery steps).
    if (!m_diverged)
        evaluateIfStale();
    publish(true);
}

void TrainingWorker::trainFor(qint64 steps)
{
    if (!m_moe)
        return;
    for (qint64 i = 0; i < steps && !m_diverged; ++i)
        trainOneStep();
    if (!m_diverged) {
        evaluateIfStale();
        publish(true);
    }
}

void TrainingWorker::tick()
{
    QElapsedTimer slice;
    slice.start();
    const int rate = m_config.stepsPerSecond;
    // Until the slice is used up or a snapshot of the steps trained is due, whichever comes
    // first.
    while (m_playing && !budgetReached() && slice.elapsed() < kSliceMs
           && (m_sinceSnapshot.elapsed() < kSnapshotMs || m_state.step == m_publishedStep)) {
        if (rate > 0 && !m_pace.due(rate)) // a chosen speed: only the steps that are due by now
            break;
        trainOneStep();
    }
    if (!m_playing) // a divergence paused the run (and said so)
        return;
    if (budgetReached()) {
        stopAtBudget();
        return;
    }
    // As fast as possible: a snapshot every kSnapshotMs. At a chosen speed: one after each step
    // or so (no more often than that), and none while nothing changes.
    const bool changed = m_state.step != m_publishedStep;
    if (m_sinceSnapshot.elapsed() >= kSnapshotMs && (rate == 0 || changed))
        publish(m_sinceMaps.elapsed() >= m_mapsIntervalMs);
    if (rate == 0) {
        m_timer.setInterval(0);
        return;
    }
    // Sleep until the next step is due, or the snapshot of the last one may go out.
    double wait = m_pace.msToNext();
    if (m_state.step != m_publishedStep)
        wait = std::min(wait, double(kSnapshotMs - m_sinceSnapshot.elapsed()));
    m_timer.setInterval(int(std::clamp(std::ceil(wait), 0.0, double(kSnapshotMs))));
}

void TrainingWorker::restartPace()
{
    m_pace.restart();
}

void TrainingWorker::stopAtBudget()
{
    m_playing = false;
    m_timer.stop();
    m_state.atBudget = true;
    evaluateIfStale(); // the curves end where the run stops, as a headless run's do
    if (m_diverged)    // that evaluation found the run diverged, and said so
        return;
    m_state.message = QStringLiteral("Paused at the step budget (step %1): Train on, or Play, "
                                     "trains %2 steps more.")
                          .arg(grouped(double(m_state.step)), grouped(double(m_config.stepBudget)));
    emit playingChanged(false);
    publish(true);
}

void TrainingWorker::leaveBudget()
{
    if (m_state.atBudget)
        m_state.message.clear(); // said why the run paused at its budget
    m_state.atBudget = false;
}

qint64 TrainingWorker::nextStop(qint64 step, qint64 budget)
{
    return budget > 0 ? (step / budget + 1) * budget : 0;
}

void TrainingWorker::publish(bool withMaps)
{
    const double seconds = double(m_rateClock.elapsed()) / 1000.0;
    m_state.stepsPerSecond
        = seconds > 0.2 ? double(m_state.step - m_stepsAtRateClock) / seconds : 0.0;
    m_state.playing = m_playing;
    m_state.threads = m_threads;
    m_state.stopAt = m_stopAt;
    m_publishedStep = m_state.step;
    const auto msPerStep = [](const Trainer &t) {
        return t.stepsDone() > 0 ? 1000.0 * t.trainingSeconds() / double(t.stepsDone()) : 0.0;
    };
    m_state.moe.msPerStep = msPerStep(*m_moe);
    m_state.dense.msPerStep = msPerStep(*m_dense);
    m_state.xMin = m_grid.xMin;
    m_state.xMax = m_grid.xMax;
    m_state.yMin = m_grid.yMin;
    m_state.yMax = m_grid.yMax;
    if (!m_moe->moeBlocks().empty() && m_window.size() > 0)
        m_state.routing = summarizeRouting(m_window.total(), *m_moe->moeBlocks().front());
    m_state.batchLoad = m_window.fullBatchLoad();
    QElapsedTimer mapsClock;
    mapsClock.start();
    if (withMaps && !m_diverged)
        describePoints();
    if (withMaps && m_state.twoDimensional && !m_diverged) {
        const double scale = m_state.points.valueScale; // the same scale as the points' colours
        m_state.moe.decisionMap
            = decisionMap(*m_moe, m_grid, m_scaler, scale, &m_state.moe.decisionCells);
        m_state.dense.decisionMap
            = decisionMap(*m_dense, m_grid, m_scaler, scale, &m_state.dense.decisionCells);
        RoutingPicture routing = routingMap(*m_moe, m_grid, m_scaler, 0, true);
        m_state.routingMap = routing.choices.empty() ? QImage() : routing.choices.front();
        m_state.routingCells
            = routing.choiceCells.empty() ? PlaneCells {} : routing.choiceCells.front();
        m_state.routingChoices = std::move(routing.choices);
        m_state.routingChoiceCells = std::move(routing.choiceCells);
        m_state.routingAllChoices = routing.allChoices;
        m_state.expertMaps = std::move(routing.expertGates);
        m_state.expertMapCells = std::move(routing.cellsPerExpert);
        m_sinceMaps.restart();
        // Maps take at most about a fifth of the worker's time, at a resolution that keeps one
        // refresh near kMapTargetMs.
        const double ms = double(mapsClock.nsecsElapsed()) / 1e6;
        m_state.mapMs = ms;
        m_state.mapResolution = m_grid.resolution;
        m_mapsIntervalMs = std::max<qint64>(kMapsMs, qint64(4.0 * ms));
        m_grid.resolution = mapResolutionFor(ms);
    }
    m_sinceSnapshot.restart();
    emit snapshotReady(m_state);
    if (m_trace.active)
        publishTrace();
}

} // namespace moe::ui
