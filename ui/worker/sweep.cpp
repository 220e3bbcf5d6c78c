#include "ui/worker/sweep.h"

#include <algorithm>

namespace moe::ui {

std::vector<ModelConfig> sweepGrid(const ArenaConfig &config)
{
    const ModelConfig base = config.moeModel();
    std::vector<ModelConfig> grid;
    for (int k : {1, 2})
        for (int e = 1; e <= 64; e *= 2) {
            ModelConfig m = base;
            m.moe.experts = e;
            m.moe.topK = k;
            // A token cannot use more experts than exist; Switch routes to one expert whatever k,
            // and under expert choice the capacity factor, not k, sets the compute.
            const bool kIgnored = m.moe.router == RouterKind::ExpertChoice && k > 1;
            if (k > e || m.moe.effectiveTopK() != k || kIgnored)
                continue;
            grid.push_back(m);
        }
    for (int factor : {1, 2, 4, 8, 16}) {
        ModelConfig d = config.denseModel();
        d.hidden = factor * base.moe.expertHidden;
        grid.push_back(d);
    }
    // Cheapest first: by active hidden units per block (k * h for MoE, h for dense), then size.
    const auto activeWidth = [](const ModelConfig &m) {
        return m.blockKind == BlockKind::Moe ? m.moe.activeExperts() * m.moe.expertHidden
                                             : m.hidden;
    };
    std::stable_sort(grid.begin(), grid.end(), [&](const ModelConfig &a, const ModelConfig &b) {
        return activeWidth(a) < activeWidth(b);
    });
    return grid;
}

QString runLabel(const ModelConfig &m)
{
    if (m.blockKind == BlockKind::Dense)
        return QStringLiteral("dense h=%1").arg(m.hidden);
    const QString router = QString::fromLatin1(routerName(m.moe.router).data(),
                                               qsizetype(routerName(m.moe.router).size()));
    if (m.moe.router == RouterKind::ExpertChoice)
        return QStringLiteral("MoE E=%1 h=%2 (%3)")
            .arg(m.moe.experts)
            .arg(m.moe.expertHidden)
            .arg(router);
    return QStringLiteral("MoE E=%1 k=%2 h=%3 (%4)")
        .arg(m.moe.experts)
        .arg(m.moe.effectiveTopK())
        .arg(m.moe.expertHidden)
        .arg(router);
}

QVector<QPointF> paretoFrontier(QVector<QPointF> points, bool higherIsBetter)
{
    points.removeIf(
        [](const QPointF &p) { return !std::isfinite(p.x()) || !std::isfinite(p.y()); });
    // Same cost: the better value first, so that it alone can enter the frontier.
    std::sort(points.begin(), points.end(), [&](const QPointF &a, const QPointF &b) {
        if (a.x() != b.x())
            return a.x() < b.x();
        return higherIsBetter ? a.y() > b.y() : a.y() < b.y();
    });
    QVector<QPointF> frontier;
    for (const QPointF &p : points)
        if (frontier.isEmpty()
            || (higherIsBetter ? p.y() > frontier.back().y() : p.y() < frontier.back().y()))
            frontier.append(p);
    return frontier;
}

QList<QPointF> frontierStairs(const QVector<QPointF> &frontier, double xEnd)
{
    QList<QPointF> stairs;
    for (qsizetype i = 0; i < frontier.size(); ++i) {
        if (i > 0) // hold the best value until the next, costlier improvement
            stairs.append(QPointF(frontier[i].x(), frontier[i - 1].y()));
        stairs.append(frontier[i]);
    }
    if (!stairs.isEmpty())
        stairs.append(QPointF(xEnd, stairs.back().y()));
    return stairs;
}

} // namespace moe::ui
