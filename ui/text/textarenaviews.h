#pragma once

// Every view of the Text arena, as the window shows them: the loss curves beside the generated
// samples above, and below, in tabs, the token strip (an editable passage coloured by expert),
// the tokens each expert takes, domain by expert, drops by position, and consecutive agreement
// with the router settling, and capacity versus compute (the sweep's runs and the live models).
// One TextSnapshot feeds them all.

#include "ui/export/chartexport.h"
#include "ui/text/textsnapshot.h"

#include <QSplitter>
#include <QTimer>
#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTabWidget;

namespace moe::ui {

class AffinityView;
class ExpertTokensView;
class TextCapacityPanel;
class TextCharts;
class TokenStrip;

class TextArenaViews : public QSplitter
{
    Q_OBJECT

public:
    explicit TextArenaViews(QWidget *parent = nullptr);
    ~TextArenaViews() override;

    void showSnapshot(const TextSnapshot &snapshot);
    const std::vector<Exportable *> &exportables() const { return m_exportables; }
    TokenStrip *passageStrip() const { return m_strip; }
    TokenStrip *moeSample() const { return m_moeSample; }
    QPlainTextEdit *passageEditor() const { return m_passage; }
    // The editor shows `text` as the student's passage (kept over later runs).
    void setPassage(const QString &text);
    QTabWidget *tabs() const { return m_tabs; }
    TextCapacityPanel *capacity() const { return m_capacity; }
    // Brings the view with this export name to the front (its tab) and returns the widget to
    // outline, or nullptr for no such view (a lesson's "view").
    QWidget *bringToFront(const QString &name);

signals:
    // The student's passage, a moment after they stop typing (empty: the default passage).
    void passageEdited(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void fitPassage();
    QWidget *stripTab();
    QWidget *samplesBox();
    void redraw(); // from m_latest with the chosen layer and choice

    TextSnapshot m_latest;
    TextCharts *m_charts;
    TokenStrip *m_strip, *m_moeSample, *m_denseSample;
    QLabel *m_moeTitle, *m_denseTitle, *m_hover;
    ExpertTokensView *m_expertTokens;
    QWidget *m_lossView = nullptr, *m_samples = nullptr;
    QComboBox *m_layer, *m_choice;
    QPlainTextEdit *m_passage;
    AffinityView *m_domains;
    TextCapacityPanel *m_capacity;
    QTabWidget *m_tabs;
    QTimer m_typing; // waits for a pause in typing before routing the passage
    bool m_userPassage = false;
    QStringList m_domainNames;
    int m_run = -1;
    std::vector<std::unique_ptr<ChartExport>> m_chartExports;
    std::vector<Exportable *> m_exportables;
};

} // namespace moe::ui
