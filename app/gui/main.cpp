// moelab: the MoE Lab desktop app. Opens on the default demo (MoE vs dense on the spiral) and
// starts training at once unless --paused is given.

#include "controlpanel.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <algorithm>
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
        {QStringLiteral("dataset"), QStringLiteral("Start on this dataset (name or .csv file)."),
         QStringLiteral("NAME")},
        {QStringLiteral("experts"), QStringLiteral("Start with E experts."), QStringLiteral("E")},
        {QStringLiteral("top-k"), QStringLiteral("Start with top-k."), QStringLiteral("K")},
        {QStringLiteral("router"), QStringLiteral("Start with this router."), QStringLiteral("R")},
        {QStringLiteral("balance-loss"), QStringLiteral("Start with this balance-loss weight."),
         QStringLiteral("A")},
    });
    parser.process(app);
    moe::ui::MainWindow window(!parser.isSet(QStringLiteral("paused")));
    moe::ui::ArenaConfig config = window.controls()->config();
    bool custom = false;
    const auto value = [&](const char *name) {
        custom = custom || parser.isSet(QString::fromLatin1(name));
        return parser.value(QString::fromLatin1(name));
    };
    if (const QString v = value("dataset"); !v.isEmpty())
        config.dataset.name = v.toStdString();
    if (const QString v = value("experts"); !v.isEmpty())
        config.model.moe.experts = std::clamp(v.toInt(), 1, 64);
    if (const QString v = value("top-k"); !v.isEmpty())
        config.model.moe.topK = v.toInt();
    if (const QString v = value("router"); !v.isEmpty())
        config.model.moe.router = moe::parseRouter(v.toStdString()).value_or(moe::RouterKind::TopK);
    if (const QString v = value("balance-loss"); !v.isEmpty())
        config.model.moe.balanceLoss = v.toDouble();
    if (custom)
        window.controls()->apply(config);
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
