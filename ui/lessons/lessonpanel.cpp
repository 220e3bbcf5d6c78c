#include "ui/lessons/lessonpanel.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace moe::ui {

LessonPanel::LessonPanel(QVector<Lesson> lessons, QWidget *parent)
    : QWidget(parent)
    , m_lessons(std::move(lessons))
    , m_choice(new QComboBox)
    , m_summary(new QLabel)
    , m_heading(new QLabel)
    , m_text(new QLabel)
    , m_result(new QLabel)
    , m_problems(new QLabel)
    , m_back(new QPushButton(tr("Back")))
    , m_setUp(new QPushButton(tr("Set up and play")))
    , m_check(new QPushButton(tr("Check now")))
    , m_next(new QPushButton(tr("Next")))
    , m_buttons(new QGridLayout)
{
    for (const Lesson &lesson : m_lessons)
        m_choice->addItem(lesson.title);
    for (QLabel *label : {m_summary, m_heading, m_text, m_result, m_problems}) {
        label->setWordWrap(true);
        label->setTextFormat(Qt::PlainText);
    }
    QFont big = m_text->font();
    big.setPointSizeF(big.pointSizeF() * 1.15);
    m_text->setFont(big);
    QFont bold = big;
    bold.setBold(true);
    m_heading->setFont(bold);
    m_result->setFont(bold);
    m_setUp->setToolTip(tr("Put this step's settings in the controls and start training."));
    m_check->setToolTip(tr("Check the step's effect on the run as it is now."));
    m_setUp->setDefault(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_choice);
    layout->addWidget(m_summary);
    layout->addSpacing(8);
    layout->addWidget(m_heading);
    layout->addWidget(m_text);
    layout->addWidget(m_result);
    layout->addWidget(m_problems);
    m_problems->hide();
    // The buttons stay where they are, at the foot of the panel, whatever the length of the text
    // and of the check's result above them: Next never moves under the pointer.
    layout->addStretch(1);
    layout->addLayout(m_buttons);
    arrangeButtons();
    connect(m_choice, &QComboBox::currentIndexChanged, this, &LessonPanel::showLesson);
    connect(m_back, &QPushButton::clicked, this, &LessonPanel::back);
    connect(m_next, &QPushButton::clicked, this, &LessonPanel::next);
    connect(m_setUp, &QPushButton::clicked, this, &LessonPanel::setUpStep);
    connect(m_check, &QPushButton::clicked, this, [this] {
        m_checkAt = -1;
        check(m_last);
    });
    if (!m_lessons.isEmpty())
        showLesson(0);
    else
        showProblems({});
}

void LessonPanel::showProblems(const QStringList &problems)
{
    m_problemList = problems;
    if (m_lessons.isEmpty()) {
        m_choice->setEnabled(false);
        for (QPushButton *button : {m_back, m_setUp, m_check, m_next})
            button->setEnabled(false);
        m_heading->setText(tr("No lessons to show"));
        m_text->setText(tr("MoE Lab found no lesson it could read. The rest of the app works."));
    }
    m_problems->setText(problems.isEmpty()
                            ? QString()
                            : tr("Not loaded:\n%1").arg(problems.join(QLatin1Char('\n'))));
    m_problems->setVisible(!problems.isEmpty());
}

void LessonPanel::setWidthLimit(int pixels)
{
    setMaximumWidth(pixels);
    arrangeButtons();
}

void LessonPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        arrangeButtons();
}

void LessonPanel::arrangeButtons()
{
    // One row (Back, Set up and play, Check now, Next) where it fits the widest the panel may be;
    // else "Set up and play" and "Check now" above Back and Next. Decided from the width limit,
    // not the width: the rows then never change the panel's minimum width, which sets its width.
    int row = 0;
    for (QPushButton *button : {m_back, m_setUp, m_check, m_next})
        row += button->sizeHint().width() + m_buttons->horizontalSpacing();
    const QMargins margins = layout() ? layout()->contentsMargins() : QMargins();
    const bool oneRow = row <= maximumWidth() - margins.left() - margins.right();
    for (QPushButton *button : {m_back, m_setUp, m_check, m_next})
        m_buttons->removeWidget(button);
    if (oneRow) {
        m_buttons->addWidget(m_back, 0, 0);
        m_buttons->addWidget(m_setUp, 0, 1);
        m_buttons->addWidget(m_check, 0, 2);
        m_buttons->addWidget(m_next, 0, 3);
    } else {
        m_buttons->addWidget(m_setUp, 0, 0);
        m_buttons->addWidget(m_check, 0, 1);
        m_buttons->addWidget(m_back, 1, 0);
        m_buttons->addWidget(m_next, 1, 1);
    }
    // One row: "Set up and play" takes the room; two rows: two equal columns.
    for (int column = 0; column < 4; ++column)
        m_buttons->setColumnStretch(column, oneRow ? int(column == 1) : int(column < 2));
}

void LessonPanel::showLesson(int index)
{
    if (index < 0 || index >= m_lessons.size())
        return;
    m_lesson = index;
    m_step = 0;
    m_finished = QVector<std::optional<ArenaSnapshot>>(m_lessons[index].steps.size());
    m_finishedText = QVector<std::optional<TextSnapshot>>(m_lessons[index].steps.size());
    if (m_choice->currentIndex() != index)
        m_choice->setCurrentIndex(index);
    m_summary->setText(m_lessons[index].summary);
    showStep();
}

void LessonPanel::showStep()
{
    const Lesson &lesson = m_lessons[m_lesson];
    const LessonStep &step = lesson.steps[m_step];
    m_heading->setText(
        tr("Step %1 of %2: %3").arg(m_step + 1).arg(lesson.steps.size()).arg(step.title));
    m_text->setText(step.text);
    m_result->clear();
    m_checkAt = -1;
    emit stepLeft();
    m_back->setEnabled(m_step > 0);
    m_next->setEnabled(m_step + 1 < lesson.steps.size());
    m_check->setEnabled(!step.checks.isEmpty());
}

void LessonPanel::setUpStep()
{
    if (m_lessons.isEmpty())
        return;
    const Lesson &lesson = m_lessons[m_lesson];
    const LessonStep &step = lesson.steps[m_step];
    try {
        m_checkAt = step.checks.isEmpty() ? -1 : step.train;
        m_result->setText(step.checks.isEmpty()
                              ? QString()
                              : tr("Training %1 steps, then checking...").arg(step.train));
        if (lesson.text) {
            const TextExperiment next = textStepExperiment(lesson, m_step, m_runningText.seed);
            m_checkRun = m_lastTextRun + 1;
            emit textSetUpRequested(next, step.view);
            return;
        }
        const Experiment next = stepExperiment(lesson, m_step, m_running.training.seed);
        m_checkRun = m_last.run + 1; // fresh models: the run after the one shown now
        emit setUpRequested(next, step.view);
    } catch (const std::exception &error) {
        m_result->setText(
            tr("This step cannot be set up: %1").arg(QString::fromUtf8(error.what())));
    }
}

void LessonPanel::settingsRefused(const QString &message)
{
    if (m_checkAt < 0)
        return;
    m_checkAt = -1;
    m_result->setText(tr("This step's settings were refused, so the run shown is not this "
                         "step's and is not checked: %1")
                          .arg(message));
    emit stepRefused();
}

void LessonPanel::check(const ArenaSnapshot &snapshot)
{
    if (m_lessons.isEmpty())
        return;
    const LessonStep &step = m_lessons[m_lesson].steps[m_step];
    if (step.checks.isEmpty())
        return;
    const std::optional<ArenaSnapshot> &before
        = m_step > 0 ? m_finished[m_step - 1] : std::optional<ArenaSnapshot> {};
    showOutcome(evaluateChecks(step, snapshot, before ? &*before : nullptr));
}

void LessonPanel::checkText(const TextSnapshot &snapshot)
{
    const LessonStep &step = m_lessons[m_lesson].steps[m_step];
    if (step.checks.isEmpty())
        return;
    const std::optional<TextSnapshot> &before
        = m_step > 0 ? m_finishedText[m_step - 1] : std::optional<TextSnapshot> {};
    showOutcome(evaluateTextChecks(step, snapshot, before ? &*before : nullptr));
}

void LessonPanel::showOutcome(const CheckOutcome &o)
{
    m_result->setText((o.passed ? tr("Seen: ") : tr("Not yet: ")) + o.message);
}

bool LessonPanel::textLessonShown() const
{
    return !m_lessons.isEmpty() && m_lessons[m_lesson].text;
}

void LessonPanel::observeText(const TextSnapshot &snapshot, const TextExperiment &running)
{
    m_lastTextRun = snapshot.run;
    m_runningText = running;
    if (!textLessonShown() || m_checkAt < 0 || snapshot.run < m_checkRun
        || snapshot.step < m_checkAt)
        return;
    m_checkAt = -1;
    m_finishedText[m_step] = snapshot;
    checkText(snapshot);
}

void LessonPanel::next()
{
    if (!m_lessons.isEmpty() && m_step + 1 < m_lessons[m_lesson].steps.size()) {
        ++m_step;
        showStep();
    }
}

void LessonPanel::back()
{
    if (m_step > 0) {
        --m_step;
        showStep();
    }
}

void LessonPanel::observe(const ArenaSnapshot &snapshot, const Experiment &running)
{
    m_last = snapshot;
    m_running = running;
    if (m_checkAt < 0 || snapshot.run < m_checkRun || snapshot.step < m_checkAt
        || m_lessons.isEmpty() || textLessonShown())
        return;
    m_checkAt = -1;
    m_finished[m_step] = snapshot; // what the next step compares with
    check(snapshot);
}

QString LessonPanel::outcome() const
{
    return m_result->text();
}

} // namespace moe::ui
