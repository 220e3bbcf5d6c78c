#include "ui/window/textarena.h"

#include "ui/controls/textcontrolpanel.h"
#include "ui/style/numberformat.h"
#include "ui/text/textarenaviews.h"
#include "ui/text/textcapacitypanel.h"
#include "ui/text/textsweepworker.h"
#include "ui/text/textworker.h"

#include <QTabWidget>

namespace moe::ui {

TextArena::TextArena(QWidget *window, int threads)
    : QObject(window)
    , m_window(window)
    , m_worker(new TextWorker)
    , m_sweeper(new TextSweepWorker)
    , m_controls(new TextControlPanel)
    , m_views(new TextArenaViews)
    , m_threads(threads)
{
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_controls, &TextControlPanel::configChanged, this, [this](const TextExperiment &e) {
        if (m_started)
            m_worker->submit(e);
        if (m_sweeping && m_sweepExperiment.needsNewData(e))
            m_sweeper->cancel(); // its runs would be on text no longer trained on
    });
    connect(m_controls, &TextControlPanel::playToggled, this, &TextArena::togglePlay);
    connect(m_controls, &TextControlPanel::stepRequested, this, &TextArena::step);
    connect(m_controls, &TextControlPanel::resetRequested, this, &TextArena::reset);
    connect(m_views, &TextArenaViews::passageEdited, this,
            [this](const QString &text) { m_worker->submitPassage(text); });
    connect(m_worker, &TextWorker::snapshotReady, this, [this](const TextSnapshot &s) {
        m_latest = s;
        m_dirty = true;
    });
    connect(m_worker, &TextWorker::playingChanged, this, [this](bool playing) {
        m_playing = playing;
        m_controls->setPlaying(playing);
        m_views->capacity()->setLivePlaying(playing);
    });
    connect(m_worker, &TextWorker::errorOccurred, this,
            [this](const QString &message, const TextExperiment &running) {
                m_controls->showRunning(running);
                emit errorOccurred(message);
            });
    connect(m_worker, &TextWorker::loadingStarted, this,
            [this](const QString &what) { emit busy(tr("Reading %1...").arg(what)); });
    connect(m_worker, &TextWorker::loadingFinished, this, [this] { emit busy(QString()); });
    connect(m_worker, &TextWorker::loadCancelled, this, [this](const TextExperiment &running) {
        m_controls->showRunning(running);
        emit busy(tr("Loading cancelled; the current run goes on."));
    });
    connect(m_worker, &TextWorker::configAdopted, this,
            [this](const TextExperiment &e) { m_controls->showRunning(e); });
    connect(m_worker, &TextWorker::fileDone, this, &TextArena::fileDone);
    connect(m_worker, &TextWorker::fileFailed, this, &TextArena::fileFailed);
    m_repaint.setInterval(33);
    connect(&m_repaint, &QTimer::timeout, this, &TextArena::repaintIfNew);
    m_repaint.start();
    m_thread.start();
    TextCapacityPanel *capacity = m_views->capacity();
    m_sweeper->moveToThread(&m_sweepThread);
    connect(&m_sweepThread, &QThread::finished, m_sweeper, &QObject::deleteLater);
    connect(capacity, &TextCapacityPanel::sweepRequested, this, &TextArena::startSweep);
    connect(capacity, &TextCapacityPanel::cancelRequested, this, &TextArena::cancelSweep);
    connect(m_sweeper, &TextSweepWorker::runFinished, capacity, &TextCapacityPanel::addRun);
    connect(m_sweeper, &TextSweepWorker::progress, capacity, &TextCapacityPanel::setSweepProgress);
    connect(m_sweeper, &TextSweepWorker::finished, this, &TextArena::sweepEnded);
    m_sweepThread.start();
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, threads] { worker->setThreads(threads); },
        Qt::QueuedConnection);
}

TextArena::~TextArena()
{
    m_sweeper->cancel(); // the sweep stops within one training step
    m_sweepThread.quit();
    m_sweepThread.wait();
    m_thread.quit();
    m_thread.wait();
}

void TextArena::activate(bool autoplay)
{
    if (!m_started) {
        m_started = true;
        m_worker->submit(m_controls->config());
    }
    if (autoplay && !m_playing)
        QMetaObject::invokeMethod(m_worker, &TextWorker::play, Qt::QueuedConnection);
}

void TextArena::togglePlay()
{
    if (!m_started)
        activate(false);
    QMetaObject::invokeMethod(m_worker, m_playing ? &TextWorker::pause : &TextWorker::play,
                              Qt::QueuedConnection);
}

void TextArena::play()
{
    if (!m_started)
        activate(false);
    QMetaObject::invokeMethod(m_worker, &TextWorker::play, Qt::QueuedConnection);
}

void TextArena::pause()
{
    QMetaObject::invokeMethod(m_worker, &TextWorker::pause, Qt::QueuedConnection);
}

void TextArena::step()
{
    QMetaObject::invokeMethod(m_worker, &TextWorker::stepOnce, Qt::QueuedConnection);
}

void TextArena::reset()
{
    QMetaObject::invokeMethod(m_worker, &TextWorker::reset, Qt::QueuedConnection);
}

void TextArena::setPassage(const QString &text)
{
    m_views->setPassage(text);
    m_worker->submitPassage(text);
}

void TextArena::startSweep(int stepsPerRun)
{
    if (m_sweeping)
        return;
    m_sweeping = true;
    m_resumeAfterSweep = m_playing;
    m_sweepExperiment = m_controls->config();
    pause();
    TextCapacityPanel *capacity = m_views->capacity();
    capacity->setLivePlaying(false);
    capacity->setSweepRunning(true);
    if (capacity->view() == TextCapacityPanel::View::Parameters)
        capacity->setView(TextCapacityPanel::View::Loss); // the view the runs fill
    m_views->tabs()->setCurrentWidget(capacity);
    m_sweeper->rearm();
    QMetaObject::invokeMethod(
        m_sweeper,
        [sweeper = m_sweeper, experiment = m_sweepExperiment, stepsPerRun, threads = m_threads] {
            sweeper->run(experiment, stepsPerRun, threads);
        },
        Qt::QueuedConnection);
}

void TextArena::cancelSweep()
{
    m_sweeper->cancel();
}

void TextArena::sweepEnded(bool cancelled, const QString &error)
{
    m_sweeping = false;
    m_views->capacity()->setSweepRunning(false);
    if (!error.isEmpty())
        emit errorOccurred(
            tr("The sweep could not go on (the runs it finished are kept): %1").arg(error));
    if (m_resumeAfterSweep)
        play();
    m_resumeAfterSweep = false;
    emit sweepFinished(cancelled);
}

void TextArena::repaintIfNew()
{
    if (!m_dirty)
        return;
    m_dirty = false;
    m_views->showSnapshot(m_latest);
    m_controls->setCosts(m_latest.moe.cost, m_latest.dense.cost);
    emit snapshotShown();
}

QString TextArena::statusText() const
{
    const TextSnapshot &s = m_latest;
    const QString step = s.stopAt > 0
        ? tr("step %1 of %2").arg(grouped(double(s.step)), grouped(double(s.stopAt)))
        : tr("step %1").arg(grouped(double(s.step)));
    const auto last = [](const QVector<QPointF> &curve) {
        return curve.isEmpty() ? QStringLiteral("-") : QString::number(curve.back().y(), 'f', 2);
    };
    return tr("%1 · %2 steps/s · %3 (%4 tokenizer, %5 tokens) · validation bits/char: MoE %6, "
              "dense %7, bigram %8 · %9 ms/step MoE, %10 dense")
        .arg(step)
        .arg(s.stepsPerSecond, 0, 'f', 0)
        .arg(s.corpus, s.tokenizer)
        .arg(s.vocab)
        .arg(last(s.moe.validationBits), last(s.dense.validationBits))
        .arg(s.bigramBits, 0, 'f', 2)
        .arg(s.moe.msPerStep, 0, 'f', 1)
        .arg(s.dense.msPerStep, 0, 'f', 1);
}

} // namespace moe::ui
