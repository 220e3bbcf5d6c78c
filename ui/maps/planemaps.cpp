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

QImage discreteDecisionMap(const PlaneCells &cells, bool classification)
{
    const int n = cells.grid.resolution;
    if (n <= 0 || cells.strength.size() != qsizetype(n) * n)
        return {};
    QImage image(n, n, QImage::Format_RGB32);
    for (int row = 0; row < n; ++row) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(row));
        for (int col = 0; col < n; ++col) {
            const qsizetype i = qsizetype(row) * n + col;
            line[col] = classification ? classColor(std::max(0, cells.category[i])).rgb()
                                       : divergingColor(cells.strength[i] < 0 ? -1.0 : 1.0).rgb();
        }
    }
    return image;
}

QColor noExpertColor()
{
    return QColor(0xBBBBBB);
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
    const int n = grid.resolution, experts = d.experts;
    // Each point's kept (expert, gate) pairs, largest gate first.
    std::vector<std::vector<std::pair<float, int>>> byPoint(std::size_t(d.tokens));
    picture.cellsPerExpert.assign(std::size_t(experts), 0);
    if (perExpert)
        for (int e = 0; e < experts; ++e) {
            picture.expertGates.emplace_back(n, n, QImage::Format_RGB32);
            picture.expertGates.back().fill(mapBackground());
        }
    for (const Assignment &a : d.assignments) {
        if (!a.kept)
            continue;
        byPoint[std::size_t(a.token)].emplace_back(a.gate, a.expert);
        ++picture.cellsPerExpert[std::size_t(a.expert)];
        if (perExpert)
            picture.expertGates[std::size_t(a.expert)].setPixelColor(
                int(a.token % n), int(a.token / n),
                blend(expertColor(a.expert, experts), std::clamp(double(a.gate), 0.0, 1.0)));
    }
    for (auto &choices : byPoint)
        std::stable_sort(choices.begin(), choices.end(),
                         [](const auto &a, const auto &b) { return a.first > b.first; });
    const Index slotCount = Index(d.assignments.size());
    const int count
        = std::clamp(int((slotCount + d.tokens - 1) / std::max<Index>(1, d.tokens)), 1, 4);
    const qsizetype cells = qsizetype(d.tokens);
    picture.pixelsPerExpert.assign(std::size_t(experts), 0);
    // All choices: blocks of about 4 x 4 cells (a dozen screen pixels), each split into `count`
    // vertical stripes with the choices of the block's centre cell: cells split directly would
    // be stripes narrower than a screen pixel.
    const int blocks = std::max(1, std::min(n, std::max(8, n / 4)));
    picture.allChoices = QImage(blocks * count, blocks, QImage::Format_RGB32);
    for (int r = 0; r < count; ++r) {
        QImage image(n, n, QImage::Format_RGB32);
        PlaneCells c {grid, QVector<int>(cells, -1), QVector<float>(cells, 0.0f)};
        for (Index t = 0; t < d.tokens; ++t) {
            const auto &mine = byPoint[std::size_t(t)];
            const int e = r < int(mine.size()) ? mine[std::size_t(r)].second : -1;
            const QRgb colour = e < 0 ? noExpertColor().rgb() : expertColor(e, experts).rgb();
            const int row = int(t / n), col = int(t % n);
            image.setPixel(col, row, colour);
            const int bx = col * blocks / n, by = row * blocks / n;
            if (col == (2 * bx + 1) * n / (2 * blocks) && row == (2 * by + 1) * n / (2 * blocks))
                picture.allChoices.setPixel(bx * count + r, by, colour);
            if (e < 0)
                continue;
            c.category[t] = e;
            if (r == 0)
                ++picture.pixelsPerExpert[std::size_t(e)];
            // Margin: 1 - p(runner-up) / p(expert), the runner-up being the likeliest expert not
            // above this one.
            float next = 0.0f;
            const float own = d.probs(t, e);
            for (int other = 0; other < experts; ++other)
                if (other != e && d.probs(t, other) <= own)
                    next = std::max(next, d.probs(t, other));
            c.strength[t] = own > 0.0f ? 1.0f - next / own : 0.0f;
        }
        picture.choices.push_back(image);
        picture.choiceCells.push_back(std::move(c));
    }
    return picture;
}

} // namespace moe::ui
