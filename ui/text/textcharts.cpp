#include "ui/text/textcharts.h"

#include "ui/charts/axisticks.h"

#include <QChart>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace moe::ui {

namespace {
// The 2-D arena's curve colours (ui/charts/curvespanel.cpp): Okabe-Ito blue and vermillion.
const QColor kDense(0x0072B2), kMoe(0xD55E00), kLevel(0x555555), kChance(0x009E73);

QLineSeries *line(QChart *chart, const QString &name, const QColor &colour, double width,
                  Qt::PenStyle style = Qt::SolidLine)
{
    auto *series = new QLineSeries;
    series->setName(name);
    series->setPen(QPen(colour, width, style));
    chart->addSeries(series);
    return series;
}

QChart *chart(const QString &title, QValueAxis *&x, QValueAxis *&y, const QString &xTitle,
              const QString &yTitle)
{
    auto *c = new QChart;
    c->setTitle(title);
    c->legend()->setAlignment(Qt::AlignBottom);
    c->setMargins(QMargins(4, 4, 4, 4));
    x = new QValueAxis;
    y = new QValueAxis;
    x->setTitleText(xTitle);
    y->setTitleText(yTitle);
    x->setLabelFormat(QStringLiteral("%g"));
    y->setLabelFormat(QStringLiteral("%g"));
    c->addAxis(x, Qt::AlignBottom);
    c->addAxis(y, Qt::AlignLeft);
    return c;
}

void attach(QChart *c)
{
    for (QAbstractSeries *s : c->series())
        for (QAbstractAxis *axis : c->axes())
            s->attachAxis(axis);
    keepTicksLegible(c);
}
} // namespace

TextCharts::TextCharts(QObject *parent)
    : QObject(parent)
{
    m_loss = chart(tr("Validation loss, bits per character"), m_lossX, m_lossY, tr("step"),
                   tr("bits per character"));
    QColor faintDense = kDense, faintMoe = kMoe;
    faintDense.setAlpha(70);
    faintMoe.setAlpha(70);
    m_denseBatch = line(m_loss, tr("dense, training batch"), faintDense, 1.0);
    m_moeBatch = line(m_loss, tr("MoE, training batch"), faintMoe, 1.0);
    m_unigram = line(m_loss, tr("unigram level"), kLevel, 1.8, Qt::DotLine);
    m_bigram = line(m_loss, tr("bigram level"), kLevel, 2.0, Qt::DashLine);
    m_denseValidation = line(m_loss, tr("dense"), kDense, 3.0);
    m_moeValidation = line(m_loss, tr("MoE"), kMoe, 3.0);
    attach(m_loss);
    // The batches' losses are the faint lines behind: the key names the four that matter.
    for (QLineSeries *faint : {m_denseBatch, m_moeBatch})
        for (QLegendMarker *marker : m_loss->legend()->markers(faint))
            marker->setVisible(false);

    m_positions = chart(tr("Dropped slots by position in the sequence"), m_positionX, m_positionY,
                        tr("position in the sequence"), tr("share dropped"));
    m_drop = line(m_positions, tr("dropped share"), kMoe, 2.5);
    attach(m_positions);

    m_settling = chart(tr("Consecutive tokens and the router settling"), m_settlingX, m_settlingY,
                       tr("step"), tr("share of tokens"));
    m_agreement = line(m_settling, tr("next token, same expert"), kMoe, 2.5);
    m_chance = line(m_settling, tr("... by chance"), kChance, 2.0, Qt::DashLine);
    m_changed = line(m_settling, tr("first choice changed since last evaluation"), kDense, 2.0,
                     Qt::DotLine);
    attach(m_settling);
}

// The charts belong to the chart views that show them (QChartView takes its chart).
TextCharts::~TextCharts() = default;

void TextCharts::show(const TextSnapshot &s, int layer)
{
    m_denseBatch->replace(s.dense.batchBits);
    m_moeBatch->replace(s.moe.batchBits);
    m_denseValidation->replace(s.dense.validationBits);
    m_moeValidation->replace(s.moe.validationBits);
    const double last = std::max(1.0, double(s.step));
    m_bigram->replace({QPointF(0, s.bigramBits), QPointF(last, s.bigramBits)});
    m_unigram->replace({QPointF(0, s.unigramBits), QPointF(last, s.unigramBits)});
    m_bigram->setName(tr("bigram %1").arg(s.bigramBits, 0, 'f', 2));
    m_unigram->setName(tr("unigram %1").arg(s.unigramBits, 0, 'f', 2));
    // From the best value to a little above the unigram level: the start of training (log2 V
    // bits per token) is off the top, the part worth watching fills the chart.
    double low = s.bigramBits, high = s.unigramBits;
    for (const QVector<QPointF> *curve : {&s.dense.validationBits, &s.moe.validationBits})
        for (const QPointF &p : *curve)
            if (std::isfinite(p.y()))
                low = std::min(low, p.y());
    setAxisRange(m_lossX, 0.0, niceTop(last));
    setAxisRange(m_lossY, std::max(0.0, std::floor(low * 2.0 - 0.5) / 2.0),
                 std::ceil(high * 2.0 + 0.5) / 2.0);

    QVector<QPointF> drops, agreement, chance, changed;
    if (layer >= 0 && std::size_t(layer) < s.analysis.layers.size()) {
        const LayerRoutingAnalysis &l = s.analysis.layers[std::size_t(layer)];
        for (std::size_t p = 0; p < l.dropByPosition.size(); ++p)
            drops.append(QPointF(double(p + 1), l.dropByPosition[p]));
        agreement = s.agreement[std::size_t(layer)];
        chance = s.chance[std::size_t(layer)];
        changed = s.changed[std::size_t(layer)];
    }
    m_drop->replace(drops);
    double top = 0.05;
    for (const QPointF &p : drops)
        top = std::max(top, p.y());
    setAxisRange(m_positionX, 1.0, std::max(2.0, double(drops.size())));
    setAxisRange(m_positionY, 0.0, niceTop(top));
    m_agreement->replace(agreement);
    m_chance->replace(chance);
    m_changed->replace(changed);
    setAxisRange(m_settlingX, 0.0, niceTop(last));
    setAxisRange(m_settlingY, 0.0, 1.0);
}

} // namespace moe::ui
