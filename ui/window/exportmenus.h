#pragma once

// The window's exports: a menu per chart and map (its context menu, the Export menu in the menu
// bar and the same menu behind a button in the bar's corner), Export all and Export report.

#include "ui/export/chartexport.h"

#include <QObject>
#include <functional>

class QAction;
class QMainWindow;
class QMenu;

namespace moe::ui {

class ArenaViews;
class ControlPanel;
class TextArena;
struct ArenaSnapshot;

class ExportMenus : public QObject
{
    Q_OBJECT

public:
    // `latest` is the snapshot the views show (the window's), read when an export runs.
    ExportMenus(QMainWindow *window, ArenaViews *views, ControlPanel *controls,
                const ArenaSnapshot &latest);

    // The Text arena's views: a section of the Export menu and their context menus; Export all and
    // the report export the arena on screen (`shown`).
    void addTextArena(TextArena *text, std::function<bool()> shown);

private:
    void attachContextMenus(); // right-click on any chart or map: its own export menu
    void attach(QWidget *widget, Exportable *item);
    void fillExportMenu(QMenu *menu, Exportable *item);
    void exportChart(Exportable *item, ExportFormat format, int scale);
    void exportCsv(Exportable *item);
    void exportAllCharts();
    void exportReport();
    void wrote(const QString &message, int ms = 8000); // on the status bar for a while

    QMainWindow *m_window;
    ArenaViews *m_views;
    ControlPanel *m_controls;
    const ArenaSnapshot &m_latest;
    QMenu *m_menu = nullptr;
    QAction *m_allCharts = nullptr; // the whole-arena actions, after the views' submenus
    TextArena *m_text = nullptr;
    std::function<bool()> m_textShown;
};

} // namespace moe::ui
