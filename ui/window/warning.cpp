#include "ui/window/warning.h"

#include <QMessageBox>

namespace moe::ui {

void showWarning(QWidget *parent, const QString &what, const QString &message)
{
    auto *box
        = new QMessageBox(QMessageBox::Warning, QStringLiteral("MoE Lab"),
                          QStringLiteral("%1\n\n%2").arg(what, message), QMessageBox::Ok, parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace moe::ui
