#pragma once

// The Text arena's Qt Charts: the loss in bits per character of both models against the unigram
// and bigram levels; the share of slots dropped at each position of a sequence (OpenMoE's "drop
// towards the end"); and, over the evaluations, how often consecutive tokens share a first-choice
// expert against chance (Mixtral) and the share of first choices that changed since the previous
// evaluation (the router settling). Each chart is exported through ChartExport.

#include "ui/text/textsnapshot.h"

#include <QObject>

class QChart;
class QLineSeries;
class QValueAxis;

namespace moe::ui {

class TextCharts : public QObject
{
    Q_OBJECT

public:
    explicit TextCharts(QObject *parent = nullptr);
    ~TextCharts() override;

    QChart *loss() const { return m_loss; }
    QChart *positions() const { return m_positions; }
    QChart *settling() const { return m_settling; }
    void show(const TextSnapshot &snapshot, int layer);

private:
    QChart *m_loss, *m_positions, *m_settling;
    QLineSeries *m_denseBatch, *m_moeBatch, *m_denseValidation, *m_moeValidation, *m_bigram,
        *m_unigram;
    QLineSeries *m_drop, *m_agreement, *m_chance, *m_changed;
    QValueAxis *m_lossX, *m_lossY, *m_positionX, *m_positionY, *m_settlingX, *m_settlingY;
};

} // namespace moe::ui
