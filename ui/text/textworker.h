#pragma once

// Trains the Text arena's MoE text model and its dense baseline side by side on a worker thread
// (the 2-D arena's TrainingWorker design, ui/worker/trainingworker.h): commands come in through
// queued slots and submit(), values go out as TextSnapshot. Training runs in slices of at most
// ~25 ms (a slice always finishes the step it started), snapshots go out at most ~30 times a
// second, and every evalEvery steps (more often over the first steps) an evaluation refreshes the
// validation curves, the token strip, the generated samples and the routing analyses.
// Reading and tokenizing a corpus happens here too, never on the UI thread.

#include "core/text/ngram.h"
#include "core/text/textpair.h"
#include "datasets/text/preparedtext.h"
#include "files/textexperiment.h"
#include "ui/text/textsnapshot.h"
#include "ui/worker/pace.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QObject>
#include <QTimer>
#include <atomic>
#include <memory>
#include <optional>

Q_DECLARE_METATYPE(moe::TextExperiment)

namespace moe::ui {

class TextWorker : public QObject
{
    Q_OBJECT

public:
    // The passage the token strip starts with: the first characters of the validation part.
    static constexpr int kPassageCharacters = 400;
    static constexpr int kMaxPassageTokens = 512;
    static constexpr int kSampleTokens = 160; // generated per model at each evaluation

    explicit TextWorker(QObject *parent = nullptr);
    ~TextWorker() override;

    // Thread-safe, for the UI thread: the newest settings (or passage) win; older ones not yet
    // applied are skipped (a slider dragged across sizes sends dozens of them).
    void submit(const moe::TextExperiment &experiment);
    void submitPassage(const QString &passage);
    // Thread-safe (the UI's Cancel): stops reading a corpus at its next stage; the run goes on.
    void cancelLoading() { m_cancelLoad.store(true); }

public slots:
    // New text and/or new models when needed, else the live settings. On an error the run goes on
    // as it was and errorOccurred says what is wrong.
    void configure(const moe::TextExperiment &experiment);
    void play();
    void pause();
    void stepOnce();
    void trainFor(qint64 steps); // then one evaluation and snapshot (tests, headless runs)
    void reset();
    void setThreads(int threads);
    // Model files (textworker_files.cpp): a saved text model replaces the arena's model of its kind
    // and trains on from its weights, on the corpus and tokenizer it was trained with; the other
    // model is rebuilt fresh beside it. configAdopted carries the settings the arena now runs.
    void openModel(const QString &path);
    void saveModel(const QString &path, bool moe);

signals:
    void snapshotReady(const moe::ui::TextSnapshot &snapshot);
    void errorOccurred(const QString &message, const moe::TextExperiment &running);
    void playingChanged(bool playing);
    void loadingStarted(const QString &what); // a corpus is read and tokenized
    void loadingProgress(double fraction);
    void loadingStage(const QString &stage); // "tokenizing"
    void loadingFinished();
    void loadCancelled(const moe::TextExperiment &running);
    void configAdopted(const moe::TextExperiment &experiment);
    void fileDone(const QString &message);
    void fileFailed(const QString &message); // nothing changed
    void submitted(QPrivateSignal);

private:
    void applySubmitted();
    // `rebuild`: fresh models even when the settings would apply live (a model file's run).
    void applyConfig(const TextExperiment &experiment, bool rebuild = false);
    void start(); // fresh models from m_experiment on m_text
    void tick();
    void trainOneStep();
    void evaluate(); // curves, passage, samples, analyses (textworker_eval.cpp)
    void routeCurrentPassage();
    void generateSamples();
    void analyse();
    void publish();
    void stopAtBudget();
    bool budgetReached() const { return m_stopAt > 0 && m_state.step >= m_stopAt; }
    qint64 evaluationInterval() const;
    QString tokenText(int id) const; // as the strip shows it: "\n" as ⏎, " " as ·

    TextExperiment m_experiment;
    std::unique_ptr<datasets::PreparedText> m_text;
    std::unique_ptr<BigramCounts> m_bigram;
    std::unique_ptr<TextPair> m_pair;
    QString m_passage; // the user's passage (empty: the default one)
    std::vector<int> m_passageIds;
    TextSnapshot m_state;
    QTimer m_timer;
    Pace m_pace;
    QElapsedTimer m_sinceSnapshot, m_rateClock;
    qint64 m_stepsAtRateClock = 0, m_stopAt = 0, m_publishedStep = -1, m_evaluatedStep = -1;
    double m_moeMs = 0.0, m_denseMs = 0.0; // training time so far
    int m_lossStride = 1;
    int m_threads = 1;
    bool m_playing = false;
    QMutex m_submittedMutex; // guards the two below (written by the UI thread)
    std::optional<TextExperiment> m_submitted;
    std::optional<QString> m_submittedPassage;
    std::atomic<bool> m_cancelLoad {false};
};

} // namespace moe::ui
