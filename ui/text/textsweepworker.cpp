#include "ui/text/textsweepworker.h"

#include "core/base/error.h"
#include "core/base/parallel.h"
#include "datasets/text/preparedtext.h"

namespace moe::ui {

TextSweepWorker::TextSweepWorker(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<moe::TextExperiment>("moe::TextExperiment");
    qRegisterMetaType<moe::ui::TextSweepRun>("moe::ui::TextSweepRun");
}

void TextSweepWorker::run(const TextExperiment &e, int stepsPerRun, int threads)
{
    setThreadCount(std::max(1, threads));
    datasets::PreparedText text;
    std::vector<TextModelConfig> grid;
    try {
        e.validate();
        const auto progress = [this](double, const std::string &) {
            if (m_cancel.load())
                throw Cancelled("sweep cancelled");
        };
        text = datasets::prepareText(e.corpus, textDataDirectory(e.corpus), e.seed, e.tokenizer,
                                     e.vocab, e.model.context, progress);
        grid = textSweepGrid(e, text.tokenizer->vocabSize());
    } catch (const Cancelled &) {
        emit finished(true, QString());
        return;
    } catch (const std::exception &error) {
        emit finished(false, QString::fromStdString(error.what()));
        return;
    }
    const int total = int(grid.size());
    emit started(total);
    const auto cancelled = [this] { return m_cancel.load(); };
    for (int i = 0; i < total; ++i) {
        std::optional<TextSweepRun> run;
        try {
            run = trainTextRun(grid[std::size_t(i)], e, text, stepsPerRun, cancelled);
        } catch (const std::exception &error) { // a grid point the text cannot take
            emit finished(false, QString::fromStdString(error.what()));
            return;
        }
        if (!run)
            break;
        emit runFinished(*run);
        emit progress(i + 1, total);
    }
    emit finished(m_cancel.load(), QString());
}

} // namespace moe::ui
