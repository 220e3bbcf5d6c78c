#include "app/gui/measureprobe.h"

#include "ui/controls/textcontrolpanel.h"
#include "ui/text/textarenaviews.h"
#include "ui/window/textarena.h"

#include <QApplication>
#include <QKeyEvent>
#include <QPlainTextEdit>
#include <algorithm>
#include <cstdio>

namespace moe::gui {

using moe::ui::MainWindow;

void MeasureProbe::start(MainWindow &window, double seconds)
{
    m_probe.setInterval(5);
    QObject::connect(&m_probe, &QTimer::timeout, [this] {
        const qint64 gap = m_sinceTick.restart();
        if (!m_phase.isEmpty()) {
            if (m_phaseStalls.isEmpty() || m_phaseStalls.back().first != m_phase)
                m_phaseStalls.append({m_phase, 0});
            m_phaseStalls.back().second = std::max(m_phaseStalls.back().second, gap - 5);
        } else if (m_sinceStart.elapsed() > 1000) { // after the first second (start-up, maps)
            m_longestStall = std::max(m_longestStall, gap - 5);
        }
    });
    QObject::connect(&window, &MainWindow::snapshotShown, [this, &window] {
        if (m_sinceStart.elapsed() > 1000)
            ++m_repaints;
        if (window.arena() == MainWindow::Arena::Text)
            noteBigram(window.textArena()->latest());
    });
    QTimer::singleShot(int(seconds * 1000), &window, [this, &window, seconds] {
        if (window.arena() == MainWindow::Arena::Text) {
            printText(window.textArena()->latest(), seconds);
            interact(window);
            return;
        }
        const moe::ui::ArenaSnapshot &s = window.latest();
        std::printf("%s: %lld steps in %.0f s, %.0f steps/s, %.1f view refreshes/s, longest "
                    "UI-thread stall %lld ms, maps %dx%d in %.0f ms\n",
                    qPrintable(s.moe.title), (long long)s.step, seconds, s.stepsPerSecond,
                    m_repaints / (seconds - 1.0), (long long)m_longestStall, s.mapResolution,
                    s.mapResolution, s.mapMs);
        QApplication::exit(0);
    });
    m_sinceStart.start();
    m_sinceTick.start();
    m_probe.start();
}

// The Text arena: when each model's validation loss first went below the bigram level.
void MeasureProbe::noteBigram(const moe::ui::TextSnapshot &s)
{
    const auto below = [&s](const QVector<QPointF> &curve) {
        return !curve.isEmpty() && s.bigramBits > 0 && curve.back().y() < s.bigramBits;
    };
    if (m_moeBelow < 0 && below(s.moe.validationBits))
        m_moeBelow = m_sinceStart.elapsed();
    if (m_denseBelow < 0 && below(s.dense.validationBits))
        m_denseBelow = m_sinceStart.elapsed();
}

void MeasureProbe::interact(MainWindow &window)
{
    using moe::ui::TextArena;
    TextArena *text = window.textArena();
    const auto at = [&window](double seconds, auto action) {
        QTimer::singleShot(int(seconds * 1000), &window, action);
    };
    const auto phase = [this](const char *name) { m_phase = QString::fromLatin1(name); };
    const auto withExperts = [text](int experts) {
        moe::TextExperiment e = text->controls()->config();
        e.model.moe.experts = experts;
        text->controls()->apply(e);
    };
    phase("switching to the 2-D arena and back");
    window.showArena(MainWindow::Arena::TwoD);
    at(1.5, [&window] { window.showArena(MainWindow::Arena::Text); });
    const int experts = text->controls()->config().model.moe.experts;
    const int other = experts == 16 ? 8 : 16;
    at(3.0, [this, withExperts, experts, other] {
        m_phase = QStringLiteral("E %1 to %2 and back (new models)").arg(experts).arg(other);
        withExperts(other);
    });
    at(5.0, [withExperts, experts] { withExperts(experts); });
    at(6.5, [phase, text] {
        phase("a live change (learning rate)");
        moe::TextExperiment e = text->controls()->config();
        e.training.learningRate *= 0.5f;
        text->controls()->apply(e);
    });
    at(7.5, [phase, text] {
        phase("typing a sentence into the passage");
        text->views()->passageEditor()->setFocus();
        text->views()->passageEditor()->clear();
    });
    const QString sentence = QStringLiteral("To be, or not to be: that is the question.");
    for (qsizetype i = 0; i < sentence.size(); ++i)
        at(7.6 + 0.07 * double(i), [text, c = sentence[i]] {
            QWidget *editor = text->views()->passageEditor();
            const auto key = Qt::Key(c.toUpper().unicode());
            QCoreApplication::postEvent(
                editor, new QKeyEvent(QEvent::KeyPress, key, Qt::NoModifier, QString(c)));
            QCoreApplication::postEvent(
                editor, new QKeyEvent(QEvent::KeyRelease, key, Qt::NoModifier, QString(c)));
        });
    at(12.0, [this] {
        printInteractions();
        QApplication::exit(0);
    });
}

void MeasureProbe::printInteractions() const
{
    for (const auto &[name, stall] : m_phaseStalls)
        std::printf("  while %s: longest UI-thread stall %lld ms\n", qPrintable(name),
                    (long long)stall);
}

void MeasureProbe::printText(const moe::ui::TextSnapshot &s, double seconds) const
{
    const auto last
        = [](const QVector<QPointF> &curve) { return curve.isEmpty() ? -1.0 : curve.back().y(); };
    const auto when = [](qint64 ms) {
        return ms < 0 ? QStringLiteral("not yet")
                      : QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
    };
    std::printf("%s: %lld steps in %.0f s, %.0f steps/s, %.1f view refreshes/s, longest "
                "UI-thread stall %lld ms; validation %.3f bits/char MoE, %.3f dense (bigram "
                "%.3f, unigram %.3f); below the bigram level after %s (MoE), %s (dense)\n",
                qPrintable(s.moe.title), (long long)s.step, seconds, s.stepsPerSecond,
                m_repaints / (seconds - 1.0), (long long)m_longestStall, last(s.moe.validationBits),
                last(s.dense.validationBits), s.bigramBits, s.unigramBits,
                qPrintable(when(m_moeBelow)), qPrintable(when(m_denseBelow)));
}

} // namespace moe::gui
