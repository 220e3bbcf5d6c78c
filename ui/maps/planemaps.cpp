#include "ui/maps/planemaps.h"

#include "core/nn/loss.h"
#include "ui/style/palette.h"

#include <algorithm>

namespace moe::ui {

namespace {
QColor blend(const QColor &over, double alpha)
{
    const QColor under = mapBackground();
    const auto mix = [alpha](double a, double b) { return float(b + alpha * (a - b)); };
    return QColor::fromRgbF(mix(over.redF(), under.redF()), mix(over.greenF(), under.greenF()),
                            mix(over.blueF(), under.blueF()));
}

Matrix standardizedPoints(const PlaneGrid &grid, const datasets::Standardizer &scaler)
{
    Matrix points = grid.points();
    if (scaler.isFitted())
        scaler.apply(points);
    return points;
}
} // namespace

PlaneGrid PlaneGrid::around(const Matrix &features, int resolution)
{
    PlaneGrid grid;
    grid.resolution = resolution;
    if (features.rows() == 0 || features.cols() < 2)
        return grid;
    const double x0 = features.col(0).minCoeff(), x1 = features.col(0).maxCoeff();
    const double y0 = features.col(1).minCoeff(), y1 = features.col(1).maxCoeff();
    const double margin = 0.1 * std::max({x1 - x0, y1 - y0, 1e-6});
    grid.xMin = x0 - margin;
    grid.xMax = x1 + margin;
    grid.yMin = y0 - margin;
    grid.yMax = y1 + margin;
    return grid;
}

QTransform PlaneGrid::pixelToPlane() const
{
    // x = xMin + col * (xMax - xMin) / n;  y = yMax - row * (yMax - yMin) / n
    return QTransform::fromTranslate(xMin, yMax)
        .scale((xMax - xMin) / resolution, -(yMax - yMin) / resolution);
}

Matrix PlaneGrid::points() const
{
    const QTransform toPlane = pixelToPlane();
    Matrix p(Index(resolution) * resolution, 2);
    for (int row = 0; row < resolution; ++row)
        for (int col = 0; col < resolution; ++col) {
            const Index i = Index(row) * resolution + col;
            const QPointF point = toPlane.map(QPointF(col + 0.5, row + 0.5));
            p(i, 0) = float(point.x());
            p(i, 1) = float(point.y());
        }
    return p;
}

QImage decisionMap(Trainer &trainer, const PlaneGrid &grid, const datasets::Standardizer &scaler,
                   double valueScale, PlaneCells *cells)
{
    Matrix out;
    trainer.predict(standardizedPoints(grid, scaler), out);
    QImage image(grid.resolution, grid.resolution, QImage::Format_RGB32);
    const bool classification = trainer.trainSet().isClassification();
    const Matrix probs = classification ? softmaxRows(out) : out;
    const double classes = double(probs.cols());
    if (cells) {
        const qsizetype n = qsizetype(grid.resolution) * grid.resolution;
        *cells = PlaneCells {grid, QVector<int>(n, -1), QVector<float>(n, 0.0f)};
    }
    for (int row = 0; row < grid.resolution; ++row) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(row));
        for (int col = 0; col < grid.resolution; ++col) {
            const Index i = Index(row) * grid.resolution + col;
            if (!classification) {
                line[col] = divergingColor(double(out(i, 0)) / valueScale).rgb();
                if (cells)
                    cells->strength[i] = out(i, 0);
                continue;
            }
            Index best = 0;
            const double top = probs.row(i).maxCoeff(&best);
            // 0 at a uniform prediction, 1 at certainty
            const double confidence = (top - 1.0 / classes) / (1.0 - 1.0 / classes);
            line[col] = blend(classColor(int(best)), 0.2 + 0.6 * confidence).rgb();
            if (cells) {
                cells->category[i] = int(best);
                cells->strength[i] = float(confidence);
            }
        }
    }
    return image;
}

RoutingPicture routingMap(Trainer &trainer, const PlaneGrid &grid,
                          const datasets::Standardizer &scaler, int block, bool perExpert)
{
    RoutingPicture picture;
    const std::vector<RoutingDecision> decisions
        = trainer.inspectRouting(standardizedPoints(grid, scaler));
    if (block < 0 || block >= int(decisions.size()))
        return picture;
    const RoutingDecision &d = decisions[std::size_t(block)];
    const int n = grid.resolution;
    picture.topExpert = QImage(n, n, QImage::Format_RGB32);
    picture.topExpert.fill(QColor(0xBBBBBB)); // no expert
    picture.pixelsPerExpert.assign(std::size_t(d.experts), 0);
    if (perExpert)
        for (int e = 0; e < d.experts; ++e) {
            picture.expertGates.emplace_back(n, n, QImage::Format_RGB32);
            picture.expertGates.back().fill(mapBackground());
        }
    // Each point's highest-gate expert; confidence from the router's probability for it.
    std::vector<int> best(std::size_t(d.tokens), -1);
    std::vector<float> bestGate(std::size_t(d.tokens), -1.0f);
    for (const Assignment &a : d.assignments) {
        if (!a.kept)
            continue;
        const auto t = std::size_t(a.token);
        if (a.gate > bestGate[t]) {
            bestGate[t] = a.gate;
            best[t] = a.expert;
        }
        if (perExpert) {
            const int row = int(a.token / n), col = int(a.token % n);
            picture.expertGates[std::size_t(a.expert)].setPixelColor(
                col, row, blend(expertColor(a.expert), std::clamp(double(a.gate), 0.0, 1.0)));
        }
    }
    const double uniform = 1.0 / double(d.experts);
    picture.cells = PlaneCells {grid, QVector<int>(qsizetype(d.tokens), -1),
                                QVector<float>(qsizetype(d.tokens), 0.0f)};
    for (Index t = 0; t < d.tokens; ++t) {
        const int e = best[std::size_t(t)];
        if (e < 0)
            continue;
        ++picture.pixelsPerExpert[std::size_t(e)];
        const double p = double(d.probs(t, e)) / double(d.probs.row(t).sum());
        const double confidence = d.experts > 1 ? (p - uniform) / (1.0 - uniform) : 1.0;
        picture.cells.category[t] = e;
        picture.cells.strength[t] = float(std::clamp(confidence, 0.0, 1.0));
        picture.topExpert.setPixelColor(
            int(t % n), int(t / n),
            blend(expertColor(e), 0.45 + 0.55 * std::clamp(confidence, 0.0, 1.0)));
    }
    return picture;
}

} // namespace moe::ui
