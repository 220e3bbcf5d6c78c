#include "ui/worker/modeltitle.h"

namespace moe::ui {

QString modelTitle(const ModelConfig &m, DenseBaseline baseline)
{
    // Expert choice has no k: an expert takes C = cf T / E samples, cf experts per sample.
    const QString routing = m.moe.router == RouterKind::ExpertChoice
        ? QStringLiteral("expert choice (%1 per sample)").arg(m.moe.activeExperts(), 0, 'g', 3)
        : QStringLiteral("top-%1").arg(m.moe.effectiveTopK());
    if (m.blockKind == BlockKind::Moe)
        return QStringLiteral("MoE %1 x %2, %3")
            .arg(m.moe.experts)
            .arg(m.moe.expertHidden)
            .arg(routing);
    // "Dense h=68, matched total compute (router included)"
    const std::string_view kind = baselineTitle(baseline);
    return QStringLiteral("Dense h=%1, %2")
        .arg(m.hidden)
        .arg(QLatin1String(kind.data(), qsizetype(kind.size())));
}

} // namespace moe::ui
