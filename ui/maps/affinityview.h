#pragma once

// The class-by-expert affinity: for each class (row), the share of its token slots each expert
// (column) receives. A specialised expert shows as one dark cell in its column.

#include "core/base/tensor.h"
#include "ui/export/exportable.h"

#include <QWidget>

namespace moe::ui {

class AffinityView : public QWidget, public Exportable
{
    Q_OBJECT

public:
    explicit AffinityView(QWidget *parent = nullptr);
    void setAffinity(const Matrix &affinity); // (classes, E), rows summing to 1
    QSize minimumSizeHint() const override { return {160, 160}; }
    QSize sizeHint() const override;
    QString exportName() const override { return QStringLiteral("class-by-expert"); }
    QString exportTitle() const override { return tr("Class by expert"); }
    QSize exportSize() const override;
    void renderExport(QPainter &painter, const QRectF &target) override;
    QString exportCsv() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void paintView(QPainter &painter, const QSize &size) const;
    Matrix m_affinity;
};

} // namespace moe::ui
