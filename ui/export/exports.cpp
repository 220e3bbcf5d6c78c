#include "ui/export/exports.h"

#include "core/base/error.h"
#include "files/atomicfile.h"
#include "files/experimentfile.h"
#include "ui/style/numberformat.h"
#include "ui/style/theme.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QDateTime>
#include <QDir>
#include <QPdfWriter>
#include <QTextDocument>

namespace moe::ui {

namespace {
QString last(const QVector<QPointF> &curve)
{
    return curve.isEmpty() ? QString() : csvNumber(curve.back().y());
}

void writeText(const QString &path, const QString &text)
{
    saveFile(path, text.toUtf8());
}

QString percent(const QVector<QPointF> &curve)
{
    return curve.isEmpty() ? QStringLiteral("-")
                           : QString::number(100.0 * curve.back().y(), 'f', 1) + QLatin1Char('%');
}

QString number(const QVector<QPointF> &curve)
{
    return curve.isEmpty() ? QStringLiteral("-") : QString::number(curve.back().y(), 'f', 4);
}

QString html(const QString &text)
{
    return text.toHtmlEscaped();
}

QString configurationTable(const Experiment &e, const ArenaSnapshot &s)
{
    const MoeConfig &m = e.model.moe;
    QString table = QStringLiteral("<h3>Configuration</h3><table cellpadding=3>");
    table += reportRow(
        QStringLiteral("experts E, top-k, expert width"),
        QStringLiteral("%1, %2, %3").arg(m.experts).arg(m.effectiveTopK()).arg(m.expertHidden));
    table += reportRow(
        QStringLiteral("router, capacity factor, drop policy"),
        QStringLiteral("%1, %2, %3")
            .arg(QString::fromLatin1(routerName(m.router).data()),
                 m.capacityFactor ? QString::number(*m.capacityFactor) : QStringLiteral("none"),
                 QString::fromLatin1(dropPolicyName(m.dropPolicy).data())));
    table += reportRow(
        QStringLiteral("balance loss, z-loss, shared experts"),
        QStringLiteral("%1, %2, %3").arg(m.balanceLoss).arg(m.zLoss).arg(m.sharedExperts));
    table += reportRow(QStringLiteral("width d, blocks, activation"),
                       QStringLiteral("%1, %2, %3")
                           .arg(e.model.width)
                           .arg(e.model.blocks)
                           .arg(QString::fromLatin1(activationName(e.model.activation).data())));
    table += reportRow(QStringLiteral("dense baseline"), s.dense.title);
    table
        += reportRow(QStringLiteral("optimiser, learning rate, batch"),
                     QStringLiteral("%1, %2, %3")
                         .arg(QString::fromLatin1(optimizerName(e.training.optimizer.kind).data()))
                         .arg(double(e.training.optimizer.learningRate))
                         .arg(e.training.batchSize));
    table += reportRow(QStringLiteral("seeds (data, training)"),
                       QStringLiteral("%1, %2").arg(e.dataset.seed).arg(e.training.seed));
    return table + QStringLiteral("</table>");
}

QString resultsTable(const ArenaSnapshot &s)
{
    QString table = QStringLiteral("<h3>Results</h3><table cellpadding=3>");
    table += QStringLiteral("<tr><th></th><th align=right style='padding-left:24px'>MoE</th>"
                            "<th align=right style='padding-left:24px'>dense</th></tr>");
    table += reportRow(QStringLiteral("total parameters"), grouped(double(s.moe.cost.totalParams)),
                       grouped(double(s.dense.cost.totalParams)));
    table += reportRow(QStringLiteral("active parameters per sample"),
                       grouped(double(s.moe.cost.activeParamsPerSample)),
                       grouped(double(s.dense.cost.activeParamsPerSample)));
    table
        += reportRow(QStringLiteral("FLOPs per sample"), grouped(s.moe.cost.forwardFlopsPerSample),
                     grouped(s.dense.cost.forwardFlopsPerSample));
    table
        += reportRow(QStringLiteral("test loss"), number(s.moe.testLoss), number(s.dense.testLoss));
    table += reportRow(QStringLiteral("test accuracy"), percent(s.moe.testAccuracy),
                       percent(s.dense.testAccuracy));
    table += reportRow(QStringLiteral("train loss"), number(s.moe.trainLoss),
                       number(s.dense.trainLoss));
    table += reportRow(QStringLiteral("ms per training step"),
                       QString::number(s.moe.msPerStep, 'f', 3),
                       QString::number(s.dense.msPerStep, 'f', 3));
    if (s.routing.steps > 0)
        table += reportRow(QStringLiteral("MoE load CV, dropped, dead experts"),
                           QStringLiteral("%1, %2%, %3 of %4")
                               .arg(s.routing.loadCv, 0, 'f', 2)
                               .arg(100.0 * s.routing.droppedFraction, 0, 'f', 1)
                               .arg(s.routing.deadExperts)
                               .arg(s.routing.experts));
    return table + QStringLiteral("</table>");
}

// The title page as HTML: what was trained on what, and how well.
QString titlePage(const Experiment &e, const ArenaSnapshot &s)
{
    return QStringLiteral(
               "<h1>MoE Lab report</h1><p>%1 &middot; %2 on <b>%3</b>, %4 training steps</p>")
               .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                    html(s.moe.title), html(QString::fromStdString(e.dataset.name)))
               .arg(s.step)
        + configurationTable(e, s) + resultsTable(s)
        + QStringLiteral("<p><small>Made with MoE Lab. Charts follow, one or two a page; "
                         "their numbers are in the CSV files of Export all.</small></p>");
}
} // namespace

QString reportRow(const QString &a, const QString &b, const QString &c)
{
    // A gap before each number column, so that two numbers never read as one.
    return QStringLiteral("<tr><td>%1</td><td align=right style='padding-left:24px'>%2</td>"
                          "<td align=right style='padding-left:24px'>%3</td></tr>")
        .arg(a.toHtmlEscaped(), b.toHtmlEscaped(), c.toHtmlEscaped());
}

QString summaryCsv(const ArenaSnapshot &s)
{
    QString out = QStringLiteral(
        "model,title,total_params,active_params,flops_per_sample,steps,train_loss,test_loss,"
        "train_accuracy,test_accuracy,ms_per_step,load_cv,dropped_fraction,dead_experts\n");
    for (const ModelSnapshot *m : {&s.moe, &s.dense}) {
        const bool moe = m == &s.moe;
        out += QStringList {moe ? QStringLiteral("moe") : QStringLiteral("dense"),
                            csvCell(m->title),
                            QString::number(m->cost.totalParams),
                            QString::number(m->cost.activeParamsPerSample),
                            csvNumber(m->cost.forwardFlopsPerSample),
                            QString::number(s.step),
                            last(m->trainLoss),
                            last(m->testLoss),
                            last(m->trainAccuracy),
                            last(m->testAccuracy),
                            csvNumber(m->msPerStep),
                            moe && s.routing.steps > 0 ? csvNumber(s.routing.loadCv) : QString(),
                            moe && s.routing.steps > 0 ? csvNumber(s.routing.droppedFraction)
                                                       : QString(),
                            moe && s.routing.steps > 0 ? QString::number(s.routing.deadExperts)
                                                       : QString()}
                   .join(QLatin1Char(','))
            + QLatin1Char('\n');
    }
    return out;
}

QStringList exportCharts(const QString &folder, ExportFormat format,
                         const std::vector<Exportable *> &charts)
{
    files::makeWritableFolder(folder);
    const QDir dir(folder);
    QStringList written;
    for (Exportable *chart : charts) {
        const QString picture
            = dir.filePath(chart->exportName() + QLatin1Char('.') + formatSuffix(format));
        writeChart(*chart, picture, format, format == ExportFormat::Png ? 2.0 : 1.0);
        const QString csv = dir.filePath(chart->exportName() + QStringLiteral(".csv"));
        writeCsv(*chart, csv);
        written << picture << csv;
    }
    return written;
}

QStringList exportAll(const QString &folder, ExportFormat format,
                      const std::vector<Exportable *> &charts, const Experiment &experiment,
                      const ArenaSnapshot &snapshot)
{
    QStringList written = exportCharts(folder, format, charts);
    const QDir dir(folder);
    const QString json = dir.filePath(QStringLiteral("experiment.json"));
    files::saveExperiment(json, experiment);
    const QString summary = dir.filePath(QStringLiteral("summary.csv"));
    writeText(summary, summaryCsv(snapshot));
    written << json << summary;
    return written;
}

namespace {
// The charts after the title page, two a page, each under its title and as large as its half
// allows.
void drawCharts(QPdfWriter &pdf, QPainter &painter, const std::vector<Exportable *> &charts,
                const QRectF &page, QFont headingFont)
{
    headingFont.setBold(true);
    headingFont.setPointSizeF(13);
    const double half = page.height() / 2.0, titleHeight = 34.0;
    for (std::size_t i = 0; i < charts.size(); ++i) {
        if (i % 2 == 0)
            pdf.newPage();
        const double top = double(i % 2) * half;
        // A chart that carries its title gets no second one above it.
        const double heading = charts[i]->drawsOwnTitle() ? 0.0 : titleHeight;
        painter.setFont(headingFont);
        painter.setPen(Qt::black);
        if (heading > 0.0)
            painter.drawText(QRectF(0, top, page.width(), heading),
                             Qt::AlignLeft | Qt::AlignVCenter, charts[i]->exportTitle());
        const QSizeF natural = charts[i]->exportSize();
        const QRectF space(0, top + heading, page.width(), half - heading - 12);
        // Never enlarged: the picture's fonts stay the screen's (a small view blown up to the
        // page width had letters three times the report's), only shrunk where it must fit.
        const double scale
            = std::min({1.0, space.width() / natural.width(), space.height() / natural.height()});
        const QSizeF size = natural * scale;
        charts[i]->renderExport(painter, QRectF(space.topLeft(), size));
    }
}
} // namespace

void writeReport(const QString &path, const std::vector<Exportable *> &charts,
                 const Experiment &experiment, const ArenaSnapshot &snapshot)
{
    writeReportPdf(path, titlePage(experiment, snapshot), charts);
}

void writeReportPdf(const QString &path, const QString &titleHtml,
                    const std::vector<Exportable *> &charts)
{
    const LightForExport light;
    // Drawn into memory, then saved with every write checked (see chartBytes).
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter pdf(&buffer);
        pdf.setTitle(QStringLiteral("MoE Lab report"));
        pdf.setCreator(QStringLiteral("MoE Lab"));
        pdf.setPageSize(QPageSize(QPageSize::A4));
        pdf.setResolution(96);
        pdf.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        QPainter painter(&pdf);
        const QRectF page(QPointF(0, 0), QSizeF(pdf.width(), pdf.height()));
        QTextDocument title;
        QFont font = title.defaultFont();
        font.setPointSizeF(11);
        title.setDefaultFont(font);
        title.setHtml(titleHtml);
        title.setTextWidth(page.width());
        title.documentLayout()->draw(&painter, {});
        drawCharts(pdf, painter, charts, page, font);
    }
    saveFile(path, buffer.data());
}

} // namespace moe::ui
