#pragma once

// One block of a traced input, drawn (Follow one input, docs/app.md). For an MoE block: the
// router's probability of every expert as a bar (the chosen ones in their expert colour, the
// others hollow, a choice dropped by capacity in the last training batch struck out), then each
// chosen expert with its gate and its output vector, the weighted sum and the block's output.
// For a block of the dense network: its FFN's hidden layer, the FFN's output and the block's
// output. Vectors are drawn as small bars around zero on one scale per block, with their length
// |v|.

#include "core/train/inputtrace.h"
#include "core/train/trainer.h"

#include <QStringList>
#include <QWidget>
#include <vector>

namespace moe::ui {

class BlockPathView : public QWidget
{
    Q_OBJECT

public:
    explicit BlockPathView(QWidget *parent = nullptr);

    // `index` counts blocks from 0; `dropped` lists this block's choices dropped in the last
    // training batch (empty: none, or not in it).
    void setBlock(int index, const BlockTrace &block, const std::vector<DroppedChoice> &dropped);
    // Every text the view draws, top to bottom (what a reader sees; tests read it).
    const QStringList &texts() const { return m_texts; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return {240, sizeHint().height()}; }

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override; // a vector's tooltip lists its components

private:
    struct VectorRow
    {
        QString label;
        RowVector values;
        int expert = -1; // colour swatch; -1 none
    };
    void rebuild();
    int lineHeight() const;
    bool wasDropped(int expert) const;
    static QString droppedText(int rank, int expert);

    int m_index = 0;
    BlockTrace m_block;
    std::vector<std::pair<int, int>> m_dropped; // (rank, expert) dropped in the last batch
    std::vector<VectorRow> m_rows;
    QString m_title, m_barsCaption;
    QStringList m_texts;
    float m_scale = 1.0f;       // largest |component| of the block's vectors
    std::vector<int> m_rowTops; // where each row was last painted (for its tooltip)
};

} // namespace moe::ui
