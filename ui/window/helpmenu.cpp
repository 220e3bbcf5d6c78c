#include "ui/window/helpmenu.h"

#include "ui/export/exportable.h"
#include "ui/lessons/explanations.h"

#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>

namespace moe::ui {

namespace {
void showShortcuts(QWidget *parent)
{
    auto *box = new QMessageBox(
        QMessageBox::Information, QMainWindow::tr("Keyboard shortcuts"),
        QMainWindow::tr(
            "<table cellpadding=4>"
            "<tr><td><b>Space</b></td><td>play / pause</td></tr>"
            "<tr><td><b>S</b></td><td>one training step</td></tr>"
            "<tr><td><b>R</b></td><td>reset: fresh models, same settings</td></tr>"
            "<tr><td><b>Esc</b></td><td>leave a field (Space, S and R also work while typing "
            "a number)</td></tr>"
            "<tr><td><b>F11</b></td><td>presentation mode on / off</td></tr>"
            "<tr><td><b>Ctrl+O</b></td><td>open an experiment or a model</td></tr>"
            "<tr><td><b>Ctrl+S</b></td><td>save the experiment</td></tr>"
            "<tr><td><b>Ctrl+Q</b></td><td>quit</td></tr></table>"
            "<p>Right-click any chart or map to export it or to ask what it shows.</p>"),
        QMessageBox::Ok, parent);
    box->setTextFormat(Qt::RichText);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}
} // namespace

void addHelpMenu(QMainWindow *window, const std::vector<Exportable *> &views,
                 std::function<void()> tour)
{
    QMenu *help = window->menuBar()->addMenu(QMainWindow::tr("&Help"));
    help->addAction(QMainWindow::tr("Take the tour"), window, std::move(tour));
    QMenu *seeing = help->addMenu(QMainWindow::tr("What am I seeing?"));
    for (Exportable *view : views)
        seeing->addAction(view->exportTitle(), window,
                          [window, view] { explainView(window, *view); });
    help->addAction(QMainWindow::tr("Keyboard shortcuts"), window,
                    [window] { showShortcuts(window); });
}

void explainView(QWidget *parent, const Exportable &view)
{
    auto *box = new QMessageBox(
        QMessageBox::Information, QMainWindow::tr("What am I seeing?"),
        QStringLiteral("<h3>%1</h3>%2")
            .arg(view.exportTitle().toHtmlEscaped(), explanation(view.exportName())),
        QMessageBox::Ok, parent);
    box->setTextFormat(Qt::RichText);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace moe::ui
