#include "ui/text/textexports.h"

#include "files/textexperimentfile.h"
#include "ui/export/exports.h"
#include "ui/style/numberformat.h"

#include <QDateTime>
#include <QDir>

namespace moe::ui {

namespace {
QString lastValue(const QVector<QPointF> &curve)
{
    return curve.isEmpty() ? QString() : csvNumber(curve.back().y());
}

QString fixed(const QVector<QPointF> &curve)
{
    return curve.isEmpty() ? QStringLiteral("-") : QString::number(curve.back().y(), 'f', 3);
}

QString titlePage(const TextExperiment &e, const TextSnapshot &s)
{
    const MoeConfig &m = e.model.moe;
    QString html
        = QStringLiteral("<h1>MoE Lab report: text</h1><p>%1 &middot; %2 on <b>%3</b> (%4 "
                         "tokenizer, %5 tokens), %6 training steps</p>")
              .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                   s.moe.title.toHtmlEscaped(), s.corpus.toHtmlEscaped(), s.tokenizer)
              .arg(s.vocab)
              .arg(s.step);
    html += QStringLiteral("<h3>Configuration</h3><table cellpadding=3>");
    html += reportRow(QStringLiteral("blocks, width d, heads, context"),
                      QStringLiteral("%1, %2, %3, %4")
                          .arg(e.model.blocks)
                          .arg(e.model.width)
                          .arg(e.model.heads)
                          .arg(e.model.context));
    html += reportRow(QStringLiteral("experts E, top-k, expert width, MoE layers"),
                      QStringLiteral("%1, %2, %3, %4")
                          .arg(m.experts)
                          .arg(m.effectiveTopK())
                          .arg(s.moe.config.moe.expertHidden)
                          .arg(e.model.moeEvery == 2 ? QStringLiteral("every other block")
                                                     : QStringLiteral("every block")));
    html += reportRow(
        QStringLiteral("router, capacity factor, drop policy"),
        QStringLiteral("%1, %2, %3")
            .arg(QString::fromLatin1(routerName(m.router).data()),
                 m.capacityFactor ? QString::number(*m.capacityFactor) : QStringLiteral("none"),
                 QString::fromLatin1(choiceName(kDropPolicyChoices, m.dropPolicy).data())));
    html += reportRow(QStringLiteral("dense baseline"), s.dense.title);
    html += reportRow(QStringLiteral("batch, learning rate, seed"),
                      QStringLiteral("%1, %2, %3")
                          .arg(e.training.sequences)
                          .arg(double(e.training.learningRate))
                          .arg(e.seed));
    html += QStringLiteral("</table><h3>Results</h3><table cellpadding=3>"
                           "<tr><th></th><th align=right>MoE</th><th align=right>dense</th></tr>");
    html += reportRow(QStringLiteral("total parameters"), grouped(double(s.moe.cost.totalParams)),
                      grouped(double(s.dense.cost.totalParams)));
    html += reportRow(QStringLiteral("active parameters per token"),
                      grouped(double(s.moe.cost.activeParams)),
                      grouped(double(s.dense.cost.activeParams)));
    html += reportRow(QStringLiteral("FLOPs per token"), grouped(s.moe.cost.forwardFlopsPerToken),
                      grouped(s.dense.cost.forwardFlopsPerToken));
    html += reportRow(QStringLiteral("validation, bits per character"), fixed(s.moe.validationBits),
                      fixed(s.dense.validationBits));
    html
        += reportRow(QStringLiteral("bigram and unigram levels"),
                     QString::number(s.bigramBits, 'f', 3), QString::number(s.unigramBits, 'f', 3));
    html += reportRow(QStringLiteral("ms per training step"),
                      QString::number(s.moe.msPerStep, 'f', 2),
                      QString::number(s.dense.msPerStep, 'f', 2));
    return html
        + QStringLiteral("</table><p><small>Made with MoE Lab. The views follow; their numbers "
                         "are in the CSV files of Export all.</small></p>");
}
} // namespace

QString textSummaryCsv(const TextSnapshot &s)
{
    QString out = QStringLiteral(
        "model,title,total_params,active_params,flops_per_token,steps,validation_bits_per_char,"
        "bigram_bits_per_char,unigram_bits_per_char,ms_per_step\n");
    for (const TextModelSnapshot *m : {&s.moe, &s.dense})
        out += QStringList {m == &s.moe ? QStringLiteral("moe") : QStringLiteral("dense"),
                            csvCell(m->title),
                            QString::number(m->cost.totalParams),
                            QString::number(m->cost.activeParams),
                            csvNumber(m->cost.forwardFlopsPerToken),
                            QString::number(s.step),
                            lastValue(m->validationBits),
                            csvNumber(s.bigramBits),
                            csvNumber(s.unigramBits),
                            csvNumber(m->msPerStep)}
                   .join(QLatin1Char(','))
            + QLatin1Char('\n');
    return out;
}

QStringList exportAllText(const QString &folder, ExportFormat format,
                          const std::vector<Exportable *> &charts, const TextExperiment &experiment,
                          const TextSnapshot &snapshot)
{
    QStringList written = exportCharts(folder, format, charts);
    const QDir dir(folder);
    const QString json = dir.filePath(QStringLiteral("text-experiment.json"));
    files::saveTextExperiment(json, experiment);
    const QString summary = dir.filePath(QStringLiteral("text-summary.csv"));
    saveFile(summary, textSummaryCsv(snapshot).toUtf8());
    return written << json << summary;
}

void writeTextReport(const QString &path, const std::vector<Exportable *> &charts,
                     const TextExperiment &experiment, const TextSnapshot &snapshot)
{
    writeReportPdf(path, titlePage(experiment, snapshot), charts);
}

} // namespace moe::ui
