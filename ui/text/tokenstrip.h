#pragma once

// A run of tokens drawn as their text, each on the colour of the expert that took it in one MoE
// layer (its first choice, second choice, ..., or every choice as stripes), wrapped like a
// paragraph; a token whose slot a full expert dropped (in training routing, core/text/
// passagerouting.h) is hatched and outlined in red. Hovering a token says where it went in every
// layer: its router probabilities, gates and experts. The Text arena's token strip and its
// generated samples are both drawn by it.

#include "ui/export/exportable.h"

#include <QStringList>
#include <QWidget>
#include <vector>

namespace moe::ui {

// One token as the strip draws it.
struct StripToken
{
    QString text;
    // Per MoE layer: the experts that took it, first choice first, their gates and the router's
    // probabilities over every expert; dropped: experts whose slot for it was full.
    struct Layer
    {
        std::vector<int> experts;
        std::vector<float> gates, probs;
        std::vector<int> dropped;
        bool lostAll = false;
    };
    std::vector<Layer> layers;
    double lossBits = -1.0; // its loss when predicted (bits), -1: not scored
    bool prompt = false;    // generated text: fed, not sampled
};

class TokenStrip : public QWidget, public Exportable
{
    Q_OBJECT

public:
    static constexpr int kAllChoices = -1;

    explicit TokenStrip(QString exportName, QString title, QWidget *parent = nullptr);

    // `blocks`: the MoE layers' block numbers (empty: a dense model, every token on the page).
    void setTokens(std::vector<StripToken> tokens, std::vector<int> blocks, int experts);
    void setLayer(int layer);               // index into the MoE layers
    void setChoice(int choice);             // 0: first choice, 1: second, ...; kAllChoices: stripes
    int tokenAt(const QPoint &point) const; // -1: none
    int tokenCount() const { return int(m_tokens.size()); }
    const StripToken &token(int i) const { return m_tokens[std::size_t(i)]; }
    // What the hover says about token i, as rich text.
    QString describe(int i) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

    QString exportName() const override { return m_exportName; }
    QString exportTitle() const override { return m_title; }
    QSize exportSize() const override;
    void renderExport(QPainter &painter, const QRectF &target) override;
    QString exportCsv() const override; // one row per token: its text and routing per layer
    bool drawsOwnTitle() const override { return true; } // the picture carries its title

signals:
    void tokenHovered(int index); // -1 when the pointer leaves the tokens

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    // Token boxes laid out for a width: rows of tokens, a line break after a newline token.
    std::vector<QRectF> layout(int width, const QFontMetricsF &metrics) const;
    void paintTokens(QPainter &painter, int width, const QFont &font) const;

    QString m_exportName, m_title;
    std::vector<StripToken> m_tokens;
    std::vector<int> m_blocks;
    int m_experts = 0, m_layer = 0, m_choice = 0, m_hovered = -1;
};

} // namespace moe::ui
