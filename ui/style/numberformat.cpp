#include "ui/style/numberformat.h"

#include <QLocale>

namespace moe::ui {

QString grouped(double value)
{
    QLocale locale = QLocale::c();
    locale.setNumberOptions({}); // the C locale omits group separators unless told otherwise
    return locale.toString(value, 'f', 0);
}

} // namespace moe::ui
