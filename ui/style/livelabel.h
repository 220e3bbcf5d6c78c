#pragma once

// A label for text that changes many times a second (headline numbers, the status line). A QLabel
// asks its layout to recompute on every setText, and a word-wrapped one lays its text out again
// to answer; this one keeps a constant size hint (`lines` lines of its font) and only repaints.
// Rich text (<b>) is drawn wrapped to the width it gets.

#include <QWidget>

namespace moe::ui {

class LiveLabel : public QWidget
{
    Q_OBJECT

public:
    explicit LiveLabel(int lines = 1, QWidget *parent = nullptr);
    void setText(const QString &text);
    QString text() const { return m_text; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QString m_text;
    int m_lines;
};

} // namespace moe::ui
