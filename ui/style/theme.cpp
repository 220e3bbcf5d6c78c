#include "ui/style/theme.h"

#include <QAbstractAxis>
#include <QAbstractBarSeries>
#include <QApplication>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QLegend>
#include <QPalette>
#include <QStyle>
#include <QXYSeries>

namespace moe::ui {

namespace {
Theme g_theme = Theme::Light;

struct Colours
{
    QColor window, base, text, chart, grid, neutral;
};

Colours coloursOf(Theme theme)
{
    if (theme == Theme::Dark)
        return {QColor(0x121212), QColor(0x1E1E1E), QColor(0xF2F2F2),
                QColor(0x1B1B1B), QColor(0x4A4A4A), QColor(0xDDDDDD)};
    return {QColor(0xEFEFEF), Qt::white,        QColor(0x111111),
            Qt::white,        QColor(0xD8D8D8), QColor(0x222222)};
}

// Neutral colours (black lines, dark bars) become the theme's neutral; data colours stay.
QColor neutralised(const QColor &c, const Colours &colours)
{
    const bool neutral = c.hsvSaturation() < 30 && (c.lightness() < 90 || c.lightness() > 200);
    return neutral && c.alpha() > 0 ? colours.neutral : c;
}

void themeChart(QChart *chart, const Colours &c)
{
    chart->setBackgroundBrush(c.chart);
    chart->setTitleBrush(c.text);
    chart->legend()->setLabelColor(c.text);
    for (QAbstractAxis *axis : chart->axes()) {
        axis->setLabelsColor(c.text);
        axis->setTitleBrush(c.text);
        axis->setGridLineColor(c.grid);
        axis->setMinorGridLineColor(c.grid);
        axis->setLinePenColor(c.grid);
    }
    for (QAbstractSeries *series : chart->series()) {
        if (auto *xy = qobject_cast<QXYSeries *>(series)) {
            QPen pen = xy->pen();
            pen.setColor(neutralised(pen.color(), c));
            xy->setPen(pen);
        } else if (auto *bars = qobject_cast<QAbstractBarSeries *>(series)) {
            for (QBarSet *set : bars->barSets()) {
                set->setColor(neutralised(set->color(), c));
                set->setLabelColor(c.text);
            }
        }
    }
}
} // namespace

Theme currentTheme()
{
    return g_theme;
}

void applyTheme(Theme theme, QWidget *root)
{
    g_theme = theme;
    const Colours c = coloursOf(theme);
    QPalette palette = QApplication::style()->standardPalette();
    if (theme == Theme::Dark) {
        palette.setColor(QPalette::Window, c.window);
        palette.setColor(QPalette::WindowText, c.text);
        palette.setColor(QPalette::Base, c.base);
        palette.setColor(QPalette::AlternateBase, c.window);
        palette.setColor(QPalette::Text, c.text);
        palette.setColor(QPalette::Button, QColor(0x2A2A2A));
        palette.setColor(QPalette::ButtonText, c.text);
        palette.setColor(QPalette::ToolTipBase, c.base);
        palette.setColor(QPalette::ToolTipText, c.text);
        palette.setColor(QPalette::Highlight, QColor(0xE69F00));
        palette.setColor(QPalette::HighlightedText, Qt::black);
        palette.setColor(QPalette::Disabled, QPalette::Text, QColor(0x8A8A8A));
        palette.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x8A8A8A));
        palette.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x8A8A8A));
    } else {
        palette.setColor(QPalette::WindowText, c.text);
        palette.setColor(QPalette::Text, c.text);
    }
    QApplication::setPalette(palette);
    for (QChartView *view : root->findChildren<QChartView *>()) {
        view->setBackgroundBrush(c.window);
        themeChart(view->chart(), c);
    }
}

namespace {
void applyEverywhere(Theme theme)
{
    for (QWidget *window : QApplication::topLevelWidgets())
        applyTheme(theme, window);
}
} // namespace

LightForExport::LightForExport()
    : m_wasDark(g_theme == Theme::Dark)
{
    if (m_wasDark)
        applyEverywhere(Theme::Light);
}

LightForExport::~LightForExport()
{
    if (m_wasDark)
        applyEverywhere(Theme::Dark);
}

} // namespace moe::ui
