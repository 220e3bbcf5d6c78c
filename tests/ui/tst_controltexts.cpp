// What the controls say about the run: top-k as the router uses it (and the user's k remembered),
// the model's title under expert choice, readable names in the lists, a CSV shown by its name with
// "Open CSV..." working every time, and a cost table whose columns read as separate numbers.

#include "core/train/model.h"
#include "ui/controls/controlpanel.h"
#include "ui/window/mainwindow.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QSlider>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QTimer>

using namespace moe;
using namespace moe::ui;

class TestControlTexts : public QObject
{
    Q_OBJECT

private slots:
    void topKFollowsTheRouterAndComesBack();
    void titleSaysHowExpertChoiceRoutes();
    void listsShowNamesNotIdentifiers();
    void aCsvIsShownByNameAndOpenCsvWorksAgain();
    void costColumnsReadAsSeparateNumbers();
};

namespace {
QComboBox *routerBox(ControlPanel &panel)
{
    for (QComboBox *box : panel.findChildren<QComboBox *>())
        if (box->findData(int(RouterKind::ExpertChoice)) >= 0 && box->count() == 5)
            return box;
    return nullptr;
}

QSpinBox *topKBox(ControlPanel &panel)
{
    for (QSpinBox *box : panel.findChildren<QSpinBox *>())
        if (box->toolTip().contains(QStringLiteral("How many experts each sample uses")))
            return box;
    return nullptr;
}
} // namespace

void TestControlTexts::topKFollowsTheRouterAndComesBack()
{
    ControlPanel panel;
    ArenaConfig c = panel.config();
    c.model.moe.experts = 16;
    c.model.moe.topK = 2;
    c.model.moe.router = RouterKind::TopK;
    panel.apply(c);
    QComboBox *router = routerBox(panel);
    QSpinBox *k = topKBox(panel);
    QVERIFY(router && k);
    QCOMPARE(k->value(), 2);
    // Switch routes to one expert: the box says so (and cannot be changed), then k comes back.
    router->setCurrentIndex(router->findData(int(RouterKind::Switch)));
    QCOMPARE(k->value(), 1);
    QVERIFY(!k->isEnabled());
    QCOMPARE(panel.config().model.moe.effectiveTopK(), 1);
    router->setCurrentIndex(router->findData(int(RouterKind::TopK)));
    QCOMPARE(k->value(), 2);
    QVERIFY(k->isEnabled());
    // Expert choice has no k: the box is off and a note says what sets the compute.
    router->setCurrentIndex(router->findData(int(RouterKind::ExpertChoice)));
    QVERIFY(!k->isEnabled());
    bool explained = false;
    for (QLabel *label : panel.findChildren<QLabel *>())
        explained |= label->isVisibleTo(&panel) && label->text().contains(QStringLiteral("cf"));
    QVERIFY(explained);
    router->setCurrentIndex(router->findData(int(RouterKind::TopK)));
    // Through E = 1 and back: the user's k returns (a later E = 64 run is top-2, not top-1).
    auto *experts = panel.findChild<QSlider *>(QStringLiteral("experts"));
    QVERIFY(experts);
    experts->setValue(1);
    QCOMPARE(panel.config().model.moe.topK, 1);
    experts->setValue(64);
    QCOMPARE(k->value(), 2);
    QCOMPARE(panel.config().model.moe.topK, 2);
    // A k the user typed is the one remembered.
    k->setValue(4);
    experts->setValue(2);
    QCOMPARE(panel.config().model.moe.topK, 2);
    experts->setValue(8);
    QCOMPARE(panel.config().model.moe.topK, 4);
}

void TestControlTexts::titleSaysHowExpertChoiceRoutes()
{
    MainWindow window(false);
    ArenaConfig c = window.controls()->config();
    c.model.moe.router = RouterKind::ExpertChoice;
    c.model.moe.topK = 2;
    c.model.moe.capacityFactor = 1.25;
    window.controls()->apply(c);
    QTRY_VERIFY_WITH_TIMEOUT(window.latest().moe.title.contains(QStringLiteral("expert choice")),
                             10000);
    QVERIFY(!window.latest().moe.title.contains(QStringLiteral("top-")));
    QVERIFY(window.latest().moe.title.contains(QStringLiteral("1.25 per sample")));
}

void TestControlTexts::listsShowNamesNotIdentifiers()
{
    ControlPanel panel;
    QComboBox *router = routerBox(panel);
    QVERIFY(router);
    QStringList shown;
    for (int i = 0; i < router->count(); ++i) {
        shown << router->itemText(i);
        // The identifier files and the command line use is one hover away.
        QVERIFY(
            router->itemData(i, Qt::ToolTipRole).toString().contains(QStringLiteral("command")));
    }
    QVERIFY(shown.contains(QStringLiteral("Top-k (softmax)")));
    QVERIFY(!shown.contains(QStringLiteral("topk")));
    QVERIFY(!shown.contains(QStringLiteral("expert-choice")));
}

void TestControlTexts::aCsvIsShownByNameAndOpenCsvWorksAgain()
{
    QTemporaryDir dir;
    const auto write = [&dir](const QString &name) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly))
            return QString();
        file.write("x1,x2,label\n");
        for (int i = 0; i < 40; ++i)
            file.write(QStringLiteral("%1,%2,%3\n").arg(i % 7).arg(i % 5).arg(i % 2).toUtf8());
        return file.fileName();
    };
    const QString first = write(QStringLiteral("first.csv"));
    const QString second = write(QStringLiteral("second.csv"));
    MainWindow window(false);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *dataset = window.controls()->findChild<QComboBox *>(QStringLiteral("dataset"));
    QVERIFY(dataset);
    const int open = dataset->findData(QString());
    QVERIFY(open >= 0);
    // Pick "Open CSV..." and answer its file dialog with `path`, three times over.
    for (const QString &path : {first, second, first}) {
        QTimer answer;
        answer.setInterval(20);
        connect(&answer, &QTimer::timeout, &answer, [&answer, path] {
            if (auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget())) {
                answer.stop();
                // Typed as a user would: the file list may still be selecting the file the
                // dialog opened on.
                auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
                name->setText(path);
                static_cast<QDialog *>(dialog)->accept(); // public in QDialog
            }
        });
        answer.start();
        dataset->setCurrentIndex(dataset->findData(QString()));
        const QString name = QFileInfo(path).fileName();
        QCOMPARE(dataset->currentText(), name);
        QCOMPARE(window.controls()->config().dataset.name, path.toStdString());
        QVERIFY(window.windowTitle().contains(name));
        QTRY_VERIFY_WITH_TIMEOUT(window.latest().datasetKey.contains(name), 10000);
    }
    // One item per file, "Open CSV..." still last.
    QCOMPARE(dataset->findData(QString()), dataset->count() - 1);
    QCOMPARE(dataset->count(), open + 3);
}

void TestControlTexts::costColumnsReadAsSeparateNumbers()
{
    ControlPanel panel;
    ModelCost moe, dense;
    moe.totalParams = 139363;
    moe.activeParamsPerSample = 17027;
    moe.forwardFlopsPerSample = 33664;
    dense.totalParams = 17027;
    dense.activeParamsPerSample = 17027;
    dense.forwardFlopsPerSample = 33664;
    panel.setCosts(moe, dense);
    QLabel *costs = nullptr;
    for (QLabel *label : panel.findChildren<QLabel *>())
        if (label->text().contains(QStringLiteral("FLOPs / sample")))
            costs = label;
    QVERIFY(costs);
    // Lay the label's table out as the label does and measure each row: the MoE number ends at
    // least 12 px before the dense number starts.
    QTextDocument doc;
    doc.setDefaultFont(costs->font());
    doc.setHtml(costs->text());
    doc.setTextWidth(-1);
    const auto span = [&doc](const QString &text, int nth) {
        int seen = 0;
        for (QTextBlock b = doc.begin(); b.isValid(); b = b.next())
            if (b.text() == text && seen++ == nth) {
                const QRectF box = doc.documentLayout()->blockBoundingRect(b);
                const QRectF ink = b.layout()->lineAt(0).naturalTextRect();
                return QPair<double, double>(box.x() + ink.left(), box.x() + ink.right());
            }
        return QPair<double, double>(-1, -1);
    };
    const auto moeParams = span(QStringLiteral("139,363"), 0);
    const auto denseParams = span(QStringLiteral("17,027"), 0);
    QVERIFY(moeParams.first >= 0 && denseParams.first >= 0);
    QVERIFY2(denseParams.first - moeParams.second >= 12.0,
             qPrintable(QStringLiteral("gap %1 px").arg(denseParams.first - moeParams.second)));
}

QTEST_MAIN(TestControlTexts)
#include "tst_controltexts.moc"
