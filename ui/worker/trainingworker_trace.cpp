// TrainingWorker's "follow one input": both models' traces of the input the UI points at, and
// the last training batch's capacity drops for it, sent as a TraceSnapshot. Cheap (one forward
// pass of one row per model), so it is redone with every snapshot while a request stands.

#include "ui/worker/trainingworker.h"

namespace moe::ui {

void TrainingWorker::follow(const TraceRequest &request)
{
    m_trace = request;
    if (m_trace.active && m_moe)
        publishTrace();
}

void TrainingWorker::publishTrace()
{
    const Dataset &train = m_data.train, &test = m_data.test;
    const DataPoints &points = m_state.points;
    const int samples = int(train.size() + test.size());
    TraceSnapshot t;
    t.request = m_trace;
    t.run = m_state.run;
    t.step = m_state.step;
    t.regression = !train.isClassification();
    RowVector x;
    QVector<float> raw;
    if (m_trace.sample >= 0 && m_trace.sample < samples) {
        const bool isTest = m_trace.sample >= train.size();
        const Index row = isTest ? m_trace.sample - train.size() : m_trace.sample;
        const Dataset &part = isTest ? test : train;
        x = part.features.row(row);
        t.testSample = isTest;
        t.label = part.isClassification() ? part.labels[std::size_t(row)] : -1;
        t.drawnAt = isTest ? points.test.value(qsizetype(row)) : points.train.value(qsizetype(row));
        // The values the user knows the sample by: back from the standardised ones.
        const RowVector unscaled = m_scaler.isFitted()
            ? RowVector(x.cwiseProduct(m_scaler.scale()) + m_scaler.mean())
            : x;
        for (Index c = 0; c < unscaled.size(); ++c)
            raw.append(unscaled[c]);
        if (!isTest) {
            const LastBatch &last = m_moe->lastBatch();
            t.inLastBatch = last.contains(row);
            t.dropped = last.droppedFor(row);
        }
    } else if (m_trace.sample < 0 && m_state.twoDimensional) {
        Matrix point(1, 2);
        point << float(m_trace.point.x()), float(m_trace.point.y());
        raw = {point(0, 0), point(0, 1)};
        if (m_scaler.isFitted())
            m_scaler.apply(point);
        x = point.row(0);
        t.drawnAt = m_trace.point;
    } else {
        return; // a sample of data that has since changed, or a plane point of n-D data
    }
    QStringList values;
    for (float v : raw)
        values.append(QString::number(double(v), 'g', 3));
    t.inputText = QLatin1Char('(') + values.join(QStringLiteral(", ")) + QLatin1Char(')');
    const bool classification = train.isClassification();
    t.moe = traceInput(m_moe->model(), x, classification);
    t.dense = traceInput(m_dense->model(), x, classification);
    t.lastBatchStep = m_moe->lastBatch().step;
    t.capacity = m_moe->lastBatch().capacity;
    t.expertChoice = m_moe->model().config().moe.router == RouterKind::ExpertChoice;
    emit traceReady(t);
}

} // namespace moe::ui
