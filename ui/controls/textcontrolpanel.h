#pragma once

// The Text arena's controls, as the 2-D arena's (ui/controls/controlpanel.h): the transport and
// pace at the top, then the text (corpus, tokenizer), the transformer, its MoE layers and the
// training. Every change produces a complete TextExperiment (configChanged); the text worker
// decides whether it applies live or needs new models. Every control has a tooltip.

#include "files/textexperiment.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace moe::ui {

class TextControlPanel : public QWidget
{
    Q_OBJECT

public:
    explicit TextControlPanel(QWidget *parent = nullptr);

    TextExperiment config() const;
    void apply(const TextExperiment &experiment);       // sets every control, emits configChanged
    void showRunning(const TextExperiment &experiment); // without announcing a change
    void setPlaying(bool playing);
    void setCosts(const TextModelCost &moe, const TextModelCost &dense);

signals:
    void configChanged(const moe::TextExperiment &experiment);
    void playToggled();
    void stepRequested();
    void resetRequested();

private:
    QWidget *transport();
    QWidget *textGroup();
    QWidget *modelGroup();
    QWidget *moeGroup();
    QWidget *trainingGroup();
    void set(const TextExperiment &experiment);
    void enableDependent(); // vocab for subword tokenizers, k for token choice, capacity
    void emitConfig();

    QPushButton *m_play;
    QComboBox *m_speed, *m_corpus, *m_tokenizer, *m_moeEvery, *m_router, *m_dropPolicy;
    QSpinBox *m_budget, *m_vocab, *m_seed, *m_context, *m_width, *m_heads, *m_blocks, *m_topK,
        *m_shared, *m_expertHidden, *m_batch, *m_warmup, *m_evalEvery;
    QDoubleSpinBox *m_balance, *m_zLoss, *m_lr, *m_temperature;
    QSlider *m_experts, *m_capacity;
    QLabel *m_expertsValue, *m_capacityValue, *m_costs;
    QCheckBox *m_noLimit, *m_matched;
    QString m_filePath;
    TextExperiment m_applied;
    int m_previousCorpus = 0;
    bool m_building = true;
};

} // namespace moe::ui
