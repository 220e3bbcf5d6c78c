#pragma once

// The class-by-expert affinity: for each class (row), the share of its token slots each expert
// (column) receives. A specialised expert shows as one dark cell in its column. The colour
// scale runs from 0 to the largest share rounded up to a tenth (scaleMax), named in the key.

#include "core/base/tensor.h"
#include "ui/export/exportable.h"

#include <QStringList>
#include <QWidget>

namespace moe::ui {

class AffinityView : public QWidget, public Exportable
{
    Q_OBJECT

public:
    explicit AffinityView(QWidget *parent = nullptr);
    void setAffinity(const Matrix &affinity); // (classes, E), rows summing to 1
    // Another kind of row than the classes (the Text arena's domain by expert): the title, the
    // rows' axis word, their names (empty: numbered from 0) and the export's file stem.
    void setRows(const QString &title, const QString &word, const QStringList &names,
                 const QString &exportName);
    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;
    QString exportName() const override { return m_exportName; }
    QString exportTitle() const override { return m_title; }
    QSize exportSize() const override;
    void renderExport(QPainter &painter, const QRectF &target) override;
    QString exportCsv() const override;
    bool drawsOwnTitle() const override { return true; }
    double scaleMax() const; // the colour key's top: the largest share, up to a tenth

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    struct Layout
    {
        int line = 0, top = 0, left = 0, bottom = 0; // margins around the grid
        QRectF grid;
    };
    Layout layoutFor(const QSize &size) const;
    static QString keyMaxText(double top); // "0.3 share (scale max)"
    // The colour key's width in one line (its widest top, "0.5", by default).
    int keyWidth(double top = 0.5) const;
    void paintView(QPainter &painter, const QSize &size) const;
    QString rowName(int row) const;
    Matrix m_affinity;
    QString m_title = tr("Class by expert"), m_word = tr("class");
    QString m_exportName = QStringLiteral("class-by-expert");
    QStringList m_names;
};

} // namespace moe::ui
