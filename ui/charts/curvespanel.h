#pragma once

// Loss and accuracy over training steps, dense against MoE: test loss and accuracy (solid), train
// (dashed), the MoE's auxiliary balance + z-loss separately. One chart each for loss and accuracy.
// Two view settings above them: smoothing (TensorBoard's debiased moving average, drawn bold over
// the faint raw curve), in a small widget the window puts beside the tabs, and a log step axis. The
// loss axis ignores spikes (they are drawn clipped, marked at the top edge), and the loss chart's
// title says when a model overfits and how many spikes left the axis (ui/charts/curvemath.h).

#include "ui/worker/arenasnapshot.h"

#include <QWidget>

class QAbstractAxis;
class QBoxLayout;
class QChart;
class QChartView;
class QCheckBox;
class QLabel;
class QLineSeries;
class QLogValueAxis;
class QScatterSeries;
class QSlider;
class QValueAxis;

namespace moe::ui {

class CurvesPanel : public QWidget
{
    Q_OBJECT

public:
    explicit CurvesPanel(QWidget *parent = nullptr);
    ~CurvesPanel() override;
    void showSnapshot(const ArenaSnapshot &snapshot);
    QChart *lossChart() const { return m_loss; }
    QChart *accuracyChart() const { return m_accuracy; }
    // true: legends and axis titles on, as exported files need them; false: as on screen.
    void setExportLook(bool exporting);

    // The view settings (the window keeps them between sessions). Smoothing: the moving
    // average's weight, 0 (raw) to kMostSmoothing.
    static constexpr double kMostSmoothing = 0.99;
    static constexpr double kDefaultSmoothing = 0.6; // the window's first value (TensorBoard's)
    double smoothing() const { return m_smoothing; }
    void setSmoothing(double weight);
    bool logSteps() const { return m_logSteps; }
    void setLogSteps(bool on);
    // The smoothing slider, for the window to place (the tab bar's corner: no height taken from
    // the charts; the log step toggle sits at the end of the key). Owned by whoever places it,
    // else by this panel.
    QWidget *viewControls() const { return m_viewControls; }
    // What the loss chart's title adds (overfitting, clipped spikes) with the numbers, as plain
    // text; empty for nothing.
    QString note() const { return m_note; }
    // The numbers a chart shows, one row per point: "series,training step,loss" (or accuracy),
    // raw values, plus a column of the smoothed values when smoothing is on. On a log step axis
    // the evaluation at step 0 is left out, as on screen.
    QString csv(const QChart *chart) const;

    // The height one chart needs to stay legible: title, step labels, a plot of four lines.
    int legibleChartHeight() const;
    void arrangeCharts(); // stacked, or side by side when the panel is too low for two

signals:
    void viewChanged(); // smoothing or the step axis changed (by the controls or the setters)

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    struct Curve
    {
        QChart *chart;
        QLineSeries *line;  // what is read: smoothed when smoothing is on, else raw
        QLineSeries *faint; // the raw values behind it while smoothing is on
        ModelSnapshot ArenaSnapshot::*model;
        QVector<QPointF> ModelSnapshot::*values;
        QVector<QPointF> data; // the snapshot's raw points (implicitly shared)
    };
    void addCurve(QChart *chart, const QString &name, const QColor &color, Qt::PenStyle style,
                  ModelSnapshot ArenaSnapshot::*model, QVector<QPointF> ModelSnapshot::*values);
    QWidget *makeViewControls();
    void redraw();
    QVector<QPointF> shown(const Curve &curve) const; // raw points the axis can place
    void updateNote(const QVector<QPointF> &clipped, double minRise);

    QChart *m_loss, *m_accuracy;
    QChartView *m_lossView = nullptr;
    QBoxLayout *m_chartsLayout = nullptr; // the two charts: stacked, or side by side when low
    std::vector<Curve> m_curves;
    QScatterSeries *m_clipped; // markers at the top edge where spikes leave the loss chart
    QValueAxis *m_lossX, *m_lossY, *m_accX, *m_accY;
    QLogValueAxis *m_lossLogX, *m_accLogX;
    QWidget *m_viewControls;
    QSlider *m_smoothingSlider;
    QLabel *m_smoothingValue;
    QCheckBox *m_logBox;
    QString m_note;
    qint64 m_step = 0; // of the snapshot shown
    double m_smoothing = 0.0;
    bool m_logSteps = false;
};

} // namespace moe::ui
