#include "ui/maps/mapspanel.h"

#include "ui/maps/expertlegend.h"
#include "ui/style/palette.h"

#include <QHBoxLayout>
#include <QVBoxLayout>
#include <cmath>

namespace moe::ui {

MapsPanel::MapsPanel(QWidget *parent)
    : QWidget(parent)
    , m_dense(new MapView(tr("Dense network")))
    , m_moe(new MapView(tr("MoE network")))
    , m_routing(new MapView(tr("MoE router: top expert")))
    , m_expertGrid(new QWidget)
    , m_expertLayout(new QGridLayout(m_expertGrid))
    , m_legend(new ExpertLegend)
    , m_affinity(new AffinityView)
    , m_perExpert(new QCheckBox(tr("One map per expert")))
{
    m_dense->setToolTip(
        tr("The dense network's predicted class over the input plane; faint = unsure. "
           "Dots: training samples; rings: test samples."));
    m_moe->setToolTip(tr("The MoE network's predicted class over the input plane."));
    m_routing->setToolTip(
        tr("Each point coloured by the expert the router trusts most there (first MoE "
           "block); strong colour = a confident router."));
    m_perExpert->setToolTip(tr("Show each expert's gate weight over the plane instead."));
    m_dense->setExportName(QStringLiteral("dense-map"), tr("What the dense network predicts"));
    m_moe->setExportName(QStringLiteral("moe-map"), tr("What the MoE predicts"));
    m_routing->setExportName(QStringLiteral("routing-map"),
                             tr("Which expert the router picks (top expert, first MoE block)"));
    m_expertLayout->setSpacing(2);
    m_expertGrid->hide();

    auto *routingColumn = new QVBoxLayout;
    routingColumn->addWidget(m_routing, 1);
    routingColumn->addWidget(m_expertGrid, 1);
    routingColumn->addWidget(m_legend);
    routingColumn->addWidget(m_perExpert);
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(m_dense, 1);
    layout->addWidget(m_moe, 1);
    layout->addLayout(routingColumn, 1);
    layout->addWidget(m_affinity, 0, Qt::AlignTop);

    connect(m_routing, &MapView::resized, this, &MapsPanel::resized);
    connect(m_perExpert, &QCheckBox::toggled, this, [this](bool on) {
        m_routing->setVisible(!on);
        m_expertGrid->setVisible(on);
        showSnapshot(m_last);
    });
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
        view->setMinimumSize(least);
        m_expertLayout->addWidget(view, e / columns, e % columns);
        m_expertViews.push_back(view);
    }
}

void MapsPanel::showSnapshot(const ArenaSnapshot &s)
{
    m_last = s;
    m_dense->setTitle(s.dense.title);
    m_moe->setTitle(s.moe.title);
    if (s.points.projected) { // more than two features: the samples in their PCA projection
        m_dense->setScatter(s, s.perPoint.densePrediction, false, true);
        m_moe->setScatter(s, s.perPoint.moePrediction, false, true);
        m_routing->setScatter(s, s.perPoint.topExpert, true, false);
    } else {
        m_dense->setMap(s.dense.decisionMap, s, true, &s.dense.decisionCells);
        m_moe->setMap(s.moe.decisionMap, s, true, &s.moe.decisionCells);
        m_routing->setMap(s.routingMap, s, true, &s.routingCells);
    }
    m_affinity->setAffinity(s.classAffinity);
    m_affinity->setVisible(s.points.classes > 0);
    if (m_perExpert->isChecked()) {
        if (m_expertViews.size() != s.expertMaps.size())
            rebuildExpertGrid(int(s.expertMaps.size()));
        for (std::size_t e = 0; e < s.expertMaps.size(); ++e)
            m_expertViews[e]->setMap(s.expertMaps[e], s, false);
    }
    std::vector<bool> dead;
    for (const ExpertStats &x : s.routing.perExpert)
        dead.push_back(x.dead);
    m_legend->setExperts(dead);
    // The legends exports draw under each map: classes for the predictions, experts for routing.
    QVector<QPair<QColor, QString>> classes, experts;
    for (int c = 0; c < s.points.classes; ++c)
        classes.append({classColor(c), tr("class %1").arg(c)});
    for (int e = 0; e < s.moe.config.moe.experts; ++e)
        experts.append({expertColor(e), tr("expert %1").arg(e + 1)});
    // Confidence is the other colour scale: strong colour sure, pale colour unsure.
    classes.append({mapBackground(), tr("pale: unsure")});
    experts.append({mapBackground(), tr("pale: unsure")});
    m_dense->setLegend(classes);
    m_moe->setLegend(classes);
    m_routing->setLegend(experts);
}

} // namespace moe::ui
