// moelab-cli's text commands end to end: train --task text, its saved model read back by eval and
// generate with the same numbers, thread-count invariance, expert choice refused for generation
// with its reason, and bad text files refused with what and where.

#include "clirunner.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using clitest::runCli;

namespace {
// The first 40,000 characters of the bundled Shakespeare, so that each run takes a fraction of a
// second (the final evaluation reads the whole validation part).
QString smallCorpus()
{
    static QTemporaryDir dir;
    const QString path = dir.filePath("shakespeare-40k.txt");
    if (!QFile::exists(path)) {
        QFile source(QStringLiteral(MOELAB_SOURCE_DIR "/datasets/data/text/shakespeare.txt"));
        QFile out(path);
        if (source.open(QIODevice::ReadOnly) && out.open(QIODevice::WriteOnly))
            out.write(source.read(40000));
    }
    return path;
}

// A small model that trains in about a second.
QStringList small(const QString &model)
{
    return {"train",           "--task", "text",         "--json", "--corpus",      smallCorpus(),
            "--context",       "16",     "--width",      "32",     "--heads",       "2",
            "--blocks",        "2",      "--batch",      "4",      "--steps",       "40",
            "--warmup",        "5",      "--eval-every", "20",     "--eval-tokens", "512",
            "--model",         model,    "--experts",    "4",      "--top-k",       "2",
            "--expert-hidden", "32"};
}

QJsonObject json(const clitest::Run &run)
{
    if (run.exitCode != 0)
        qWarning("%s", run.err.constData());
    return QJsonDocument::fromJson(run.out).object();
}
} // namespace

class TstCliText : public QObject
{
    Q_OBJECT

private slots:
    void trainsAndReportsEveryFigure_data();
    void trainsAndReportsEveryFigure();
    void savedModelGivesTheSameNumbersEverywhere();
    void sameSeedSameRunForAnyThreadCount();
    void generatesWithRoutingAndRefusesExpertChoice();
    void badTextIsRefusedWithWhatAndWhere_data();
    void badTextIsRefusedWithWhatAndWhere();
};

void TstCliText::trainsAndReportsEveryFigure_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QStringList>("extra");
    QTest::newRow("dense char") << "dense" << QStringList {};
    QTest::newRow("moe topk char") << "moe" << QStringList {};
    QTest::newRow("moe every other block, bpe")
        << "moe" << QStringList {"--moe-every", "2", "--tokenizer", "bpe", "--vocab", "256"};
    QTest::newRow("moe expert-choice, mixed")
        << "moe" << QStringList {"--router", "expert-choice", "--corpus", "mixed", "--steps", "20"};
}

void TstCliText::trainsAndReportsEveryFigure()
{
    QFETCH(QString, model);
    QFETCH(QStringList, extra);
    const QJsonObject r = json(runCli(small(model) + extra));
    QCOMPARE(r.value("task").toString(), QStringLiteral("text"));
    const int steps = extra.contains("--steps") ? 20 : 40;
    QCOMPARE(r.value("steps").toInt(), steps);
    const QJsonArray curve = r.value("curve").toArray();
    QCOMPARE(curve.size(), steps / 20 + 1); // every 20 steps from 0, then the final evaluation
    const double start = curve.first().toObject().value("validation_loss").toDouble();
    const double end = r.value("validation_loss").toDouble();
    // Learning: from about ln V (uniform) clearly down.
    QVERIFY2(std::abs(start - std::log(r.value("vocab").toDouble())) < 0.2,
             qPrintable(QString::number(start)));
    QVERIFY2(end < start - 0.25, qPrintable(QStringLiteral("%1 -> %2").arg(start).arg(end)));
    QVERIFY(r.value("validation_bits_per_char").toDouble() > 0.0);
    QVERIFY(r.value("tokens_per_second").toDouble() > 0.0);
    QVERIFY(r.value("params_active").toDouble() <= r.value("params_total").toDouble());
    QVERIFY(r.value("flops_per_token").toDouble() > 0.0);
    if (model == QLatin1String("moe")) {
        const QJsonArray layers = r.value("routing").toArray();
        QCOMPARE(layers.size(), extra.contains("2") && extra.contains("--moe-every") ? 1 : 2);
        for (const QJsonValue &layer : layers) {
            const QJsonObject l = layer.toObject();
            double share = 0.0;
            for (const QJsonValue &s : l.value("expert_share").toArray())
                share += s.toDouble();
            QVERIFY(std::abs(share - 1.0) < 1e-9);
            QVERIFY(l.value("consecutive_chance").toDouble() >= 0.25 - 1e-9); // >= 1/E
            QCOMPARE(l.value("drop_by_position").toArray().size(), 16);
            QCOMPARE(l.value("domain_expert").toArray().size(), extra.contains("mixed") ? 3 : 1);
        }
    }
}

void TstCliText::savedModelGivesTheSameNumbersEverywhere()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("text.json");
    const QJsonObject r = json(runCli(small("moe") + QStringList {"--save-model", path}));
    QVERIFY(QFile::exists(path));
    const QString logits = dir.filePath("logits.csv"), routing = dir.filePath("routing.csv");
    const QJsonObject e = json(
        runCli({"eval", "--model", path, "--json", "--logits", logits, "--routing-csv", routing}));
    // The same validation part, the same windows: the same loss to the last digit.
    QCOMPARE(e.value("loss_nats_per_token").toDouble(), r.value("validation_loss").toDouble());
    QCOMPARE(e.value("bits_per_char").toDouble(), r.value("validation_bits_per_char").toDouble());
    QCOMPARE(e.value("moe_layers").toArray().size(), 2);
    QFile csv(routing);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QByteArray all = csv.readAll();
    // Records, not lines: a token's text may be a quoted line break (RFC 4180).
    qsizetype records = 0;
    bool quoted = false;
    for (char c : all) {
        quoted = c == '"' ? !quoted : quoted;
        records += c == '\n' && !quoted ? 1 : 0;
    }
    QCOMPARE(all.left(all.indexOf('\n')),
             QByteArray("window,position,token,text,domain,loss,block1_expert1,"
                        "block1_gate1,block1_expert2,block1_gate2,block2_expert1,"
                        "block2_gate1,block2_expert2,block2_gate2"));
    QCOMPARE(records - 1, qsizetype(e.value("tokens").toDouble()));
    QFile l(logits);
    QVERIFY(l.open(QIODevice::ReadOnly));
    // window, position, token, target, then a logit per token of the vocabulary
    QCOMPARE(qsizetype(l.readLine().count(',')), qsizetype(3 + r.value("vocab").toInt()));
}

void TstCliText::sameSeedSameRunForAnyThreadCount()
{
    const QJsonObject one = json(runCli(small("moe") + QStringList {"--threads", "1"}));
    const QJsonObject two = json(runCli(small("moe") + QStringList {"--threads", "2"}));
    QVERIFY(one.value("validation_loss").toDouble() > 0.0);
    QCOMPARE(one.value("validation_loss").toDouble(), two.value("validation_loss").toDouble());
    QCOMPARE(one.value("curve").toArray(), two.value("curve").toArray());
    QCOMPARE(one.value("routing").toArray(), two.value("routing").toArray());
}

void TstCliText::generatesWithRoutingAndRefusesExpertChoice()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("m.json"), ec = dir.filePath("ec.json");
    QCOMPARE(runCli(small("moe") + QStringList {"--save-model", path}).exitCode, 0);
    const QStringList generate {"generate", "--model", path,     "--prompt", "ROMEO:",
                                "--tokens", "40",      "--seed", "3",        "--json"};
    const QJsonObject g = json(runCli(generate));
    const QJsonArray tokens = g.value("tokens").toArray();
    QCOMPARE(tokens.size(), 6 + 40); // the prompt's characters, then the generated ones
    QVERIFY(tokens.first().toObject().value("prompt").toBool());
    QVERIFY(!tokens.last().toObject().value("prompt").toBool());
    for (const QJsonValue &t : tokens) // top-2 routing in both MoE layers, gates summing to 1
        for (const QJsonValue &layer : t.toObject().value("moe_layers").toArray()) {
            const QJsonArray gates = layer.toObject().value("gates").toArray();
            QCOMPARE(gates.size(), 2);
            QVERIFY(std::abs(gates[0].toDouble() + gates[1].toDouble() - 1.0) < 1e-6);
        }
    QCOMPARE(json(runCli(generate)).value("text"), g.value("text")); // same seed, same text
    QCOMPARE(runCli(small("moe") + QStringList {"--router", "expert-choice", "--save-model", ec})
                 .exitCode,
             0);
    const clitest::Run refused = runCli({"generate", "--model", ec, "--tokens", "5"});
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains("expert choice cannot generate text one token at a time"),
             refused.err.constData());
}

void TstCliText::badTextIsRefusedWithWhatAndWhere_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    QTest::newRow("invalid UTF-8")
        << QByteArray(2000, 'a') + "\xff" + QByteArray(2000, 'b') << "invalid UTF-8 at byte 2,000";
    QTest::newRow("binary") << QByteArray(3000, 'a') + QByteArray(1, '\0') << "NUL";
    QTest::newRow("too small") << QByteArray("to be or not") << "needs at least 100";
}

void TstCliText::badTextIsRefusedWithWhatAndWhere()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString path = dir.filePath("notes.txt");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    const clitest::Run run = runCli(small("dense") + QStringList {"--corpus", path});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("notes.txt") && run.err.contains(message.toUtf8()),
             run.err.constData());
    QVERIFY(run.out.isEmpty());
}

QTEST_GUILESS_MAIN(TstCliText)
#include "tst_clitext.moc"
