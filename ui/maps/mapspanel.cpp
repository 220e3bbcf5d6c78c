#include "ui/maps/mapspanel.h"

#include "ui/maps/expertlegend.h"
#include "ui/style/palette.h"

#include <QHBoxLayout>
#include <QSettings>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <optional>

namespace moe::ui {

namespace {
// The view options' QSettings keys.
const QString kTestKey = QStringLiteral("view/mapsTestData");
const QString kDiscreteKey = QStringLiteral("view/mapsDiscretize");
const QString kChoiceKey = QStringLiteral("view/mapsChoice"); // "1" .. "4" or "all"
const QString kPerExpertKey = QStringLiteral("view/mapsPerExpert");

QString ordinal(int n)
{
    switch (n) {
    case 1:
        return QObject::tr("1st");
    case 2:
        return QObject::tr("2nd");
    case 3:
        return QObject::tr("3rd");
    default:
        return QObject::tr("%1th").arg(n);
    }
}

// Expert e's share of the routed slots over the routing window (the load chart's numbers):
// routed_e / sum routed; nullopt before any routing.
std::optional<double> routedShare(const RoutingStats &r, int e)
{
    Index total = 0;
    for (const ExpertStats &x : r.perExpert)
        total += x.routed;
    if (total == 0 || e >= int(r.perExpert.size()))
        return std::nullopt;
    return double(r.perExpert[std::size_t(e)].routed) / double(total);
}
} // namespace

MapsPanel::MapsPanel(QWidget *parent)
    : QWidget(parent)
    , m_dense(new MapView(tr("Dense network")))
    , m_moe(new MapView(tr("MoE network")))
    , m_routing(new MapView(tr("MoE router: 1st choice")))
    , m_expertGrid(new QWidget)
    , m_expertLayout(new QGridLayout(m_expertGrid))
    , m_legend(new ExpertLegend)
    , m_affinity(new AffinityView)
    , m_choice(new QComboBox)
    , m_perExpert(new QCheckBox(tr("One map per expert")))
    , m_showTest(new QCheckBox(tr("Test data")))
    , m_discretize(new QCheckBox(tr("Discretize output")))
{
    m_dense->setToolTip(
        tr("The dense network's predicted class over the input plane; faint = unsure. "
           "Dots: training samples; rings: test samples."));
    m_moe->setToolTip(tr("The MoE network's predicted class over the input plane."));
    m_routing->setToolTip(
        tr("Each point coloured by the expert the router sends it to (first MoE block): its "
           "1st, 2nd, ... choice, or all k at once (each cell split in k stripes). Numbers: "
           "experts; lines: borders between them; hatched: the router is nearly tied there."));
    m_choice->setToolTip(tr("Which of each point's k choices of expert the routing map shows."));
    m_perExpert->setToolTip(tr("Show each expert's gate weight over the plane instead, with its "
                               "share of the routed slots (last 100 steps)."));
    m_showTest->setToolTip(tr("Draw the test samples (rings) on the maps."));
    m_discretize->setToolTip(tr("Show the decision maps as hard regions of the predicted class "
                                "(regression: the sign) instead of shading by confidence."));
    m_dense->setExportName(QStringLiteral("dense-map"), tr("What the dense network predicts"));
    m_moe->setExportName(QStringLiteral("moe-map"), tr("What the MoE predicts"));
    m_routing->setExportName(QStringLiteral("routing-map"),
                             tr("Where the router sends each point (first MoE block)"));
    m_expertLayout->setSpacing(2);
    m_choice->hide(); // until a snapshot with more than one choice
    QSettings settings;
    m_showTest->setChecked(settings.value(kTestKey, true).toBool());
    m_discretize->setChecked(settings.value(kDiscreteKey, false).toBool());

    auto *routingColumn = new QVBoxLayout;
    routingColumn->addWidget(m_routing, 1);
    routingColumn->addWidget(m_expertGrid, 1);
    routingColumn->addWidget(m_legend);
    routingColumn->addWidget(m_perExpert);
    // Beside the routing map: the class-by-expert table, then the view options (which choice the
    // routing map shows, test data, discretized decision maps).
    auto *sideColumn = new QVBoxLayout;
    sideColumn->addWidget(m_affinity, 0, Qt::AlignTop);
    sideColumn->addStretch(1);
    sideColumn->addWidget(m_choice);
    sideColumn->addWidget(m_showTest);
    sideColumn->addWidget(m_discretize);
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(m_dense, 1);
    layout->addWidget(m_moe, 1);
    layout->addLayout(routingColumn, 1);
    layout->addLayout(sideColumn, 0);

    connect(m_routing, &MapView::resized, this, &MapsPanel::resized);
    m_perExpert->setChecked(settings.value(kPerExpertKey, false).toBool()); // before connecting
    m_routing->setVisible(!m_perExpert->isChecked());
    m_expertGrid->setVisible(m_perExpert->isChecked());
    m_legend->setVisible(!m_perExpert->isChecked());
    for (MapView *view : {m_dense, m_moe, m_routing})
        forwardPointing(view);
    connect(m_legend, &ExpertLegend::hovered, this, &MapsPanel::highlightExperts);
    connect(m_routing, &MapView::planePointed, this,
            [this](QPointF point) { pointedOnRouting(point); });
    connect(m_routing, &MapView::planeLeft, this, [this] { highlightExperts(-1, -1); });
    connect(m_perExpert, &QCheckBox::toggled, this, [this](bool on) {
        QSettings().setValue(kPerExpertKey, on);
        m_routing->setVisible(!on);
        m_expertGrid->setVisible(on);
        m_legend->setVisible(!on); // the maps' titles name the experts: room for bigger maps
        showSnapshot(m_last);
    });
    connect(m_choice, &QComboBox::activated, this, [this] {
        QSettings().setValue(kChoiceKey, m_choice->currentData().toString());
        showSnapshot(m_last);
    });
    connect(m_showTest, &QCheckBox::toggled, this, [this](bool on) {
        QSettings().setValue(kTestKey, on);
        showSnapshot(m_last);
    });
    connect(m_discretize, &QCheckBox::toggled, this, [this](bool on) {
        QSettings().setValue(kDiscreteKey, on);
        showSnapshot(m_last);
    });
}

void MapsPanel::forwardPointing(MapView *view)
{
    connect(view, &MapView::planePointed, this, &MapsPanel::planePointed);
    connect(view, &MapView::planeLeft, this, &MapsPanel::planeLeft);
}

void MapsPanel::setAffinityAllowed(bool allowed)
{
    m_affinityAllowed = allowed;
    m_affinity->setVisible(allowed && m_last.points.classes > 0);
}

void MapsPanel::highlightExperts(int first, int last)
{
    const ExpertRange range
        = first < 0 ? ExpertRange {} : ExpertRange {first, std::max(first, last)};
    if (range == m_highlight)
        return;
    m_highlight = range;
    m_routing->setHighlightedExperts(range);
    m_legend->setHighlighted(range);
    emit expertsHovered(range.first, range.last);
}

void MapsPanel::pointedOnRouting(QPointF point)
{
    // The cell under the mouse on the picture shown (none on the all-choices picture, whose
    // cells hold k experts, or on a scatter).
    const PlaneCells &c = m_routing->cells();
    const int n = c.grid.resolution;
    if (n <= 0 || c.category.size() != qsizetype(n) * n)
        return;
    const QPointF cell = c.grid.pixelToPlane().inverted().map(point);
    const int col = std::clamp(int(std::floor(cell.x())), 0, n - 1);
    const int row = std::clamp(int(std::floor(cell.y())), 0, n - 1);
    const int expert = c.category[qsizetype(row) * n + col];
    highlightExperts(expert, expert); // -1 (no expert there): none
}

void MapsPanel::setFollowMarker(std::optional<QPointF> point)
{
    m_marker = point;
    for (MapView *view : {m_dense, m_moe, m_routing})
        view->setFollowMarker(point);
    for (MapView *view : m_expertViews)
        view->setFollowMarker(point);
}

int MapsPanel::spareHeight() const
{
    return m_routing->isVisible() ? m_routing->spareHeight() : 0;
}

void MapsPanel::rebuildExpertGrid(int experts)
{
    for (MapView *view : m_expertViews)
        delete view;
    m_expertViews.clear();
    const int columns = int(std::ceil(std::sqrt(double(experts))));
    // 40 x 50 each up to 8 columns (64 experts); smaller beyond, so that 256 maps (16 x 16) ask
    // no more room than 64 do (spacing included) and the window still fits a 1280 x 720 screen.
    const int perSide = std::max(8, columns), spacing = m_expertLayout->spacing();
    const QSize least((8 * 40 + 7 * spacing - (perSide - 1) * spacing) / perSide,
                      (8 * 50 + 7 * spacing - (perSide - 1) * spacing) / perSide);
    for (int e = 0; e < experts; ++e) {
        auto *view = new MapView(QString::number(e + 1));
        QFont small = view->font(); // titles "12: 5.1%" over maps a few tens of pixels wide
        small.setPointSizeF(small.pointSizeF() * 0.8);
        view->setFont(small);
        view->setMinimumSize(least);
        view->setExportName(QStringLiteral("expert-%1-map").arg(e + 1),
                            tr("Expert %1's gate weight").arg(e + 1));
        forwardPointing(view);
        view->setFollowMarker(m_marker);
        // Hovering an expert's own map highlights it in the load chart.
        connect(view, &MapView::planePointed, this, [this, e] { highlightExperts(e, e); });
        connect(view, &MapView::planeLeft, this, [this] { highlightExperts(-1, -1); });
        m_expertLayout->addWidget(view, e / columns, e % columns);
        m_expertViews.push_back(view);
    }
}

void MapsPanel::updateChoices(int choices, bool expertChoice)
{
    // Items: "1st choice" .. one per choice, then "all k" (data: "1" .. "k", "all").
    if (m_choice->count() == choices + (choices > 1 ? 1 : 0))
        return;
    const QString wanted = m_choice->count() > 0 ? m_choice->currentData().toString()
                                                 : QSettings().value(kChoiceKey, "1").toString();
    m_choice->clear();
    for (int r = 1; r <= choices; ++r)
        m_choice->addItem(tr("%1 choice").arg(ordinal(r)), QString::number(r));
    if (choices > 1)
        m_choice->addItem(expertChoice ? tr("all choices") : tr("all %1 choices").arg(choices),
                          QStringLiteral("all"));
    m_choice->setCurrentIndex(std::max(0, m_choice->findData(wanted)));
}

void MapsPanel::showRouting(const ArenaSnapshot &s)
{
    const int experts = s.moe.config.moe.experts;
    const int choices = int(s.routingChoices.size());
    const bool expertChoice = s.moe.config.moe.router == RouterKind::ExpertChoice;
    updateChoices(std::max(1, choices), expertChoice);
    m_choice->setVisible(m_choice->count() > 1);
    const QString k
        = expertChoice ? tr("expert choice") : tr("top-%1").arg(s.moe.config.moe.effectiveTopK());
    const bool all = m_choice->currentData().toString() == QLatin1String("all");
    const int r = all
        ? 0
        : std::clamp(m_choice->currentData().toString().toInt() - 1, 0, std::max(0, choices - 1));
    if (all) {
        m_routing->setTitle(tr("MoE router: all choices (%1)").arg(k));
        m_routing->setMap(s.routingAllChoices, s, true);
        m_routing->setExpertOverlay(experts, false, false);
    } else if (r < choices) {
        m_routing->setTitle(tr("MoE router: %1 choice (%2)").arg(ordinal(r + 1), k));
        m_routing->setMap(s.routingChoices[std::size_t(r)], s, true,
                          &s.routingChoiceCells[std::size_t(r)]);
        m_routing->setExpertOverlay(experts, true, true);
    } else { // no maps yet
        m_routing->setTitle(tr("MoE router: 1st choice (%1)").arg(k));
        m_routing->setMap(s.routingMap, s, true, &s.routingCells);
        m_routing->setExpertOverlay(experts, true, true);
    }
}

void MapsPanel::showExpertMaps(const ArenaSnapshot &s)
{
    if (m_expertViews.size() != s.expertMaps.size())
        rebuildExpertGrid(int(s.expertMaps.size()));
    const int experts = int(s.expertMaps.size());
    for (int e = 0; e < experts; ++e) {
        MapView *view = m_expertViews[std::size_t(e)];
        const std::optional<double> share = routedShare(s.routing, e);
        // "3: 18%": the expert and its share of the routed slots (the load chart's window), with
        // a decimal below 10% so that a small share does not read as none.
        const int decimals = share && *share < 0.1 && *share > 0 ? 1 : 0;
        const QString load = share ? QStringLiteral("%1%").arg(100.0 * *share, 0, 'f', decimals)
                                   : QStringLiteral("-");
        view->setTitle(QStringLiteral("%1: %2").arg(e + 1).arg(load));
        view->setToolTip(tr("Expert %1: its gate weight over the plane; %2 of the routed slots "
                            "over the last %3 steps.")
                             .arg(e + 1)
                             .arg(load)
                             .arg(s.routing.steps));
        view->setMap(s.expertMaps[std::size_t(e)], s, true);
        const QColor colour = expertColor(e, experts);
        view->setColourScale({0.0, 1.0,
                              [colour](double g) {
                                  const QColor w = mapBackground();
                                  const auto mix
                                      = [g](double a, double b) { return float(b + g * (a - b)); };
                                  return QColor::fromRgbF(mix(colour.redF(), w.redF()),
                                                          mix(colour.greenF(), w.greenF()),
                                                          mix(colour.blueF(), w.blueF()));
                              },
                              tr("gate")});
        const bool onMap = e < int(s.expertMapCells.size()) && s.expertMapCells[std::size_t(e)] > 0;
        const bool picked = share && *share > 0.0;
        view->setNote(onMap ? QString() : picked ? tr("not on this map") : tr("never picked"));
        if (!view->note().isEmpty())
            view->setToolTip(view->toolTip() + QLatin1Char(' ') + view->note() + QLatin1Char('.'));
        view->setShowTest(m_showTest->isChecked());
    }
}

void MapsPanel::showDecisions(const ArenaSnapshot &s)
{
    const bool classification = s.points.classes > 0;
    const auto picture = [&](const ModelSnapshot &m) {
        return m_discretize->isChecked() ? discreteDecisionMap(m.decisionCells, classification)
                                         : m.decisionMap;
    };
    m_dense->setMap(picture(s.dense), s, true, &s.dense.decisionCells);
    m_moe->setMap(picture(s.moe), s, true, &s.moe.decisionCells);
    // Regression: the target's diverging scale, the same for the map and the points.
    ColourScale scale;
    if (!classification) {
        const double v = s.points.valueScale;
        scale = {-v, v, [v](double x) { return divergingColor(x / v); }, tr("target")};
    }
    m_dense->setColourScale(scale);
    m_moe->setColourScale(scale);
}

void MapsPanel::showSnapshot(const ArenaSnapshot &s)
{
    m_last = s;
    m_dense->setTitle(s.dense.title);
    m_moe->setTitle(s.moe.title);
    const bool test = m_showTest->isChecked();
    for (MapView *view : {m_dense, m_moe, m_routing})
        view->setShowTest(test);
    if (s.points.projected) { // more than two features: the samples in their PCA projection
        m_dense->setScatter(s, s.perPoint.densePrediction, false, true);
        m_moe->setScatter(s, s.perPoint.moePrediction, false, true);
        m_routing->setScatter(s, s.perPoint.topExpert, true, false);
        m_routing->setTitle(tr("MoE router: 1st choice"));
        m_routing->setExpertOverlay(0, false, false);
        m_choice->hide(); // the scatter shows each sample's 1st choice only
    } else {
        showDecisions(s);
        showRouting(s);
    }
    m_discretize->setEnabled(!s.points.projected);
    m_affinity->setAffinity(s.classAffinity);
    m_affinity->setVisible(m_affinityAllowed && s.points.classes > 0);
    if (m_perExpert->isChecked())
        showExpertMaps(s);
    std::vector<bool> dead;
    for (const ExpertStats &x : s.routing.perExpert)
        dead.push_back(x.dead);
    m_legend->setExperts(dead);
    if (m_highlight.last >= s.moe.config.moe.experts) // experts that are gone
        highlightExperts(-1, -1);
    // The legends exports draw under each map: classes for the predictions, experts for routing.
    QVector<QPair<QColor, QString>> classes, experts;
    for (int c = 0; c < s.points.classes; ++c)
        classes.append({classColor(c), tr("class %1").arg(c)});
    const int e = s.moe.config.moe.experts;
    if (e <= 2 * kExpertHues)
        for (int x = 0; x < e; ++x)
            experts.append({expertColor(x, e), tr("expert %1").arg(x + 1)});
    else // the hue groups, as the legend on screen shows them
        for (const QString &group : m_legend->cellLabels())
            experts.append({expertColor(group.section(QChar(0x2013), 0, 0).toInt() - 1, e),
                            tr("experts %1").arg(group)});
    // Confidence: pale class colour unsure; for routing, hatched cells near a tie.
    classes.append({mapBackground(), tr("pale: unsure")});
    m_dense->setLegend(classes);
    m_moe->setLegend(classes);
    m_routing->setLegend(experts);
}

} // namespace moe::ui
