#pragma once

// Tokens by expert: for each expert of one MoE layer, its share of the first choices and the
// tokens it takes most, with their shares ("expert 3: space 41%, e 12%, ..."), on the validation
// text the last evaluation analysed. Rich text on screen, and as an export (drawn through the same
// text) and a CSV of every expert's tokens.

#include "ui/export/exportable.h"
#include "ui/text/textsnapshot.h"

#include <QLabel>

namespace moe::ui {

class ExpertTokensView : public QLabel, public Exportable
{
    Q_OBJECT

public:
    explicit ExpertTokensView(QWidget *parent = nullptr);
    void show(const TextSnapshot &snapshot, int layer);

    QString exportName() const override { return QStringLiteral("text-expert-tokens"); }
    QString exportTitle() const override { return tr("Text: tokens by expert"); }
    QSize exportSize() const override;
    void renderExport(QPainter &painter, const QRectF &target) override;
    QString exportCsv() const override { return m_csv; }
    bool drawsOwnTitle() const override { return true; }

private:
    QString m_csv;
};

} // namespace moe::ui
