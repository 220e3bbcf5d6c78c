#pragma once

// Follow one input (docs/app.md): the path of the input under the mouse (or pinned by a click)
// through the MoE: both models' predictions side by side, then block by block (BlockPathView),
// each MoE block followed by the dense network's block of the same depth, then each model's
// output.
// It shows TraceSnapshot values from the training worker and never touches a model.

#include "ui/worker/tracesnapshot.h"

#include <QLabel>
#include <QWidget>
#include <vector>

class QVBoxLayout;

namespace moe::ui {

class BlockPathView;

class InputPathPanel : public QWidget
{
    Q_OBJECT

public:
    explicit InputPathPanel(QWidget *parent = nullptr);

    void showTrace(const TraceSnapshot &trace);
    void setPinned(bool pinned);
    bool pinned() const { return m_pinned; }
    void clear(); // back to the hint

    // What the panel says (tests read it back): which input, the last training batch, the
    // routing rule used, and the predictions.
    QString inputText() const { return m_input->text(); }
    QString batchText() const { return m_batch->text(); }
    QString ruleText() const { return m_rule->text(); }
    QString predictionText() const { return m_prediction->text(); }
    const std::vector<BlockPathView *> &blocks() const { return m_blocks; } // the MoE's
    const std::vector<BlockPathView *> &denseBlocks() const { return m_denseBlocks; }
    // Each model's output: "MoE output: class 1, p (0.12, 0.81, 0.07)".
    QString moeOutputText() const { return m_moeOutput->text(); }
    QString denseOutputText() const { return m_denseOutput->text(); }

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    // The height the texts and blocks need at the current width, as the minimum: a scroll area
    // around the panel then scrolls instead of squeezing it.
    void updateMinimumHeight();
    QString describeBatch(const TraceSnapshot &trace) const;
    QString describePrediction(const TraceSnapshot &trace) const;
    // The block views for `moe` and `dense` blocks, interleaved in the layout by depth.
    void showBlocks(const TraceSnapshot &trace);

    QLabel *m_hint, *m_input, *m_batch, *m_rule, *m_prediction, *m_moeOutput, *m_denseOutput;
    QVBoxLayout *m_blockLayout;
    std::vector<BlockPathView *> m_blocks, m_denseBlocks;
    TraceSnapshot m_last;
    bool m_pinned = false;
};

} // namespace moe::ui
