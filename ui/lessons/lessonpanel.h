#pragma once

// The Lessons panel: pick a lesson, read its step, press "Set up and play" (the defaults plus the
// lesson's settings up to this step go to the controls, fresh models start, and the run pauses
// after the step's training), and the panel checks the step's effect on that run when it pauses,
// saying what it saw with the numbers the views show. Back and Next move through the steps.

#include "ui/lessons/lesson.h"

#include <QWidget>

class QComboBox;
class QGridLayout;
class QLabel;
class QPushButton;

namespace moe::ui {

class LessonPanel : public QWidget
{
    Q_OBJECT

public:
    explicit LessonPanel(QVector<Lesson> lessons, QWidget *parent = nullptr);
    void showLesson(int index);
    int lessonIndex() const { return m_lesson; }
    int stepIndex() const { return m_step; }
    const QVector<Lesson> &lessons() const { return m_lessons; }
    // Every snapshot: once the step has trained its steps, its checks are evaluated (once).
    void observe(const ArenaSnapshot &snapshot, const Experiment &running);
    // The same for the Text arena's snapshots (text lessons).
    void observeText(const TextSnapshot &snapshot, const TextExperiment &running);
    bool textLessonShown() const; // the lesson shown runs in the Text arena
    QString outcome() const;      // the last check's text, empty before
    // The widest the panel may be (the views keep the rest of the window): its text wraps, and
    // its four buttons take two rows when one row would not fit.
    void setWidthLimit(int pixels);
    // Lesson files that could not be read, named in the panel (below the lessons that could; in
    // place of them when none could, with every button off).
    void showProblems(const QStringList &problems);
    const QStringList &problems() const { return m_problemList; }

signals:
    // The step's experiment, to be run on fresh models; view: the one to outline.
    void setUpRequested(const moe::Experiment &experiment, const QString &view);
    // The same for a text lesson's step, to run in the Text arena.
    void textSetUpRequested(const moe::TextExperiment &experiment, const QString &view);
    // The step shown changed (or the lesson): its outline, if any, goes.
    void stepLeft();
    // A step being set up was refused (settingsRefused): the run it would have replaced should
    // not play on as if it were the step's.
    void stepRefused();

public slots:
    void setUpStep(); // the current step, from the defaults (with the running seed)
    // The worker refused a configuration: a step being set up did not start, so its pending
    // check is dropped (it would read the untouched run) and the panel says why.
    void settingsRefused(const QString &message);
    void next();
    void back();

protected:
    void changeEvent(QEvent *event) override; // a new font: the buttons' rows again

private:
    void arrangeButtons();
    void showStep();
    void check(const ArenaSnapshot &snapshot);
    void checkText(const TextSnapshot &snapshot);
    void showOutcome(const CheckOutcome &outcome);

    QVector<Lesson> m_lessons;
    QStringList m_problemList; // lesson files that could not be read
    int m_lesson = 0, m_step = 0;
    Experiment m_running;  // what the app runs now (its seed carries into a step)
    qint64 m_checkAt = -1; // the step number at which to check; -1: nothing pending
    int m_checkRun = 0;    // ... of this run (ArenaSnapshot::run): a restart must happen first
    // Per step of the lesson shown: the run as it was when the step's check was made, for the
    // next step's "before." comparisons.
    QVector<std::optional<ArenaSnapshot>> m_finished;
    QVector<std::optional<TextSnapshot>> m_finishedText; // the same for text lessons
    TextExperiment m_runningText;
    int m_lastTextRun = 0;
    QComboBox *m_choice;
    QLabel *m_summary, *m_heading, *m_text, *m_result, *m_problems;
    QPushButton *m_back, *m_setUp, *m_check, *m_next;
    QGridLayout *m_buttons;
    ArenaSnapshot m_last;
};

} // namespace moe::ui
