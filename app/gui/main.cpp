// moelab: the MoE Lab desktop app. Opens on the default demo (MoE vs dense on the spiral) and
// starts training at once unless --paused is given.

#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("MoE Lab"));
    QApplication::setApplicationName(QStringLiteral("moelab"));
    QApplication::setApplicationVersion(QStringLiteral(MOELAB_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("MoE Lab: watch a Mixture-of-Experts learn next to a dense network."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {QStringLiteral("paused"), QStringLiteral("Open the demo without starting training.")},
        {QStringLiteral("screenshot"),
         QStringLiteral("Save the window to FILE after --after seconds, then quit."),
         QStringLiteral("FILE")},
        {QStringLiteral("after"), QStringLiteral("Seconds before the screenshot."),
         QStringLiteral("S"), QStringLiteral("8")},
        {QStringLiteral("size"), QStringLiteral("Window size for the screenshot, e.g. 1920x1080."),
         QStringLiteral("WxH"), QStringLiteral("1280x720")},
    });
    parser.process(app);
    moe::ui::MainWindow window(!parser.isSet(QStringLiteral("paused")));
    if (parser.isSet(QStringLiteral("screenshot"))) {
        const QStringList size = parser.value(QStringLiteral("size")).split(QLatin1Char('x'));
        if (size.size() == 2)
            window.resize(size[0].toInt(), size[1].toInt());
        const QString file = parser.value(QStringLiteral("screenshot"));
        QTimer::singleShot(int(parser.value(QStringLiteral("after")).toDouble() * 1000), &window,
                           [&] {
                               const bool saved = window.grab().save(file);
                               std::fprintf(saved ? stdout : stderr, "%s %s\n",
                                            saved ? "saved" : "could not save", qPrintable(file));
                               QApplication::exit(saved ? 0 : 1);
                           });
    }
    window.show();
    return QApplication::exec();
}
