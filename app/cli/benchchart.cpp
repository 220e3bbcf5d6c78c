// The benchmark's chart: time per training step against the number of experts E (k = 2), for
// MoE Lab and the PyTorch reference, each at 1 and 2 threads. Log-log, so that "cost follows k,
// not E" reads as a flat line and the reference's loop over experts as a rising one. Drawn with
// the app's chart code and written like any chart export (PNG/SVG/PDF and the CSV).

#include "app/cli/benchchart.h"

#include "ui/export/chartexport.h"
#include "ui/style/palette.h"

#include <QChart>
#include <QChartView>
#include <QDir>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <algorithm>
#include <cmath>

namespace moe::cli {

QStringList writeBenchChart(const std::vector<BenchCurve> &curves, const QString &dir,
                            const QList<ui::ExportFormat> &formats)
{
    auto *chart = new QChart;
    chart->setTitle(
        QStringLiteral("Time per training step vs number of experts (k = 2, batch 64)"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto *x = new QLogValueAxis;
    x->setBase(2.0);
    x->setLabelFormat(QStringLiteral("%g"));
    x->setTitleText(QStringLiteral("experts E"));
    x->setRange(3.0, 80.0);
    auto *y = new QLogValueAxis;
    y->setBase(10.0);
    y->setLabelFormat(QStringLiteral("%g"));
    y->setTitleText(QStringLiteral("ms per training step (log)"));
    y->setMinorTickCount(8);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    double lo = 1e300, hi = 0.0;
    for (const BenchCurve &curve : curves) {
        if (curve.points.empty())
            continue;
        auto *line = new QLineSeries;
        line->setName(curve.name);
        QPen pen(ui::classColor(curve.colour));
        pen.setWidthF(3.0);
        pen.setStyle(curve.dashed ? Qt::DashLine : Qt::SolidLine);
        line->setPen(pen);
        line->setPointsVisible(true);
        for (const auto &[experts, ms] : curve.points) {
            line->append(experts, ms);
            lo = std::min(lo, ms);
            hi = std::max(hi, ms);
        }
        chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
    }
    if (hi > 0.0) // whole decades (a hair wider, so the end labels show), two at least
        y->setRange(
            0.99 * std::pow(10.0, std::floor(std::log10(lo))),
            std::pow(10.0, std::max(std::floor(std::log10(lo)) + 1.0, std::ceil(std::log10(hi)))));

    QChartView view(chart); // owns the chart; gives it a size to lay out in
    view.resize(960, 600);
    ui::ChartExport exported(chart, QStringLiteral("bench-time-vs-experts"),
                             QStringLiteral("Time per step vs experts"));
    QStringList written;
    for (ui::ExportFormat format : formats) {
        const QString path = QDir(dir).filePath(QStringLiteral("bench-time-vs-experts.")
                                                + ui::formatSuffix(format));
        ui::writeChart(exported, path, format, format == ui::ExportFormat::Png ? 2.0 : 1.0);
        written << path;
    }
    const QString csv = QDir(dir).filePath(QStringLiteral("bench-time-vs-experts.csv"));
    ui::writeCsv(exported, csv);
    written << csv;
    return written;
}

} // namespace moe::cli
