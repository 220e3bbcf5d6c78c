#include "ui/maps/inputpathpanel.h"

#include "ui/maps/blockpathview.h"

#include <QResizeEvent>
#include <QVBoxLayout>

namespace moe::ui {

namespace {
QLabel *wrapped()
{
    auto *label = new QLabel;
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    return label;
}

QString number(double value)
{
    return QString::number(value, 'f', 2);
}

// "class 2 (p 0.93)" or "value 0.41" (first output).
QString predictionOf(const InputTrace &trace)
{
    if (trace.predictedClass >= 0)
        return QObject::tr("class %1 (p %2)")
            .arg(trace.predictedClass)
            .arg(number(trace.probabilities[trace.predictedClass]));
    return trace.output.size() > 0 ? QObject::tr("value %1").arg(number(trace.output[0]))
                                   : QString();
}

// "class 1, p (0.12, 0.81, 0.07)" or "value 0.41": what the model's output layer gives.
QString outputOf(const InputTrace &trace)
{
    if (trace.predictedClass < 0)
        return predictionOf(trace);
    QStringList p;
    for (Index c = 0; c < trace.probabilities.size(); ++c)
        p << number(trace.probabilities[c]);
    return QObject::tr("class %1, p (%2)")
        .arg(trace.predictedClass)
        .arg(p.join(QStringLiteral(", ")));
}
} // namespace

InputPathPanel::InputPathPanel(QWidget *parent)
    : QWidget(parent)
    , m_hint(wrapped())
    , m_input(wrapped())
    , m_batch(wrapped())
    , m_rule(wrapped())
    , m_prediction(wrapped())
    , m_moeOutput(wrapped())
    , m_denseOutput(wrapped())
    , m_blockLayout(new QVBoxLayout)
{
    m_hint->setText(tr("Move the mouse over any map to follow that input through the MoE; "
                       "click to pin it (click again or Esc to let go)."));
    QFont bold = m_prediction->font();
    bold.setBold(true);
    m_prediction->setFont(bold);
    m_input->setFont(bold);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_hint);
    layout->addWidget(m_input);
    layout->addWidget(m_prediction); // the answer first: visible without scrolling
    layout->addWidget(m_rule);
    layout->addWidget(m_batch);
    m_blockLayout->setSpacing(10);
    layout->addLayout(m_blockLayout);
    layout->addWidget(m_moeOutput);
    layout->addWidget(m_denseOutput);
    layout->addStretch(1);
    clear();
}

void InputPathPanel::clear()
{
    m_hint->show();
    for (QLabel *label : {m_input, m_batch, m_rule, m_prediction, m_moeOutput, m_denseOutput}) {
        label->clear();
        label->hide();
    }
    for (BlockPathView *view : m_blocks)
        view->hide();
    for (BlockPathView *view : m_denseBlocks)
        view->hide();
    m_last = {};
}

void InputPathPanel::setPinned(bool pinned)
{
    m_pinned = pinned;
    if (!m_last.request.active)
        return;
    showTrace(m_last); // the heading says whether it is pinned
}

void InputPathPanel::showTrace(const TraceSnapshot &t)
{
    m_last = t;
    m_hint->hide();
    QString which;
    if (t.request.sample >= 0)
        which = (t.testSample ? tr("Test sample at %1") : tr("Training sample at %1"))
                    .arg(t.inputText)
            + (t.label >= 0 ? tr(", class %1").arg(t.label) : QString());
    else
        which = tr("Point %1 of the plane").arg(t.inputText);
    m_input->setText(which + (m_pinned ? tr(" (pinned)") : QString())
                     + tr(", step %1").arg(t.step));
    m_rule->setText(t.expertChoice
                        ? tr("Expert choice in evaluation: every expert whose threshold (from "
                             "its training batches) the input's probability reaches takes it, "
                             "gate = that probability.")
                        : tr("Evaluation routing: no noise, no capacity limit, as the maps."));
    m_batch->setText(describeBatch(t));
    m_prediction->setText(describePrediction(t));
    m_moeOutput->setText(tr("MoE output: %1").arg(outputOf(t.moe)));
    m_denseOutput->setText(tr("Dense output: %1").arg(outputOf(t.dense)));
    for (QLabel *label : {m_input, m_batch, m_rule, m_prediction, m_moeOutput, m_denseOutput})
        label->show();
    showBlocks(t);
    updateMinimumHeight();
}

void InputPathPanel::showBlocks(const TraceSnapshot &t)
{
    const std::size_t moeBlocks = t.moe.blocks.size(), denseBlocks = t.dense.blocks.size();
    if (m_blocks.size() < moeBlocks || m_denseBlocks.size() < denseBlocks) {
        while (m_blocks.size() < moeBlocks)
            m_blocks.push_back(new BlockPathView);
        while (m_denseBlocks.size() < denseBlocks)
            m_denseBlocks.push_back(new BlockPathView);
        // Laid out again by depth: MoE block b, then the dense network's block b.
        while (QLayoutItem *item = m_blockLayout->takeAt(0))
            delete item; // the layout's item; the view stays
        for (std::size_t b = 0; b < std::max(m_blocks.size(), m_denseBlocks.size()); ++b)
            for (const auto *views : {&m_blocks, &m_denseBlocks})
                if (b < views->size())
                    m_blockLayout->addWidget((*views)[b]);
    }
    for (std::size_t b = 0; b < m_blocks.size(); ++b) {
        m_blocks[b]->setVisible(b < moeBlocks);
        if (b >= moeBlocks)
            continue;
        std::vector<DroppedChoice> dropped;
        for (const DroppedChoice &d : t.dropped)
            if (d.block == int(b))
                dropped.push_back(d);
        m_blocks[b]->setBlock(int(b), t.moe.blocks[b], dropped);
    }
    for (std::size_t b = 0; b < m_denseBlocks.size(); ++b) {
        m_denseBlocks[b]->setVisible(b < denseBlocks);
        if (b < denseBlocks)
            m_denseBlocks[b]->setBlock(int(b), t.dense.blocks[b], {});
    }
}

void InputPathPanel::updateMinimumHeight()
{
    layout()->activate();
    const int needed = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width())
                                                     : layout()->totalMinimumSize().height();
    if (needed != minimumHeight())
        setMinimumHeight(needed);
}

void InputPathPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (event->oldSize().width() != width()) // the labels wrap differently
        updateMinimumHeight();
}

QString InputPathPanel::describeBatch(const TraceSnapshot &t) const
{
    if (t.expertChoice)
        return tr("Expert choice drops nothing: an expert takes its C inputs, the rest pass "
                  "by on the residual.");
    if (t.request.sample < 0 || t.testSample)
        return tr("Not a training sample, so not in the last training batch (step %1).")
            .arg(t.lastBatchStep);
    if (!t.inLastBatch)
        return tr("Not in the last training batch (step %1).").arg(t.lastBatchStep);
    if (t.dropped.empty())
        return tr("In the last training batch (step %1): every choice was kept.")
            .arg(t.lastBatchStep);
    // C is the same in every block (the same batch); listed per block should they differ.
    QStringList capacities;
    for (Index c : t.capacity)
        if (!capacities.contains(QString::number(c)))
            capacities << QString::number(c);
    const QString which = t.dropped.size() == 1
        ? tr("one of its choices was dropped")
        : tr("%1 of its choices were dropped").arg(t.dropped.size());
    return tr("In the last training batch (step %1) %2 because the expert was full (C = %3 slots "
              "per expert): struck out below.")
        .arg(t.lastBatchStep)
        .arg(which, capacities.join(QStringLiteral(" / ")));
}

QString InputPathPanel::describePrediction(const TraceSnapshot &t) const
{
    QString text
        = tr("MoE predicts %1; dense predicts %2").arg(predictionOf(t.moe), predictionOf(t.dense));
    if (t.label >= 0)
        text += tr(" (label: class %1)").arg(t.label);
    return text + QLatin1Char('.');
}

} // namespace moe::ui
