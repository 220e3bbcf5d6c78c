#pragma once

// The Text arena as the window holds it: its controls, its views and its worker on a thread of its
// own, wired as the 2-D arena's are (ui/window/mainwindow.h): snapshots are coalesced, the newest
// wins and the views repaint on a ~30 Hz timer. The window shows one arena at a time; the other
// keeps its settings and its run, paused. The capacity sweep trains on a thread of its own
// (TextSweepWorker) while live training pauses, and resumes it afterwards if it was playing.

#include "files/textexperiment.h"
#include "ui/text/textsnapshot.h"

#include <QObject>
#include <QThread>
#include <QTimer>

class QWidget;

namespace moe::ui {

class TextArenaViews;
class TextControlPanel;
class TextSweepWorker;
class TextWorker;

class TextArena : public QObject
{
    Q_OBJECT

public:
    TextArena(QWidget *window, int threads);
    ~TextArena() override;

    TextControlPanel *controls() const { return m_controls; }
    TextArenaViews *views() const { return m_views; }
    TextWorker *worker() const { return m_worker; }
    const TextSnapshot &latest() const { return m_latest; }
    bool playing() const { return m_playing; }
    // The first time the arena is shown its worker reads the corpus and builds the models.
    void activate(bool autoplay);
    void togglePlay();
    void play();
    void pause();
    void step();
    void reset();
    // The token strip routes `text` (the editor shows it), as if the student had typed it.
    void setPassage(const QString &text);
    QString statusText() const; // the status bar's figures
    // The capacity sweep of the controls' settings, `stepsPerRun` steps a run; live training
    // pauses until it ends. cancelSweep stops it within one training step, and so does a new
    // corpus or tokenizer (its runs would compare with nothing shown).
    void startSweep(int stepsPerRun);
    void cancelSweep();
    bool sweeping() const { return m_sweeping; }

signals:
    void snapshotShown();
    void errorOccurred(const QString &message);
    void busy(const QString &what); // reading a corpus ("" when done)
    void fileDone(const QString &message);
    void fileFailed(const QString &message);
    void sweepFinished(bool cancelled);

private:
    void repaintIfNew();
    void sweepEnded(bool cancelled, const QString &error);

    QWidget *m_window;
    QThread m_thread;
    TextWorker *m_worker;
    QThread m_sweepThread;
    TextSweepWorker *m_sweeper;
    TextControlPanel *m_controls;
    TextArenaViews *m_views;
    QTimer m_repaint;
    TextSnapshot m_latest;
    int m_threads;
    bool m_dirty = false, m_playing = false, m_started = false;
    bool m_sweeping = false, m_resumeAfterSweep = false;
    TextExperiment m_sweepExperiment; // what the running sweep trains on
};

} // namespace moe::ui
