// The control panel: clamping rules (k <= E), the config it produces, apply() round trips, and
// going back to the running settings when the worker refuses new ones.

#include "files/experimentfile.h"
#include "ui/controls/controlpanel.h"
#include "ui/controls/settingwidgets.h"
#include "ui/window/mainwindow.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace moe;
using namespace moe::ui;

class TestControlPanel : public QObject
{
    Q_OBJECT

private slots:
    void clampTopK_data();
    void clampTopK();
    void shrinkingExpertsLowersTopK();
    void applyRoundTrips();
    void applyKeepsWhatNoControlShows();
    void gridControlsFollowTheDataset();
    void everyControlHasATooltip();
    void refusedDataPutsTheControlsBack();
    void everyRefusedCorpusFileGetsADialog();
    void openingAnExperimentSetsTheControls();
};

void TestControlPanel::clampTopK_data()
{
    QTest::addColumn<int>("k");
    QTest::addColumn<int>("experts");
    QTest::addColumn<int>("expected");
    QTest::newRow("inside") << 2 << 8 << 2;
    QTest::newRow("above E") << 6 << 4 << 4;
    QTest::newRow("zero") << 0 << 4 << 1;
    QTest::newRow("one expert") << 2 << 1 << 1;
}

void TestControlPanel::clampTopK()
{
    QFETCH(int, k);
    QFETCH(int, experts);
    QFETCH(int, expected);
    QCOMPARE(ControlPanel::clampTopK(k, experts), expected);
}

void TestControlPanel::shrinkingExpertsLowersTopK()
{
    ControlPanel panel;
    QSignalSpy changes(&panel, &ControlPanel::configChanged);
    ArenaConfig config = panel.config();
    config.model.moe.experts = 16;
    config.model.moe.topK = 6;
    panel.apply(config);
    QCOMPARE(panel.config().model.moe.topK, 6);
    auto *experts = panel.findChild<QSlider *>(QStringLiteral("experts"));
    QVERIFY(experts);
    experts->setValue(4);
    const ArenaConfig shrunk = panel.config();
    QCOMPARE(shrunk.model.moe.experts, 4);
    QCOMPARE(shrunk.model.moe.topK, 4); // clamped, never above E
    QVERIFY(changes.count() >= 2);
    QCOMPARE(changes.last().first().value<ArenaConfig>().model.moe.topK, 4);
    // The top-k box cannot go above E any more.
    for (QSpinBox *box : panel.findChildren<QSpinBox *>())
        if (box->toolTip().contains("How many experts each sample uses"))
            QCOMPARE(box->maximum(), 4);
    const auto notes = [&panel] {
        int n = 0;
        for (const QLabel *label : panel.findChildren<QLabel *>())
            n += label->text().startsWith(QStringLiteral("Top-k lowered to")) ? 1 : 0;
        return n;
    };
    QCOMPARE(notes(), 1);
    // Settings applied whole (a refused change put back, an experiment opened) leave no note
    // about a drag that is no longer what the controls show.
    config.model.moe.experts = 2; // below the k shown: the slider's own handler would note it
    config.model.moe.topK = 1;
    panel.showRunning(config);
    QCOMPARE(notes(), 0);
}

void TestControlPanel::applyRoundTrips()
{
    ControlPanel panel;
    ArenaConfig config;
    config.dataset.name = "checkerboard";
    config.dataset.noise = 0.02;
    config.dataset.samples = 2000;
    config.dataset.seed = 7;
    config.model.moe.experts = 32;
    config.model.moe.topK = 1;
    config.model.moe.router = RouterKind::ExpertChoice;
    config.model.moe.capacityFactor.reset();
    config.model.moe.dropPolicy = DropPolicy::Score;
    config.model.moe.balanceLoss = 0.0;
    config.model.moe.zLoss = 0.001;
    config.model.moe.sharedExperts = 1;
    config.model.moe.expertHidden = 16;
    config.baseline = DenseBaseline::MatchParameters;
    config.training.optimizer.learningRate = 0.002f;
    config.training.optimizer.kind = OptimizerKind::Sgd;
    config.training.batchSize = 128;
    config.model.activation = Activation::Gelu;
    config.stepsPerSecond = 30;
    panel.apply(config);
    const ArenaConfig back = panel.config();
    QCOMPARE(QString::fromStdString(back.dataset.name), QStringLiteral("checkerboard"));
    QCOMPARE(*back.dataset.noise, 0.02);
    QCOMPARE(back.dataset.samples, Index(2000));
    QCOMPARE(back.dataset.seed, std::uint64_t(7));
    QCOMPARE(back.model.moe.experts, 32);
    QCOMPARE(back.model.moe.topK, 1);
    QCOMPARE(int(back.model.moe.router), int(RouterKind::ExpertChoice));
    QVERIFY(!back.model.moe.capacityFactor.has_value());
    QCOMPARE(int(back.model.moe.dropPolicy), int(DropPolicy::Score));
    QCOMPARE(back.model.moe.balanceLoss, 0.0);
    QCOMPARE(back.model.moe.zLoss, 0.001);
    QCOMPARE(back.model.moe.sharedExperts, 1);
    QCOMPARE(back.model.moe.expertHidden, 16);
    QCOMPARE(int(back.baseline), int(DenseBaseline::MatchParameters));
    QCOMPARE(back.training.optimizer.learningRate, 0.002f);
    QCOMPARE(int(back.training.optimizer.kind), int(OptimizerKind::Sgd));
    QCOMPARE(back.training.batchSize, Index(128));
    QCOMPARE(int(back.model.activation), int(Activation::Gelu));
    QCOMPARE(back.stepsPerSecond, 30);
}

// An experiment opened in the app trains as its file says: settings without a control (width,
// blocks, weight decay, the evaluation interval, ...) are kept, not replaced by defaults, and a
// speed that is not in the list joins it.
void TestControlPanel::applyKeepsWhatNoControlShows()
{
    ControlPanel panel;
    ArenaConfig config;
    config.dataset.name = "checkerboard";
    config.dataset.cells = 6;
    config.dataset.noise = 0.03; // what the controls show (a file may leave them to the dataset)
    config.dataset.samples = 1200;
    config.model.width = 24;
    config.model.blocks = 3;
    config.training.optimizer.weightDecay = 0.5f;
    config.training.optimizer.momentum = 0.8f;
    config.training.evalEvery = 20;
    config.steps = 777;
    config.model.moe.deadAfterSteps = 30;
    config.stepsPerSecond = 50;
    panel.apply(config);
    const ArenaConfig back = panel.config();
    QCOMPARE(files::experimentToJson(back), files::experimentToJson(config));
    QCOMPARE(back.model.width, 24);
    QCOMPARE(back.stepsPerSecond, 50);
    // Another dataset starts from its own options, not the checkerboard's cells.
    auto *dataset = panel.findChild<QComboBox *>(QStringLiteral("dataset"));
    QVERIFY(dataset);
    dataset->setCurrentIndex(dataset->findData(QStringLiteral("spiral")));
    QCOMPARE(panel.config().dataset.cells, datasets::DatasetSpec {}.cells);
    QCOMPARE(panel.config().model.width, 24);
}

void TestControlPanel::gridControlsFollowTheDataset()
{
    // The grid's cells and classes are on for the grid only; its samples follow its cells (80 a
    // cell), and the config carries both, as files and the command line do.
    ControlPanel panel;
    const auto box = [&](const Setting &setting) {
        for (QSpinBox *b : panel.findChildren<QSpinBox *>())
            if (b->toolTip() == settingText(setting.help))
                return b;
        return static_cast<QSpinBox *>(nullptr);
    };
    QSpinBox *cells = box(settings::kGridCells), *classes = box(settings::kGridClasses),
             *samples = box(settings::kSamples);
    QVERIFY(cells && classes && samples);
    QCOMPARE(cells->minimum(), int(settings::kGridCells.min));
    QCOMPARE(cells->maximum(), int(settings::kGridCells.max));
    QCOMPARE(classes->maximum(), int(settings::kGridClasses.max));
    QVERIFY(!cells->isEnabled() && !classes->isEnabled()); // the spiral
    auto *dataset = panel.findChild<QComboBox *>(QStringLiteral("dataset"));
    dataset->setCurrentIndex(dataset->findData(QStringLiteral("grid")));
    QVERIFY(cells->isEnabled() && classes->isEnabled());
    QCOMPARE(samples->value(), 80 * 16 * 16);
    QSignalSpy changes(&panel, &ControlPanel::configChanged);
    cells->setValue(24);
    classes->setValue(8);
    QCOMPARE(changes.count(), 2);
    QCOMPARE(samples->value(), 80 * 24 * 24);
    const ArenaConfig config = panel.config();
    QCOMPARE(config.dataset.gridCells, 24);
    QCOMPARE(config.dataset.gridClasses, 8);
    QCOMPARE(config.dataset.samples, Index(80 * 24 * 24));
    dataset->setCurrentIndex(dataset->findData(QStringLiteral("checkerboard")));
    QVERIFY(!cells->isEnabled() && !classes->isEnabled());
    QCOMPARE(samples->value(), 1600);
    cells->setValue(8); // not the grid: the samples stay the checkerboard's
    QCOMPARE(samples->value(), 1600);
    // apply() sets them from a file's settings.
    ArenaConfig grid = config;
    grid.dataset.gridCells = 12;
    grid.dataset.gridClasses = 3;
    grid.dataset.samples = 0; // the file leaves the count to the dataset
    panel.apply(grid);
    QCOMPARE(cells->value(), 12);
    QCOMPARE(classes->value(), 3);
    QCOMPARE(samples->value(), 80 * 12 * 12);
    QVERIFY(cells->isEnabled());
}

void TestControlPanel::everyControlHasATooltip()
{
    ControlPanel panel;
    int checked = 0;
    for (QWidget *w : panel.findChildren<QWidget *>()) {
        const bool control = w->inherits("QAbstractSpinBox") || w->inherits("QComboBox")
            || w->inherits("QAbstractSlider") || w->inherits("QAbstractButton");
        if (!control || w->parent()->inherits("QAbstractSpinBox")
            || w->inherits("QAbstractScrollArea"))
            continue;
        QVERIFY2(!w->toolTip().isEmpty(),
                 qPrintable(w->metaObject()->className() + QStringLiteral(" ") + w->objectName()));
        ++checked;
    }
    QVERIFY(checked >= 20);
}

void TestControlPanel::refusedDataPutsTheControlsBack()
{
    // A CSV that cannot be read: the spiral keeps training, and the controls say so again.
    QTemporaryDir dir;
    const QString bad = dir.filePath(QStringLiteral("bad.csv"));
    QFile file(bad);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("x1,x2,label\n1,2,0\n3,abc,1\n");
    file.close();
    MainWindow window(false);
    QSignalSpy shown(&window, &MainWindow::snapshotShown);
    QVERIFY(shown.wait(5000));
    ArenaConfig config = window.controls()->config();
    config.dataset.name = bad.toStdString();
    QSignalSpy changes(window.controls(), &ControlPanel::configChanged);
    window.controls()->apply(config);
    QCOMPARE(changes.count(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(window.controls()->config().dataset.name, std::string("spiral"),
                              5000);
    QCOMPARE(changes.count(), 1); // putting the controls back is not a new request
    QCOMPARE(window.latest().points.classes, 3);
    QTRY_VERIFY_WITH_TIMEOUT(window.findChild<QMessageBox *>() != nullptr, 2000);
    QVERIFY(window.findChild<QMessageBox *>()->text().contains(QStringLiteral("line 3")));
}

void TestControlPanel::everyRefusedCorpusFileGetsADialog()
{
    // The malformed-CSV corpus (tests/datasets/corpus) through the app: each file is picked as
    // the dataset while the spiral trains. Those the loader refuses bring a dialog naming the
    // file, and the spiral goes on; those it reads (BOM, CRLF, quotes, long lines) are used. The
    // app takes the last column as the label, so the file the corpus asks for a missing "label"
    // column in loads here.
    const QStringList loads {QStringLiteral("bom.csv"), QStringLiteral("crlf.csv"),
                             QStringLiteral("quoted-fields.csv"), QStringLiteral("long-lines.csv"),
                             QStringLiteral("missing-label-column.csv")};
    const QDir corpus(QStringLiteral(MOELAB_TEST_CORPUS_DIR));
    const QStringList files = corpus.entryList({QStringLiteral("*.csv")}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 25);
    MainWindow window(true);
    QTRY_VERIFY_WITH_TIMEOUT(window.latest().step > 20, 10000);
    const ArenaConfig spiral = window.controls()->config();
    int refused = 0;
    for (const QString &name : files) {
        ArenaConfig config = spiral;
        config.dataset.name = corpus.filePath(name).toStdString();
        window.controls()->apply(config);
        if (loads.contains(name)) {
            QTRY_VERIFY2_WITH_TIMEOUT(
                window.latest().datasetKey.contains(name),
                qPrintable(name + QStringLiteral(": ") + window.latest().datasetKey), 60000);
            QVERIFY2(window.findChildren<QMessageBox *>().isEmpty(), qPrintable(name));
            window.controls()->apply(spiral);
            QTRY_COMPARE_WITH_TIMEOUT(window.latest().points.classes, 3, 60000);
            continue;
        }
        QTRY_VERIFY2_WITH_TIMEOUT(window.findChild<QMessageBox *>() != nullptr, qPrintable(name),
                                  60000);
        QMessageBox *box = window.findChild<QMessageBox *>();
        QVERIFY2(box->text().contains(name), qPrintable(name + QStringLiteral(": ") + box->text()));
        QCOMPARE(window.controls()->config().dataset.name, std::string("spiral"));
        QCOMPARE(window.latest().points.classes, 3); // the spiral is still what trains
        delete box;
        ++refused;
    }
    QCOMPARE(refused, int(files.size()) - int(loads.size()));
    const qint64 step = window.latest().step;
    QTRY_VERIFY_WITH_TIMEOUT(window.latest().step > step + 20, 10000); // and it trains on
}

void TestControlPanel::openingAnExperimentSetsTheControls()
{
    QTemporaryDir dir;
    MainWindow window(false);
    ArenaConfig e = window.controls()->config();
    e.dataset.name = "xor";
    e.model.moe.experts = 12;
    e.model.moe.topK = 3;
    e.model.moe.router = RouterKind::Switch;
    e.training.optimizer.learningRate = 0.002f;
    const QString path = dir.filePath(QStringLiteral("lesson.json"));
    files::saveExperiment(path, e);
    QSignalSpy changes(window.controls(), &ControlPanel::configChanged);
    window.openFile(path);
    QCOMPARE(changes.count(), 1);
    const ArenaConfig shown = window.controls()->config();
    QCOMPARE(files::experimentToJson(shown), files::experimentToJson(e));
    // A file that is not ours: a message, and the controls stay as they are.
    QFile other(dir.filePath(QStringLiteral("other.json")));
    QVERIFY(other.open(QIODevice::WriteOnly));
    other.write("{\"format\": \"something-else\", \"version\": 1}");
    other.close();
    window.openFile(other.fileName());
    QCOMPARE(changes.count(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(window.findChild<QMessageBox *>() != nullptr, 2000);
}

QTEST_MAIN(TestControlPanel)
#include "tst_controlpanel.moc"
