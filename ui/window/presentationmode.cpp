#include "ui/window/presentationmode.h"

#include "core/moe/moesettings.h"
#include "ui/controls/controlpanel.h"
#include "ui/controls/textcontrolpanel.h"
#include "ui/export/arenaviews.h"
#include "ui/style/livelabel.h"
#include "ui/style/numberformat.h"
#include "ui/style/theme.h"
#include "ui/window/textarena.h"
#include "ui/worker/arenasnapshot.h"
#include "ui/worker/snapshotmetrics.h"

#include <QAbstractAxis>
#include <QActionGroup>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QMainWindow>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QToolBar>

namespace moe::ui {

namespace {
constexpr double kScale = 1.45; // fonts and lines on a projector

void scaleFont(QFont &font, double factor)
{
    font.setPointSizeF(font.pointSizeF() * factor);
}

// Every chart's fonts and line widths, times `factor`.
void scaleCharts(QWidget *root, double factor)
{
    for (QChartView *view : root->findChildren<QChartView *>()) {
        QChart *chart = view->chart();
        QFont f = chart->titleFont();
        scaleFont(f, factor);
        chart->setTitleFont(f);
        f = chart->legend()->font();
        scaleFont(f, factor);
        chart->legend()->setFont(f);
        for (QAbstractAxis *axis : chart->axes()) {
            f = axis->labelsFont();
            scaleFont(f, factor);
            axis->setLabelsFont(f);
            f = axis->titleFont();
            scaleFont(f, factor);
            axis->setTitleFont(f);
        }
        for (QAbstractSeries *series : chart->series())
            if (auto *line = qobject_cast<QLineSeries *>(series);
                line && series->metaObject()->className() == QByteArray("QLineSeries")) {
                QPen pen = line->pen();
                pen.setWidthF(pen.widthF() * factor);
                line->setPen(pen);
            }
    }
}
} // namespace

PresentationMode::PresentationMode(QMainWindow *window, ControlPanel *controls,
                                   QDockWidget *controlsDock, ArenaViews *views,
                                   const ArenaSnapshot &latest)
    : QObject(window)
    , m_window(window)
    , m_controlsDock(controlsDock)
    , m_controls(controls)
    , m_views(views)
    , m_latest(latest)
{
    addStrip(controls);
    addViewMenu();
}

void PresentationMode::addStrip(ControlPanel *controls)
{
    m_strip = new QToolBar(tr("Presentation strip"));
    m_strip->setObjectName(QStringLiteral("presentation"));
    m_strip->setMovable(false);
    auto *play = new QPushButton(tr("Play / Pause"));
    auto *step = new QPushButton(tr("Step"));
    auto *reset = new QPushButton(tr("Reset"));
    const auto text = [this] { return m_text && m_textShown(); };
    connect(play, &QPushButton::clicked, this, [this, controls, text] {
        text() ? m_text->togglePlay() : emit controls->playToggled();
    });
    connect(step, &QPushButton::clicked, this,
            [this, controls, text] { text() ? m_text->step() : emit controls->stepRequested(); });
    connect(reset, &QPushButton::clicked, this,
            [this, controls, text] { text() ? m_text->reset() : emit controls->resetRequested(); });
    auto *experts = new QSpinBox; // the settings' ranges: a run's E or k is never clamped here
    experts->setRange(int(settings::kExperts.min), int(settings::kExperts.max));
    auto *topK = new QSpinBox;
    topK->setRange(int(settings::kTopK.min), int(settings::kTopK.max));
    auto *balance = new QDoubleSpinBox;
    balance->setRange(0.0, 1.0);
    balance->setDecimals(3);
    balance->setSingleStep(0.01);
    auto *speed = new QComboBox;
    speed->setToolTip(tr("Training speed"));
    for (int rate : kSpeedChoices)
        addSpeed(speed, rate);
    // Two lines: at 1280x720 the whole headline does not fit one line at a projector's size, and
    // a number cut off at the right is worse than a second line.
    m_headline = new LiveLabel(2);
    for (QWidget *w : std::initializer_list<QWidget *> {play, step, reset})
        m_strip->addWidget(w);
    m_strip->addSeparator();
    const auto labelled = [this](const QString &label, QWidget *w) {
        m_strip->addWidget(new QLabel(label));
        m_strip->addWidget(w);
    };
    labelled(tr(" experts E "), experts);
    labelled(tr(" top-k "), topK);
    labelled(tr(" balance loss "), balance);
    m_strip->addSeparator();
    labelled(tr(" speed "), speed);
    m_window->addToolBar(Qt::TopToolBarArea, m_strip);
    m_strip->hide();
    // The headline gets a row of its own: the whole width, for the back of the room.
    m_window->addToolBarBreak(Qt::TopToolBarArea);
    m_headlineBar = new QToolBar(tr("Presentation headline"));
    m_headlineBar->setObjectName(QStringLiteral("headline"));
    m_headlineBar->setMovable(false);
    m_headlineBar->addWidget(m_headline);
    m_window->addToolBar(Qt::TopToolBarArea, m_headlineBar);
    m_headlineBar->hide();
    // The strip's boxes follow the controls and change them (through apply, so k <= E holds).
    const auto sync = [this, controls, experts, topK, balance, speed, text] {
        const MoeConfig m
            = text() ? m_text->controls()->config().model.moe : controls->config().model.moe;
        const int rate = text() ? m_text->controls()->config().stepsPerSecond
                                : controls->config().stepsPerSecond;
        const QSignalBlocker a(experts), b(topK), d(balance), e(speed);
        experts->setValue(m.experts);
        topK->setValue(m.topK);
        balance->setValue(m.balanceLoss);
        if (speed->findData(rate) < 0) // a file's own speed
            addSpeed(speed, rate);
        speed->setCurrentIndex(speed->findData(rate));
    };
    m_sync = sync;
    connect(controls, &ControlPanel::configChanged, this, sync);
    const auto change = [this, controls, experts, topK, balance, speed, text] {
        const auto edit = [&](auto c) {
            c.stepsPerSecond = speed->currentData().toInt();
            c.model.moe.experts = experts->value();
            c.model.moe.topK = std::min(topK->value(), experts->value());
            c.model.moe.balanceLoss = balance->value();
            return c;
        };
        if (text())
            m_text->controls()->apply(edit(m_text->controls()->config()));
        else
            controls->apply(edit(controls->config()));
    };
    connect(experts, &QSpinBox::valueChanged, this, change);
    connect(topK, &QSpinBox::valueChanged, this, change);
    connect(balance, &QDoubleSpinBox::valueChanged, this, change);
    connect(speed, &QComboBox::currentIndexChanged, this, change);
    sync();
}

void PresentationMode::setTextArena(TextArena *text, std::function<bool()> shown)
{
    m_text = text;
    m_textShown = std::move(shown);
    connect(text->controls(), &TextControlPanel::configChanged, this, [this] { m_sync(); });
}

void PresentationMode::arenaChanged()
{
    m_sync();
    if (m_on)
        updateHeadline();
}

QString PresentationMode::textHeadline() const
{
    const TextSnapshot &s = m_text->latest();
    const auto bits = [](const QVector<QPointF> &curve) {
        return curve.isEmpty() ? QStringLiteral("-") : QString::number(curve.back().y(), 'f', 2);
    };
    const QString step = s.stopAt > 0
        ? tr("step %1 of %2").arg(grouped(double(s.step)), grouped(double(s.stopAt)))
        : tr("step %1").arg(grouped(double(s.step)));
    return tr("%1 &middot; bits per character: dense %2, MoE %3 (bigram %4) &middot; "
              "FLOPs per token: dense %5, MoE %6")
        .arg(step, bits(s.dense.validationBits), bits(s.moe.validationBits),
             QString::number(s.bigramBits, 'f', 2), grouped(s.dense.cost.forwardFlopsPerToken),
             grouped(s.moe.cost.forwardFlopsPerToken));
}

void PresentationMode::addViewMenu()
{
    QMenu *view = m_window->menuBar()->addMenu(tr("&View"));
    m_action = view->addAction(tr("Presentation mode"), this, [this](bool on) { setOn(on); });
    m_action->setCheckable(true);
    m_action->setShortcut(Qt::Key_F11);
    m_action->setShortcutContext(Qt::ApplicationShortcut);
    QMenu *themes = view->addMenu(tr("Theme"));
    auto *group = new QActionGroup(this);
    for (const auto &[name, theme] :
         {std::pair {tr("Light"), Theme::Light}, std::pair {tr("Dark"), Theme::Dark}}) {
        QAction *action = themes->addAction(name, this, [this, theme = theme] {
            applyTheme(theme, m_window);
            QSettings().setValue(QStringLiteral("view/theme"),
                                 theme == Theme::Dark ? QStringLiteral("dark")
                                                      : QStringLiteral("light"));
        });
        action->setCheckable(true);
        action->setChecked(theme == Theme::Light);
        group->addAction(action);
    }
    if (QSettings().value(QStringLiteral("view/theme")).toString() == QLatin1String("dark")) {
        group->actions().last()->setChecked(true);
        applyTheme(Theme::Dark, m_window);
    }
}

void PresentationMode::setOn(bool on)
{
    if (on == m_on)
        return;
    m_on = on;
    m_action->setChecked(on);
    const double factor = on ? kScale : 1.0 / kScale;
    if (on) {
        m_windowedState = m_window->saveState();
        m_windowedGeometry = m_window->saveGeometry();
    }
    QFont font = QApplication::font();
    scaleFont(font, factor);
    QApplication::setFont(font);
    // Widgets with a font of their own (headlines, bold titles) do not follow the application's.
    for (QWidget *w : m_window->findChildren<QWidget *>())
        if (w->testAttribute(Qt::WA_SetFont) && w != m_headline) {
            QFont own = w->font();
            scaleFont(own, factor);
            w->setFont(own);
        }
    scaleCharts(m_window, factor);
    m_views->setPresenting(on);
    m_controlsDock->setVisible(!on);
    m_strip->setVisible(on);
    m_headlineBar->setVisible(on);
    if (on) {
        QFont big = QApplication::font();
        big.setBold(true);
        scaleFont(big, 1.3);
        m_headline->setFont(big);
        m_window->showFullScreen();
        updateHeadline();
    } else {
        m_headline->setFont(QApplication::font());
        m_window->showNormal();
        m_window->restoreGeometry(m_windowedGeometry);
        m_window->restoreState(m_windowedState);
    }
}

void PresentationMode::updateHeadline()
{
    if (m_text && m_textShown()) {
        m_headline->setText(textHeadline());
        return;
    }
    const ArenaSnapshot &s = m_latest;
    const auto accuracy = [&s](const char *name) { // as the lesson checks read it
        const QString key = QString::fromLatin1(name);
        const std::optional<double> v = snapshotMetric(s, key);
        return v ? metricText(key, *v) : QStringLiteral("-");
    };
    const QString step = s.stopAt > 0
        ? tr("step %1 of %2").arg(grouped(double(s.step)), grouped(double(s.stopAt)))
        : tr("step %1").arg(grouped(double(s.step)));
    m_headline->setText(tr("%1 &middot; test accuracy: dense %2, MoE %3 &middot; "
                           "FLOPs per sample: dense %4, MoE %5")
                            .arg(step, accuracy("dense.testAccuracy"), accuracy("moe.testAccuracy"),
                                 grouped(s.dense.cost.forwardFlopsPerSample),
                                 grouped(s.moe.cost.forwardFlopsPerSample)));
}

} // namespace moe::ui
