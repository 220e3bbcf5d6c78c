#pragma once

// Loss and accuracy over training steps, dense against MoE: test loss and accuracy (solid), train
// (dashed), the MoE's auxiliary balance + z-loss separately. One chart each for loss and accuracy.

#include "ui/worker/arenasnapshot.h"

#include <QWidget>

class QChart;
class QLineSeries;
class QValueAxis;

namespace moe::ui {

class CurvesPanel : public QWidget
{
    Q_OBJECT

public:
    explicit CurvesPanel(QWidget *parent = nullptr);
    void showSnapshot(const ArenaSnapshot &snapshot);
    QChart *lossChart() const { return m_loss; }
    QChart *accuracyChart() const { return m_accuracy; }
    // true: legends and axis titles on, as exported files need them; false: as on screen.
    void setExportLook(bool exporting);

private:
    QChart *m_loss, *m_accuracy;
    QLineSeries *m_denseTrainLoss, *m_denseTestLoss, *m_moeTrainLoss, *m_moeTestLoss, *m_aux;
    QLineSeries *m_denseTrainAcc, *m_denseTestAcc, *m_moeTrainAcc, *m_moeTestAcc;
    QValueAxis *m_lossX, *m_lossY, *m_accX, *m_accY;
};

} // namespace moe::ui
