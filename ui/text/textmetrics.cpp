#include "ui/text/textmetrics.h"

#include <QHash>
#include <algorithm>
#include <functional>

namespace moe::ui {

namespace {

struct TextMetricInfo
{
    const char *label;
    bool share; // shown in percent
    std::function<std::optional<double>(const TextSnapshot &)> read;
};

std::optional<double> lastOf(const QVector<QPointF> &curve)
{
    if (curve.isEmpty())
        return std::nullopt;
    return curve.back().y();
}

const LayerRoutingAnalysis *firstLayer(const TextSnapshot &s)
{
    return s.analysis.layers.empty() ? nullptr : &s.analysis.layers.front();
}

// The mean of the dropped shares over the first (late = false) or last quarter of positions.
std::optional<double> quarterDrops(const TextSnapshot &s, bool late)
{
    const LayerRoutingAnalysis *l = firstLayer(s);
    if (!l || l->dropByPosition.size() < 4)
        return std::nullopt;
    const std::size_t n = l->dropByPosition.size(), quarter = n / 4;
    const std::size_t begin = late ? n - quarter : 0;
    double sum = 0.0;
    for (std::size_t p = begin; p < begin + quarter; ++p)
        sum += l->dropByPosition[p];
    return sum / double(quarter);
}

const QHash<QString, TextMetricInfo> &metrics()
{
    using S = const TextSnapshot &;
    static const QHash<QString, TextMetricInfo> table {
        {QStringLiteral("moe.validationBits"),
         {"MoE validation loss (bits/char)", false,
          [](S s) { return lastOf(s.moe.validationBits); }}},
        {QStringLiteral("dense.validationBits"),
         {"dense validation loss (bits/char)", false,
          [](S s) { return lastOf(s.dense.validationBits); }}},
        {QStringLiteral("bigramBits"),
         {"bigram level (bits/char)", false,
          [](S s) { return s.bigramBits > 0 ? std::optional(s.bigramBits) : std::nullopt; }}},
        {QStringLiteral("unigramBits"),
         {"unigram level (bits/char)", false,
          [](S s) { return s.unigramBits > 0 ? std::optional(s.unigramBits) : std::nullopt; }}},
        {QStringLiteral("moe.tokenSpecialisation"),
         {"token specialisation", true,
          [](S s) {
              const LayerRoutingAnalysis *l = firstLayer(s);
              return l ? std::optional(l->tokenSpecialisation) : std::nullopt;
          }}},
        {QStringLiteral("moe.tokenBlindSpecialisation"),
         {"specialisation if routing ignored the token", true,
          [](S s) {
              const LayerRoutingAnalysis *l = firstLayer(s);
              return l ? std::optional(l->specialisationIfTokenBlind) : std::nullopt;
          }}},
        {QStringLiteral("moe.domainSpecialisation"),
         {"domain specialisation", true,
          [](S s) {
              const LayerRoutingAnalysis *l = firstLayer(s);
              return l ? std::optional(l->domainSpecialisation) : std::nullopt;
          }}},
        {QStringLiteral("moe.consecutiveAgreement"),
         {"next token, same expert", true,
          [](S s) {
              const LayerRoutingAnalysis *l = firstLayer(s);
              return l ? std::optional(l->consecutiveAgreement) : std::nullopt;
          }}},
        {QStringLiteral("moe.consecutiveChance"),
         {"same expert by chance", true,
          [](S s) {
              const LayerRoutingAnalysis *l = firstLayer(s);
              return l ? std::optional(l->consecutiveChance) : std::nullopt;
          }}},
        {QStringLiteral("moe.dropRate"),
         {"dropped share of slots", true,
          [](S s) {
              const LayerRoutingAnalysis *l = firstLayer(s);
              return l ? std::optional(l->dropRate) : std::nullopt;
          }}},
        {QStringLiteral("moe.earlyDropShare"),
         {"drops in the first quarter of positions", true,
          [](S s) { return quarterDrops(s, false); }}},
        {QStringLiteral("moe.lateDropShare"),
         {"drops in the last quarter of positions", true,
          [](S s) { return quarterDrops(s, true); }}},
        {QStringLiteral("moe.params"),
         {"MoE parameters", false,
          [](S s) { return std::optional(double(s.moe.cost.totalParams)); }}},
        {QStringLiteral("dense.params"),
         {"dense parameters", false,
          [](S s) { return std::optional(double(s.dense.cost.totalParams)); }}},
    };
    return table;
}

} // namespace

std::optional<double> textMetric(const TextSnapshot &snapshot, const QString &name)
{
    const auto it = metrics().find(name);
    return it == metrics().end() ? std::nullopt : it->read(snapshot);
}

QStringList textMetricNames()
{
    QStringList names = metrics().keys();
    names.sort();
    return names;
}

QString describeTextMetric(const QString &name, double value)
{
    const auto it = metrics().find(name);
    const bool share = it != metrics().end() && it->share;
    const QString text = share ? QString::number(100.0 * value, 'f', 1) + QLatin1Char('%')
                               : QString::number(value, 'f', value >= 1000 ? 0 : 3);
    return it == metrics().end() ? QStringLiteral("%1 = %2").arg(name, text)
                                 : QStringLiteral("%1: %2").arg(QString::fromUtf8(it->label), text);
}

} // namespace moe::ui
