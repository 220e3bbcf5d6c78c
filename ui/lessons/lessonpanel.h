#pragma once

// The Lessons panel: pick a lesson, read its step, press "Set up and play" (the step's settings go
// to the controls, the run starts), and the panel checks the step's effect on the live run once it
// has trained long enough, saying what it saw. Back and Next move through the steps.

#include "ui/lessons/lesson.h"

#include <QWidget>

class QComboBox;
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
    // Every snapshot: once the step has trained its steps, its check is evaluated (once).
    void observe(const ArenaSnapshot &snapshot, const Experiment &running);
    QString outcome() const; // the last check's text, empty before

signals:
    // The step's experiment; reset: fresh models even if nothing structural changed.
    void setUpRequested(const moe::Experiment &experiment, bool reset, const QString &view);

public slots:
    void setUpStep(); // the current step, from the running experiment
    void next();
    void back();

private:
    void showStep();

    QVector<Lesson> m_lessons;
    int m_lesson = 0, m_step = 0;
    Experiment m_running;  // what the app runs now (steps patch it)
    qint64 m_checkAt = -1; // the step number at which to check; -1: nothing pending
    int m_checkRun = 0;    // ... of this run (ArenaSnapshot::run): a restart must happen first
    QComboBox *m_choice;
    QLabel *m_summary, *m_heading, *m_text, *m_result;
    QPushButton *m_back, *m_setUp, *m_check, *m_next;
    ArenaSnapshot m_last;
};

} // namespace moe::ui
