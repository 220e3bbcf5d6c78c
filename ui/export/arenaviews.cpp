#include "ui/export/arenaviews.h"

#include "ui/charts/axisticks.h"
#include "ui/charts/capacitychart.h"
#include "ui/charts/capacitypanel.h"
#include "ui/charts/curvespanel.h"
#include "ui/charts/expertloadpanel.h"
#include "ui/charts/routersharechart.h"
#include "ui/charts/runschart.h"
#include "ui/charts/steptimechart.h"
#include "ui/maps/affinityview.h"
#include "ui/maps/mapspanel.h"
#include "ui/maps/mapview.h"

#include <QChartView>
#include <QCheckBox>
#include <QEvent>
#include <QStackedWidget>
#include <QTabWidget>
#include <algorithm>
#include <cstdlib>
#include <utility>

namespace moe::ui {

ArenaViews::ArenaViews(QWidget *parent)
    : QSplitter(Qt::Vertical, parent)
    , m_maps(new MapsPanel)
    , m_load(new ExpertLoadPanel)
    , m_curves(new CurvesPanel)
    , m_capacity(new CapacityPanel)
    , m_charts(new QTabWidget)
{
    m_charts->addTab(m_curves, tr("Loss and accuracy"));
    m_charts->addTab(m_capacity, tr("Capacity vs compute"));
    // The curves' smoothing and log step axis beside the tabs, shown with the curves' tab.
    m_charts->setCornerWidget(m_curves->viewControls(), Qt::TopRightCorner);
    connect(m_charts, &QTabWidget::currentChanged, this, [this] {
        m_curves->viewControls()->setVisible(!m_presenting
                                             && m_charts->currentWidget() == m_curves);
    });
    auto *bottom = new QSplitter(Qt::Horizontal);
    m_bottom = bottom;
    bottom->addWidget(m_load);
    bottom->addWidget(m_charts);
    bottom->setStretchFactor(0, 2);
    bottom->setStretchFactor(1, 3);
    bottom->setSizes({450, 550});
    addWidget(m_maps);
    addWidget(bottom);
    setStretchFactor(0, 1);
    setStretchFactor(1, 1);
    setSizes({400, 360}); // maps above, charts below: both readable at 1280x720
    connect(m_maps, &MapsPanel::resized, this, &ArenaViews::fitMaps, Qt::QueuedConnection);
    connect(this, &QSplitter::splitterMoved, this, [this] { m_userSizedMaps = true; });

    const auto chart = [this](QChart *c, const char *name, const QString &title,
                              std::function<void()> update = {},
                              std::function<void(bool)> look = {}) {
        m_chartExports.push_back(std::make_unique<ChartExport>(c, QString::fromLatin1(name), title,
                                                               std::move(update), std::move(look)));
        return m_chartExports.back().get();
    };
    const auto curvesLook = [this](bool exporting) { m_curves->setExportLook(exporting); };
    // The curves write their own CSV: raw values, and the smoothed ones when smoothing is on.
    const auto curves = [&](QChart *c, const char *name, const QString &title) {
        ChartExport *e = chart(c, name, title, {}, curvesLook);
        e->setCsv([this, c] { return m_curves->csv(c); });
        return e;
    };
    const auto runs = [this] { m_capacity->refreshRunsNow(); };
    ChartExport *time = chart(m_capacity->timeChart()->chart(), "time-vs-compute",
                              tr("Time per training step, by part"), runs);
    time->setCsv([this] { return m_capacity->timeChart()->csv(); });
    ChartExport *routerShare = chart(m_capacity->routerShareChart()->chart(), "router-share",
                                     tr("The router's share of the MoE block's FLOPs"));
    routerShare->setCsv([this] { return m_capacity->routerShareChart()->csv(); });
    ChartExport *load = chart(m_load->chart(), "expert-load", tr("Tokens per expert"));
    load->setCsv([this] { return m_load->csv(); });
    m_exportables = {
        m_maps->denseMap(),
        m_maps->moeMap(),
        m_maps->routingMap(),
        m_maps->affinity(),
        load,
        chart(
            m_load->historyChart(), "load-over-time", tr("Load over time"),
            [this] { m_load->drawHistoryNow(); },
            [this](bool exporting) { m_load->setHistoryExportLook(exporting); }),
        curves(m_curves->lossChart(), "loss", tr("Loss by training step")),
        curves(m_curves->accuracyChart(), "accuracy", tr("Accuracy by training step")),
        chart(m_capacity->parametersChart()->chart(), "capacity-vs-compute",
              tr("Capacity vs compute")),
        chart(m_capacity->accuracyChart()->chart(), "accuracy-vs-compute",
              tr("Accuracy vs compute"), runs),
        time,
        routerShare,
    };
    // Every chart's ticks and axis titles fit its size, never "..." (presentation mode). The
    // load over time and the capacity charts, named by their tabs and their view's button, give
    // their titles' lines to the plot when low.
    const QList<QChart *> named {m_load->historyChart(), m_capacity->parametersChart()->chart(),
                                 m_capacity->accuracyChart()->chart(),
                                 m_capacity->timeChart()->chart(),
                                 m_capacity->routerShareChart()->chart()};
    for (const auto &exported : m_chartExports) {
        if (named.contains(exported->chart()))
            exported->chart()->setProperty("dropTitleWhenLow", true);
        keepTicksLegible(exported->chart());
    }
}

void ArenaViews::showSnapshot(const ArenaSnapshot &snapshot)
{
    m_maps->showSnapshot(snapshot);
    m_load->showSnapshot(snapshot);
    m_curves->showSnapshot(snapshot);
    m_capacity->showSnapshot(snapshot);
}

void ArenaViews::drawHiddenNow()
{
    m_load->drawHistoryNow();
    m_capacity->refreshRunsNow();
}

void ArenaViews::showCapacityView()
{
    m_charts->setCurrentWidget(m_capacity);
}

QWidget *ArenaViews::bringToFront(const QString &name)
{
    if (name != m_front) {
        m_front = name;
        relayout(); // a dropped view comes back when a lesson points at it
    }
    QWidget *target = nullptr;
    for (Exportable *item : m_exportables)
        if (item->exportName() == name)
            target = dynamic_cast<QWidget *>(item);
    for (const auto &chart : m_chartExports) // charts: their view widget
        if (chart->exportName() == name)
            for (QChartView *view : findChildren<QChartView *>())
                if (view->chart() == chart->chart())
                    target = view;
    const std::pair<const char *, CapacityPanel::View> capacityViews[]
        = {{"capacity-vs-compute", CapacityPanel::View::Parameters},
           {"accuracy-vs-compute", CapacityPanel::View::Accuracy},
           {"time-vs-compute", CapacityPanel::View::Time},
           {"router-share", CapacityPanel::View::RouterShare}};
    for (const auto &[view, page] : capacityViews)
        if (name == QLatin1String(view))
            m_capacity->setView(page);
    // Every tab page on the way up becomes the current one.
    for (QWidget *w = target; w && w != this; w = w->parentWidget())
        if (auto *stack = qobject_cast<QStackedWidget *>(w->parentWidget()))
            if (auto *tabs = qobject_cast<QTabWidget *>(stack->parentWidget()))
                tabs->setCurrentWidget(w);
    return target;
}

void ArenaViews::setPresenting(bool on)
{
    // For the back of the room the views keep the room and the view options go: they are the
    // teacher's, set before (or after) presenting. The expert load gets half the width: it is
    // what most lessons point at, and its headline must not be cut.
    if (on == m_presenting)
        return;
    m_presenting = on;
    for (QWidget *option : std::initializer_list<QWidget *> {
             m_maps->perExpertBox(), m_maps->testDataBox(), m_maps->discretizeBox()})
        option->setVisible(!on);
    m_curves->viewControls()->setVisible(!on && m_charts->currentWidget() == m_curves);
    // Sizes are proportions: the splitter scales them to the width it has (also before the
    // window is first laid out).
    if (m_compact)
        return; // the load is a tab: one widget in the row
    if (on) {
        m_windowedBottom = m_bottom->sizes();
        m_bottom->setSizes({1000, 1000});
    } else {
        m_bottom->setSizes(windowedBottom());
    }
}

QList<int> ArenaViews::windowedBottom() const
{
    const bool laidOut
        = m_windowedBottom.size() == 2 && m_windowedBottom[0] + m_windowedBottom[1] > 0;
    return laidOut ? m_windowedBottom : QList<int> {450, 550};
}

void ArenaViews::resizeEvent(QResizeEvent *event)
{
    QSplitter::resizeEvent(event);
    relayout();
}

void ArenaViews::changeEvent(QEvent *event)
{
    QSplitter::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        relayout();
}

void ArenaViews::relayout()
{
    // Below 50 lines of text across (the usual type: under ~750 pixels; presentation's: the
    // views beside a lesson on a 1280-pixel screen), three maps, the class table, the load and
    // two curves side by side do not fit at a legible size.
    constexpr int kCompactLines = 50;
    const bool compact = width() > 0 && width() < kCompactLines * fontMetrics().height();
    m_maps->setAffinityAllowed(!compact || m_front == QLatin1String("class-by-expert"));
    if (compact == m_compact)
        return;
    m_compact = compact;
    QWidget *shown = m_charts->currentWidget();
    if (compact) {
        if (!m_presenting) // presentation saved the window's split when it began
            m_windowedBottom = m_bottom->sizes();
        m_charts->insertTab(0, m_load, tr("Expert load"));
    } else {
        m_bottom->insertWidget(0, m_load);
        m_bottom->setSizes(m_presenting ? QList<int> {1000, 1000} : windowedBottom());
        m_load->show(); // the tab widget hid it while another tab was in front
    }
    m_charts->setCurrentWidget(shown);
    if (!m_front.isEmpty())
        bringToFront(m_front);
}

void ArenaViews::fitMaps()
{
    // The maps are squares side by side, so their width sets the height they can use; a taller
    // panel would leave a blank band under them. Give that band to the charts (or take back
    // what the maps need), up to the maps' default share of the height.
    const int spare = m_maps->spareHeight();
    if (m_userSizedMaps || std::abs(spare) < 4)
        return;
    const QList<int> all = sizes();
    const int total = all[0] + all[1];
    const int maps = std::clamp(all[0] - spare, total / 4, total * 53 / 100);
    if (std::abs(maps - all[0]) >= 4)
        setSizes({maps, total - maps});
}

} // namespace moe::ui
